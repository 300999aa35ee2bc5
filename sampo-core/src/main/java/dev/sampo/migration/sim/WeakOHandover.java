package dev.sampo.migration.sim;

import dev.sampo.migration.nf.Packet;
import dev.sampo.migration.nf.SessionState;

/**
 * Weak-O: the source exports the session's state (its critical part first: the subflow mappings)
 * and from then on streams every packet it processes to the destination as an update; once the
 * destination holds the state the controller arms the reroute, and the switch flips the session at
 * the first cohesive-subsequence boundary past the guard time. Nothing is buffered or dropped:
 * packets in flight to the source are still processed there and synchronised eventually.
 */
final class WeakOHandover extends Handover {
    private final FifoChannel peer;
    private boolean streaming;
    private boolean armed;
    private boolean flipped;
    private boolean finishing;

    WeakOHandover(Fabric fabric, int session) {
        super(fabric, session);
        this.peer = new FifoChannel(fabric.loop);
    }

    @Override
    void start() {
        log.startMicros = fabric.now();
        fabric.after(fabric.controlDelay, () -> {
            SessionState snapshot = fabric.source.export(session);
            streaming = true;
            peer.send(fabric.transfer, () -> {
                fabric.destination.importState(session, snapshot);
                fabric.after(fabric.controlDelay, this::armReroute);
            });
        });
    }

    private void armReroute() {
        log.rerouteCommandMicros = fabric.now();
        fabric.after(fabric.rerouteLatency(), () -> armed = true);
    }

    @Override
    void atSwitch(Packet p, CohesionTracker cohesion) {
        if (armed && !flipped && cohesion.atBoundary(fabric.now(), SimSettings.micros(fabric.settings.weakOGuardMs()))) {
            flipped = true;
            log.switchedMicros = fabric.now();
            finishWhenDrained();
        }
        if (flipped) {
            fabric.after(fabric.dstDelay, () -> fabric.processAtDestination(p));
            return;
        }
        fabric.toSource(p);
    }

    @Override
    void processedAtSource(Packet p) {
        if (streaming) {
            peer.send(fabric.peerDelay, () -> fabric.destination.applyUpdate(p));
        }
        finishWhenDrained();
    }

    /** Once the source has nothing in flight, the last update it streamed ends the migration. */
    private void finishWhenDrained() {
        if (flipped && fabric.inFlightToSource(session) == 0 && !finishing) {
            finishing = true;
            peer.send(0, () -> {
                fabric.source.drop(session);
                finish();
            });
        }
    }
}
