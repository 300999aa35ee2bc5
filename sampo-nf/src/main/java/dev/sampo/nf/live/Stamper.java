package dev.sampo.nf.live;

import dev.sampo.flow.SubflowId;
import dev.sampo.migration.nf.Packet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The switch's view of sessions: each session key (the steering table's session id, or a subflow
 * id while its subflow has no entry) gets a number, and each packet of it its position in the
 * session (the ideal order), its subflow's number within the session and its position in that
 * subflow. Every stamped packet is kept, per session, for the single-instance reference: memory
 * grows with the capture replayed, which is finite.
 */
final class Stamper {
    private final Map<String, Integer> numbers = new HashMap<>();
    private final List<String> keys = new ArrayList<>();
    private final List<List<Packet>> sent = new ArrayList<>();
    private final List<Map<SubflowId, int[]>> subflows = new ArrayList<>();

    int session(String key) {
        return numbers.computeIfAbsent(key, k -> {
            keys.add(k);
            sent.add(new ArrayList<>());
            subflows.add(new HashMap<>());
            return keys.size() - 1;
        });
    }

    Packet stamp(int session, SubflowId subflow, int bytes, long nowMicros) {
        Map<SubflowId, int[]> ofSession = subflows.get(session);
        int[] counters = ofSession.computeIfAbsent(subflow, k -> new int[] {ofSession.size(), 0});
        List<Packet> packets = sent.get(session);
        Packet p = new Packet(session, packets.size(), counters[0], counters[1]++, bytes, nowMicros);
        packets.add(p);
        return p;
    }

    String key(int session) {
        return keys.get(session);
    }

    int sessions() {
        return keys.size();
    }

    /** The session's packets in the order the switch saw them. */
    List<Packet> sent(int session) {
        return sent.get(session);
    }
}
