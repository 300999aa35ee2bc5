package dev.sampo.migration.sim;

import dev.sampo.migration.nf.Packet;
import dev.sampo.migration.plan.MigrationProtocol;

/**
 * One session's migration from the source to the destination under one protocol. From
 * {@link #start} on it owns the session's switch rule: every packet of the session, of any
 * subflow, including subflows that join mid-migration, goes where the handover's current rule says.
 */
abstract class Handover {
    final Fabric fabric;
    final int session;
    final MigrationLog log;

    Handover(Fabric fabric, int session) {
        this.fabric = fabric;
        this.session = session;
        this.log = new MigrationLog(session);
    }

    static Handover of(MigrationProtocol protocol, Fabric fabric, int session) {
        return switch (protocol) {
            case WEAK_O -> new WeakOHandover(fabric, session);
            case SHARP -> new BufferedHandover(fabric, session, false);
            case CONTROLLER_BUFFER -> new BufferedHandover(fabric, session, true);
            case REPROCESS -> new ReprocessHandover(fabric, session);
        };
    }

    /** The controller decides to move the session now. */
    abstract void start();

    /** A packet of the session reaches the switch (whose view of the session's handshakes does not include it yet). */
    abstract void atSwitch(Packet p);

    /** The source processed a packet of the session (Weak-O streams it, reprocessing copies it). */
    void processedAtSource(Packet p) {
    }

    void finish() {
        log.endMicros = fabric.now();
    }
}
