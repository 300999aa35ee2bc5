package dev.sampo.migration.sim;

import dev.sampo.migration.nf.Packet;
import dev.sampo.migration.nf.SessionState;

/**
 * Weak-O: the source exports the session's state and from then on streams every packet it
 * processes to the destination as an update (R2, eventual synchronisation); once the destination
 * holds the snapshot, and with it the subflow mappings (R1: the critical state first; shipping the
 * counters in the same snapshot is conservative), the controller arms the reroute, and the switch flips the session at
 * the first cohesive-subsequence boundary past the guard time. Nothing is buffered or dropped:
 * packets in flight to the source are still processed there and synchronised eventually.
 */
final class WeakOHandover extends Handover {
    private final FifoChannel peer;
    private final long guard;
    private boolean streaming;
    private boolean armed;
    private boolean flipped;
    private boolean finishing;

    WeakOHandover(Fabric fabric, int session) {
        super(fabric, session);
        this.peer = new FifoChannel(fabric.loop);
        this.guard = SimSettings.micros(fabric.settings.weakOGuardMs());
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
        fabric.after(fabric.rerouteLatency(), () -> {
            armed = true;
            flipAtBoundary();
        });
    }

    /** The armed rule takes effect at the first instant the session is at a boundary, packet or not. */
    private void flipAtBoundary() {
        if (armed && !flipped && fabric.cohesion[session].atBoundary(fabric.now(), guard)) {
            flipped = true;
            log.switchedMicros = fabric.now();
            finishWhenDrained();
        }
    }

    @Override
    void atSwitch(Packet p) {
        flipAtBoundary();
        if (armed && !flipped && p.cohesive()) {
            // Even if this handshake packet is the session's last, the boundary comes one guard time later.
            fabric.after(guard, this::flipAtBoundary);
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
