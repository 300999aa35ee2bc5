package dev.sampo.migration.sim;

import dev.sampo.migration.handover.ControllerQueue;
import dev.sampo.migration.handover.DestinationBuffers;
import dev.sampo.migration.nf.Packet;
import dev.sampo.migration.nf.SessionState;

/**
 * Loss-free, order-preserving handover by buffering. Phase 1: the switch sends the session to the
 * controller, which buffers it in FIFO order; a START message down the source path follows the
 * packets in flight there, and the source then exports its state peer to peer. Phase 2: the
 * controller releases its buffer, marked, into the destination's {@code ctrl_buff}, points the rule
 * at the destination (new packets go into {@code sw_buff}) and, once the switch confirms, sends the
 * end-of-release sentinel. Phase 3: with the state imported, the destination processes
 * {@code ctrl_buff} up to the sentinel, then {@code sw_buff}, then packets as they come.
 *
 * <p>SHarP releases as soon as both instances acknowledged START, so the controller holds packets
 * for a few control round trips and the destination for the state transfer. OpenNF's loss-free move
 * ({@code controllerBuffers}) releases only once the state is in, so the controller holds them all.
 */
final class BufferedHandover extends Handover {
    private enum Rule { SOURCE, CONTROLLER, DESTINATION }

    private final boolean controllerBuffers;
    private final FifoChannel controllerToDestination;
    private final ControllerQueue atController;
    private final DestinationBuffers atDestination;
    private Rule rule = Rule.SOURCE;
    private int acks;

    BufferedHandover(Fabric fabric, int session, boolean controllerBuffers) {
        super(fabric, session);
        this.controllerBuffers = controllerBuffers;
        this.controllerToDestination = new FifoChannel(fabric.loop);
        this.atController = new ControllerQueue(fabric.controllerBuffer, this::forwardToDestination);
        this.atDestination = new DestinationBuffers(fabric.nfBuffer, fabric::processAtDestination, this::finish);
    }

    @Override
    void start() {
        log.startMicros = fabric.now();
        fabric.after(fabric.rerouteLatency(), () -> {
            rule = Rule.CONTROLLER;
            fabric.after(fabric.controlDelay, this::controllerSawDetectionRule);
        });
    }

    private void controllerSawDetectionRule() {
        // START_SRC goes out through the switch, down the source path, behind the packets in flight there.
        fabric.after(fabric.controlDelay + fabric.srcDelay, this::sourceStarts);
        fabric.after(fabric.controlDelay, () -> fabric.after(fabric.controlDelay, this::acknowledged));
    }

    private void sourceStarts() {
        SessionState state = fabric.source.export(session);
        fabric.source.drop(session);
        fabric.after(fabric.transfer, () -> {
            fabric.destination.importState(session, state);
            atDestination.imported();
            if (controllerBuffers) {
                fabric.after(fabric.controlDelay, this::release);
            }
        });
        fabric.after(fabric.controlDelay, this::acknowledged);
    }

    private void acknowledged() {
        if (++acks == 2 && !controllerBuffers) {
            release();
        }
    }

    private void release() {
        atController.release();
        log.rerouteCommandMicros = fabric.now();
        fabric.after(fabric.rerouteLatency(), () -> {
            rule = Rule.DESTINATION;
            log.switchedMicros = fabric.now();
            // The switch's confirmation reaches the controller behind every packet it sent there.
            fabric.after(fabric.controlDelay, () -> controllerToDestination.send(fabric.controlDelay,
                    atDestination::sentinel));
        });
    }

    @Override
    void atSwitch(Packet p) {
        switch (rule) {
            case SOURCE -> fabric.toSource(p);
            case CONTROLLER -> fabric.after(fabric.controlDelay, () -> atController.arrive(p));
            case DESTINATION -> fabric.after(fabric.dstDelay, () -> atDestination.fromSwitch(p));
        }
    }

    private void forwardToDestination(Packet p) {
        controllerToDestination.send(fabric.controlDelay, () -> atDestination.fromController(p));
    }
}
