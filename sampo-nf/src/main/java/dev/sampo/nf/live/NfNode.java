package dev.sampo.nf.live;

import dev.sampo.migration.handover.BufferGauge;
import dev.sampo.migration.handover.DestinationBuffers;
import dev.sampo.migration.handover.ReplaySequencer;
import dev.sampo.migration.handover.ReplaySequencer.Arrival;
import dev.sampo.migration.nf.NfInstance;
import dev.sampo.migration.nf.Packet;
import dev.sampo.migration.nf.SessionState;
import dev.sampo.migration.plan.MigrationProtocol;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One NF instance's side of the handovers, fed its input messages in order; no transport, no
 * clock. As a source it exports on START (SHarP: and keeps the export parked until STOP, so an
 * abort can put it back), streams what it processes to the destination (Weak-O: as updates;
 * reprocessing: as copies) until STOP, then says END. As a destination it runs the rules of
 * {@code migration.handover}: SHarP's buffers up to the sentinel, reprocessing's replay in sequence
 * order; under Weak-O it processes packets as they come on the imported state plus the updates.
 */
final class NfNode {
    /** Where a node's effects go. */
    interface Link {
        void applied(int session, Packet p, boolean output, boolean hadCriticalState);

        void send(String instance, Message m);

        void ack(Ack.Kind kind, int session);
    }

    /** A session this node hands over. */
    private static final class Outgoing {
        final long id;
        final String to;
        final MigrationProtocol protocol;
        SessionState parked;
        long copiesSent;

        Outgoing(long id, String to, MigrationProtocol protocol) {
            this.id = id;
            this.to = to;
            this.protocol = protocol;
        }
    }

    /** A session this node takes over. */
    private static final class Incoming {
        long id;
        MigrationProtocol protocol;
        DestinationBuffers buffers;
        ReplaySequencer sequencer;
        long copiesExpected = -1;
    }

    private final NfInstance instance;
    private final Link link;
    private final BufferGauge buffered = new BufferGauge();
    private final Map<Integer, Outgoing> outgoing = new HashMap<>();
    private final Map<Integer, Incoming> incoming = new HashMap<>();
    /** Handovers given up: what still comes of them (a state, copies, updates) is dropped. */
    private final Set<Long> abandoned = new HashSet<>();

    NfNode(String name, Link link) {
        this.instance = new NfInstance(name);
        this.link = link;
    }

    void handle(Message m) {
        int s = m.session();
        if (m.kind() != Message.Kind.PACKET && abandoned.contains(m.handover())) {
            return;
        }
        switch (m.kind()) {
            case PACKET -> packet(m.packet());
            case RELEASED -> incoming(s, m.handover(), MigrationProtocol.SHARP).buffers.fromController(m.packet());
            case UPDATE -> instance.applyUpdate(m.packet());
            case COPY -> replay(s, new Arrival(m.packet(), false));
            case START -> start(s, m);
            case PREPARE -> {
                incoming(s, m.handover(), MigrationProtocol.SHARP);
                link.ack(Ack.Kind.STARTED, s);
            }
            case STATE -> imported(s, m);
            case SENTINEL -> incoming(s, m.handover(), MigrationProtocol.SHARP).buffers.sentinel();
            case STOP -> stop(s);
            case END -> end(s, m.count());
            case ABORT -> abort(s, m.handover());
            case CAPACITY, FINISH -> throw new IllegalArgumentException(m.kind() + " is for the process, not the node");
        }
    }

    /** Sessions whose state this node holds (not parked exports). */
    Map<Integer, SessionState> held() {
        Map<Integer, SessionState> out = new HashMap<>();
        for (int s : instance.sessions()) {
            out.put(s, instance.state(s));
        }
        return out;
    }

    /** Packets waiting in a destination buffer. */
    long buffered() {
        return buffered.held();
    }

