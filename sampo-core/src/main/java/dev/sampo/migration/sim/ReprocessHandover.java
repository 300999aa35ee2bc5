package dev.sampo.migration.sim;

import dev.sampo.migration.handover.ControllerQueue;
import dev.sampo.migration.handover.ReplaySequencer;
import dev.sampo.migration.handover.ReplaySequencer.Arrival;
import dev.sampo.migration.nf.Packet;
import dev.sampo.migration.nf.SessionState;

/**
 * Reprocessing (Gember-Jacobson and Akella): the source exports a snapshot and keeps processing
 * and producing output, copying every packet it processes after the snapshot to the controller.
 * Once the destination has imported the snapshot, the controller replays the copies to it with
 * output suppressed, forwards later copies as they come, and points the rule at the destination.
 * The destination applies copies and real packets in the switch's sequence order, so a real packet
 * waits only for the few copies still on their way; the source keeps its state until the
 * destination has caught up.
 */
final class ReprocessHandover extends Handover {
    private final FifoChannel controllerToDestination;
    private final ControllerQueue copiesAtController;
    /** At the destination, from the snapshot on: packets applied in sequence order, copy or real. */
    private ReplaySequencer atDestination;
    private boolean copying;
    private boolean toDestination;
    private long copiesSent;

    ReprocessHandover(Fabric fabric, int session) {
        super(fabric, session);
        this.controllerToDestination = new FifoChannel(fabric.loop);
        this.copiesAtController = new ControllerQueue(fabric.controllerBuffer, this::forwardCopy);
    }

    @Override
    void start() {
        log.startMicros = fabric.now();
        fabric.after(fabric.controlDelay, () -> {
            SessionState snapshot = fabric.source.export(session);
            // The source has processed exactly the session's first packets, in switch order.
            atDestination = new ReplaySequencer(snapshot.packets(), fabric.nfBuffer, this::apply);
            copying = true;
            fabric.after(fabric.transfer, () -> {
                fabric.destination.importState(session, snapshot);
                fabric.after(fabric.controlDelay, this::replay);
            });
        });
    }

    private void replay() {
        copiesAtController.release();
        log.rerouteCommandMicros = fabric.now();
        fabric.after(fabric.rerouteLatency(), () -> {
            toDestination = true;
            log.switchedMicros = fabric.now();
            finishIfCaughtUp();
        });
    }

    @Override
    void atSwitch(Packet p) {
        if (toDestination) {
            fabric.after(fabric.dstDelay, () -> arrive(new Arrival(p, true)));
            return;
        }
        fabric.toSource(p);
    }

    @Override
    void processedAtSource(Packet p) {
        if (copying) {
            copiesSent++;
            fabric.after(fabric.controlDelay, () -> copiesAtController.arrive(p));
        }
    }

    private void forwardCopy(Packet p) {
        controllerToDestination.send(fabric.controlDelay, () -> arrive(new Arrival(p, false)));
    }

    private void arrive(Arrival a) {
        atDestination.arrive(a);
        finishIfCaughtUp();
    }

    private void apply(Arrival a) {
        if (a.real()) {
            fabric.processAtDestination(a.packet());
        } else {
            fabric.replayAtDestination(a.packet());
        }
    }

    /** Complete once the switch points at the destination and every packet the source took is replayed. */
    private void finishIfCaughtUp() {
        if (toDestination && !log.completed() && fabric.inFlightToSource(session) == 0
                && atDestination.copiesApplied() == copiesSent) {
            fabric.source.drop(session);
            finish();
        }
    }
}
