package dev.sampo.nf.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.migration.handover.BufferGauge;
import dev.sampo.migration.handover.CohesionTracker;
import dev.sampo.migration.nf.Packet;
import dev.sampo.migration.nf.SessionState;
import dev.sampo.migration.plan.MigrationProtocol;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The live runtime's two sides of a handover ({@link SwitchHandover} at the steering point,
 * {@link NfNode} at the instances) without transport: each instance's input is a FIFO, as its
 * single-partition topic is, and delivery interleaves the instances one message at a time. Every
 * protocol ends with each packet output once, the destination holding the session as a single
 * instance would, and the source holding nothing; an abort leaves it whole on the source.
 */
class HandoverRulesTest {
    private static final int SESSION = 0;

    /** Two instances whose inputs are queues, and what they output. */
    private static final class Pair implements SwitchHandover.Wire {
        final Map<String, Deque<Message>> inputs = Map.of("a", new ArrayDeque<>(), "b", new ArrayDeque<>());
        final Map<String, List<Packet>> outputs = Map.of("a", new ArrayList<>(), "b", new ArrayList<>());
        final List<Ack> acks = new ArrayList<>();
        final Map<String, NfNode> nodes = new HashMap<>();

        Pair() {
            for (String name : List.of("a", "b")) {
                nodes.put(name, new NfNode(name, new NfNode.Link() {
                    @Override
                    public void applied(int session, Packet p, boolean output, boolean hadCriticalState) {
                        assertTrue(hadCriticalState, name + " lacked the mapping of " + p);
                        if (output) {
                            outputs.get(name).add(p);
                        }
                    }

                    @Override
                    public void send(String instance, Message m) {
                        Pair.this.send(instance, m);
                    }

                    @Override
                    public void ack(Ack.Kind kind, int session) {
                        acks.add(new Ack(kind, name, session));
                    }
                }));
            }
        }

        @Override
        public void send(String instance, Message m) {
            inputs.get(instance).add(m);
        }

        /** One message of each instance in turn, the acks to the handover as they come, until all is quiet. */
        void deliver(SwitchHandover h, CohesionTracker cohesion, long nowMicros) {
            while (!inputs.get("a").isEmpty() || !inputs.get("b").isEmpty() || !acks.isEmpty()) {
                for (String name : List.of("a", "b")) {
                    Message m = inputs.get(name).poll();
                    if (m != null) {
                        nodes.get(name).handle(m);
                    }
                }
                List<Ack> now = List.copyOf(acks);
                acks.clear();
                now.forEach(a -> h.ack(a, nowMicros, cohesion));
            }
        }
    }

    /** Two subflows, handshakes first; 30 packets. */
    private static List<Packet> packets() {
        List<Packet> out = new ArrayList<>();
        int[] perSubflow = new int[2];
        for (int i = 0; i < 30; i++) {
            int subflow = i < 3 ? 0 : i < 6 ? 1 : i % 2;
            out.add(new Packet(SESSION, i, subflow, perSubflow[subflow]++, 100 + i, i));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = MigrationProtocol.class, names = {"SHARP", "REPROCESS", "WEAK_O"})
    void aSessionMovesWholeAndEndsAsASingleInstanceWouldHoldIt(MigrationProtocol protocol) {
        Pair pair = new Pair();
        List<Packet> packets = packets();
        CohesionTracker cohesion = new CohesionTracker();
        long now = 1_000_000;
        for (Packet p : packets.subList(0, 10)) {
            pair.send("a", Message.packet(Message.Kind.PACKET, -1, p));
            cohesion.saw(p, now);
        }
        SwitchHandover h = new SwitchHandover(7, SESSION, "a", "b", protocol, pair, new BufferGauge(), 0, now);
        for (Packet p : packets.subList(10, 20)) {
            h.atSwitch(p, now, cohesion); // in flight to a, or held, while the handover starts
            cohesion.saw(p, now);
        }
        pair.deliver(h, cohesion, now);
        for (Packet p : packets.subList(20, 30)) {
            h.atSwitch(p, now, cohesion);
            pair.deliver(h, cohesion, now);
        }
        assertEquals(SwitchHandover.Phase.COMPLETED, h.phase());
        List<Packet> all = new ArrayList<>(pair.outputs.get("a"));
        all.addAll(pair.outputs.get("b"));
        assertEquals(30, all.size(), "each packet output once");
        assertEquals(30, all.stream().map(Packet::seq).distinct().count());
        assertFalse(pair.outputs.get("b").isEmpty(), "the destination took over");
        assertTrue(pair.nodes.get("a").held().isEmpty(), "the source forgot the session");
        SessionState held = pair.nodes.get("b").held().get(SESSION);
        assertTrue(held.sameAs(SessionState.fold(packets), LiveVerdict.kindFor(protocol)), held.toString());
        if (protocol != MigrationProtocol.WEAK_O) {
            long lastAtSource = pair.outputs.get("a").stream().mapToLong(Packet::seq).max().orElse(-1);
            assertTrue(pair.outputs.get("b").stream().allMatch(p -> p.seq() > lastAtSource), "no return to the source");
            assertEquals(packets.subList((int) lastAtSource + 1, 30), pair.outputs.get("b"), "in order");
        }
    }

    @Test
    void anAbortedSharpHandoverLeavesTheSessionWholeOnTheSourceAndNothingOnTheDestination() {
        Pair pair = new Pair();
        List<Packet> packets = packets();
        CohesionTracker cohesion = new CohesionTracker();
        packets.subList(0, 10).forEach(p -> pair.send("a", Message.packet(Message.Kind.PACKET, -1, p)));
        SwitchHandover h = new SwitchHandover(3, SESSION, "a", "b", MigrationProtocol.SHARP, pair, new BufferGauge(),
                0, 0);
        packets.subList(10, 20).forEach(p -> h.atSwitch(p, 0, cohesion));
        // The source exports and parks, the destination gets the state; the steering point hears nothing yet.
        for (int i = 0; i < 11; i++) {
            pair.nodes.get("a").handle(pair.inputs.get("a").poll());
        }
        pair.acks.clear();
        assertTrue(pair.nodes.get("a").held().isEmpty(), "SHarP: nothing processes the session while it moves");
        assertTrue(h.abort(1).endsWith("nothing lost"));
        packets.subList(20, 30).forEach(p -> h.atSwitch(p, 2, cohesion));
        pair.deliver(h, cohesion, 3);
        assertEquals(SwitchHandover.Phase.ABORTED, h.phase());
        assertEquals(packets, pair.outputs.get("a"), "every packet at the source, in order");
        assertTrue(pair.nodes.get("b").held().isEmpty(), "the destination dropped what it got");
        assertTrue(pair.nodes.get("a").held().get(SESSION).sameAs(SessionState.fold(packets),
                LiveVerdict.kindFor(MigrationProtocol.SHARP)));
    }
}