    private void packet(Packet p) {
        Incoming in = incoming.get(p.session());
        if (in != null && in.protocol == MigrationProtocol.SHARP) {
            in.buffers.fromSwitch(p);
        } else if (in != null && in.protocol == MigrationProtocol.REPROCESS) {
            replay(p.session(), new Arrival(p, true));
        } else {
            process(p, true);
            Outgoing out = outgoing.get(p.session());
            if (out != null && out.protocol == MigrationProtocol.WEAK_O) {
                link.send(out.to, Message.packet(Message.Kind.UPDATE, out.id, p));
            } else if (out != null && out.protocol == MigrationProtocol.REPROCESS) {
                out.copiesSent++;
                link.send(out.to, Message.packet(Message.Kind.COPY, out.id, p));
            }
        }
    }

    private void process(Packet p, boolean output) {
        link.applied(p.session(), p, output, instance.process(p));
    }

    private void start(int s, Message m) {
        Outgoing out = new Outgoing(m.handover(), m.peer(), m.protocol());
        SessionState export = instance.export(s);
        if (m.protocol() == MigrationProtocol.SHARP) {
            // Nothing processes the session until the destination has it; the export waits here for an abort.
            out.parked = export;
            instance.drop(s);
        }
        outgoing.put(s, out);
        link.send(m.peer(), new Message(Message.Kind.STATE, out.id, s, null, export.snapshot(), null, m.protocol(),
                0));
        link.ack(Ack.Kind.STARTED, s);
    }

    private void imported(int s, Message m) {
        SessionState state = SessionState.of(m.state());
        instance.importState(s, state);
        Incoming in = incoming(s, m.handover(), m.protocol());
        if (in.protocol == MigrationProtocol.SHARP) {
            in.buffers.imported();
        } else if (in.protocol == MigrationProtocol.REPROCESS) {
            in.sequencer = new ReplaySequencer(state.packets(), buffered, a -> process(a.packet(), a.real()));
        }
        link.ack(Ack.Kind.IMPORTED, s);
    }

    private void replay(int s, Arrival a) {
        Incoming in = incoming.get(s);
        in.sequencer.arrive(a);
        completeIfCaughtUp(s, in);
    }

    private void stop(int s) {
        Outgoing out = outgoing.remove(s);
        if (out == null) {
            return;
        }
        if (out.protocol != MigrationProtocol.SHARP) {
            instance.drop(s);
            link.send(out.to, new Message(Message.Kind.END, out.id, s, null, null, null, out.protocol,
                    out.copiesSent));
        }
    }

    private void end(int s, long copies) {
        Incoming in = incoming.get(s);
        if (in == null) {
            return;
        }
        in.copiesExpected = copies;
        completeIfCaughtUp(s, in);
    }

    /** Weak-O is complete at END (the last update is in); reprocessing once every copy is replayed too. */
    private void completeIfCaughtUp(int s, Incoming in) {
        boolean caughtUp = in.copiesExpected >= 0
                && (in.sequencer == null || in.sequencer.copiesApplied() == in.copiesExpected);
        if (caughtUp) {
            incoming.remove(s);
            link.ack(Ack.Kind.COMPLETED, s);
        }
    }

    /** As the source: keep the session, or take the parked export back; as the destination: forget it. */
    private void abort(int s, long handover) {
        abandoned.add(handover);
        Outgoing out = outgoing.get(s);
        if (out != null && out.id == handover) {
            outgoing.remove(s);
            if (out.parked != null) {
                instance.importState(s, out.parked);
            }
        }
        Incoming in = incoming.get(s);
        if (in != null && in.id == handover) {
            incoming.remove(s);
            instance.drop(s);
        }
    }

    private Incoming incoming(int s, long handover, MigrationProtocol protocol) {
        return incoming.computeIfAbsent(s, k -> {
            Incoming in = new Incoming();
            in.id = handover;
            in.protocol = protocol;
            if (protocol == MigrationProtocol.SHARP) {
                in.buffers = new DestinationBuffers(buffered, p -> process(p, true), () -> {
                    incoming.remove(s);
                    link.ack(Ack.Kind.COMPLETED, s);
                });
            }
            return in;
        });
    }
}
