package dev.sampo.nf.live;

import dev.sampo.migration.handover.BufferGauge;
import dev.sampo.migration.handover.CohesionTracker;
import dev.sampo.migration.handover.ControllerQueue;
import dev.sampo.migration.nf.Packet;
import dev.sampo.migration.plan.MigrationProtocol;

/**
 * The steering point's side of one session's handover, as switch and controller, under one
 * protocol; it owns the session's rule from {@link #start} on, so every subflow of the session
 * (one that joins meanwhile too) goes where the handover says.
 * <ul>
 *   <li>SHarP: PREPARE to the destination, START to the source behind the packets already sent
 *       it; the session's packets are held ({@link ControllerQueue}); once both acknowledged, the
 *       held packets are released, marked, to the destination, the rule points there and the
 *       sentinel follows; when the destination has drained its buffers, STOP lets the source
 *       forget its parked export.</li>
 *   <li>Reprocessing: START to the source, which keeps processing and copies to the destination;
 *       once the destination imported the snapshot, the rule points there and STOP follows the
 *       last packet sent to the source.</li>
 *   <li>Weak-O: START to the source, which streams updates; once the destination imported, the
 *       reroute is armed and the rule flips at the session's first cohesive boundary past the
 *       guard time ({@link CohesionTracker}); STOP follows.</li>
 * </ul>
 * An instance of the handover that dies or falls silent aborts it: ABORT to the source (which
 * keeps, or takes back, the session) and to the destination (which forgets it), and, before the
 * switch, the held packets to the source.
 */
final class SwitchHandover {
    /** Where the steering point's messages go. */
    interface Wire {
        void send(String instance, Message m);
    }

    enum Phase { STARTED, SWITCHED, COMPLETED, ABORTED }

    final long id;
    final int session;
    final String from;
    final String to;
    final MigrationProtocol protocol;
    private final Wire wire;
    private final ControllerQueue held;
    private final long guardMicros;
    private Phase phase = Phase.STARTED;
    private int started;
    private boolean armed;
    private long sentToDestination;
    final long startMicros;
    long switchedMicros = -1;
    long endMicros = -1;

    /** Starts it: the first messages go out at once. */
    SwitchHandover(long id, int session, String from, String to, MigrationProtocol protocol, Wire wire, BufferGauge controller,
            long guardMicros, long nowMicros) {
        this.guardMicros = guardMicros;
        this.id = id;
        this.session = session;
        this.from = from;
        this.to = to;
        this.protocol = protocol;
        this.wire = wire;
        this.held = new ControllerQueue(controller, this::release);
        this.startMicros = nowMicros;
        if (protocol == MigrationProtocol.SHARP) {
            wire.send(to, new Message(Message.Kind.PREPARE, id, session, null, null, from, protocol, 0));
        }
        wire.send(from, new Message(Message.Kind.START, id, session, null, null, to, protocol, 0));
    }

    Phase phase() {
        return phase;
    }

    boolean over() {
        return phase == Phase.COMPLETED || phase == Phase.ABORTED;
    }

    /** Routes one packet of the session. */
    void atSwitch(Packet p, long nowMicros, CohesionTracker cohesion) {
        tick(nowMicros, cohesion);
        if (phase == Phase.ABORTED) {
            wire.send(from, Message.packet(Message.Kind.PACKET, id, p));
        } else if (phase == Phase.STARTED && protocol == MigrationProtocol.SHARP) {
            held.arrive(p);
        } else if (phase == Phase.STARTED) {
            wire.send(from, Message.packet(Message.Kind.PACKET, id, p));
        } else {
            sentToDestination++;
            wire.send(to, Message.packet(Message.Kind.PACKET, id, p));
        }
    }

    /** Weak-O's armed rule takes effect at the first instant the session is at a boundary, packet or not. */
    void tick(long nowMicros, CohesionTracker cohesion) {
        if (armed && phase == Phase.STARTED && cohesion.atBoundary(nowMicros, guardMicros)) {
            switchTo(nowMicros);
        }
    }

    void ack(Ack a, long nowMicros, CohesionTracker cohesion) {
        if (over()) {
            return;
        }
        switch (a.kind()) {
            case STARTED -> {
                if (protocol == MigrationProtocol.SHARP && ++started == 2) {
                    switchedMicros = nowMicros;
                    phase = Phase.SWITCHED;
                    held.release();
                    wire.send(to, Message.of(Message.Kind.SENTINEL, id, session));
                }
            }
            case IMPORTED -> {
                if (protocol == MigrationProtocol.REPROCESS) {
                    switchTo(nowMicros);
                } else if (protocol == MigrationProtocol.WEAK_O) {
                    armed = true;
                    tick(nowMicros, cohesion);
                }
            }
            case COMPLETED -> {
                if (protocol == MigrationProtocol.SHARP) {
                    wire.send(from, Message.of(Message.Kind.STOP, id, session));
                }
                phase = Phase.COMPLETED;
                endMicros = nowMicros;
            }
        }
    }

    private void switchTo(long nowMicros) {
        phase = Phase.SWITCHED;
        switchedMicros = nowMicros;
        wire.send(from, Message.of(Message.Kind.STOP, id, session));
    }

    /**
     * Gives the handover up: the source keeps the session (SHarP: takes its export back), and what
     * the controller held goes to it. Returns what became of the session, for the record.
     */
    String abort(long nowMicros) {
        boolean switched = phase == Phase.SWITCHED;
        phase = Phase.ABORTED;
        endMicros = nowMicros;
        wire.send(from, Message.of(Message.Kind.ABORT, id, session));
        wire.send(to, Message.of(Message.Kind.ABORT, id, session));
        held.release();
        if (!switched) {
            return "the session is whole on " + from + ", nothing lost";
        }
        return "the session is whole on " + from + " from now on; the " + sentToDestination + " packet(s) sent to "
                + to + " after the switch are lost with it"
                + (protocol == MigrationProtocol.SHARP ? ", and " + from + " resumes from its export" : ", and so is its state");
    }

    private void release(Packet p) {
        if (phase == Phase.ABORTED) {
            wire.send(from, Message.packet(Message.Kind.PACKET, id, p));
        } else {
            sentToDestination++;
            wire.send(to, Message.packet(Message.Kind.RELEASED, id, p));
        }
    }
}
