package dev.sampo.migration.sim;

/** What happened to one session's migration, filled in by its handover as it goes; -1 while unknown. */
final class MigrationLog {
    final int session;
    long startMicros = -1;
    /** When the controller commanded the rule that sends the session to the destination. */
    long rerouteCommandMicros = -1;
    /** When the switch first sent the session's packets to the destination. */
    long switchedMicros = -1;
    long endMicros = -1;

    MigrationLog(int session) {
        this.session = session;
    }

    boolean completed() {
        return endMicros >= 0;
    }

    long rerouteMicros() {
        return switchedMicros - rerouteCommandMicros;
    }
}
