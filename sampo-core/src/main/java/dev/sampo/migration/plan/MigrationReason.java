package dev.sampo.migration.plan;

/** Why a session moves. */
public enum MigrationReason {
    /** Onto an instance that already runs, to relieve an overloaded one. */
    REBALANCE,
    /** Onto a newly spawned instance, because no running one had room. */
    SCALE_OUT,
    /** Off an instance being retired, because its sessions fit elsewhere. */
    SCALE_IN
}
