package dev.sampo.dashboard;

import dev.sampo.flow.SubflowId;
import dev.sampo.mptcp.MptcpOption;
import dev.sampo.packet.PacketRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest DSN mappings seen per subflow in {@code sampo.packets}, for the sequence plots: a ring
 * of {@code points} per subflow, at most {@code subflows} subflows (the least recently updated goes
 * first). Written by the packet reader's thread, read by the web server's.
 */
final class DsnTracks {
    /** One DSS mapping: when, its data sequence number, and whether it went from the lower endpoint. */
    record Point(long tsMicros, long dsn, boolean fromLower) {
    }

    private final int pointsPerSubflow;
    private final Map<SubflowId, Ring> tracks;

    DsnTracks(int subflows, int pointsPerSubflow) {
        this.pointsPerSubflow = pointsPerSubflow;
        this.tracks = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SubflowId, Ring> eldest) {
                return size() > subflows;
            }
        };
    }

    /** Keeps the DSN of each DSS mapping the packet carries; other packets leave no point. */
    void add(PacketRecord p) {
        for (MptcpOption o : p.mptcp()) {
            if (o instanceof MptcpOption.Dss dss && dss.dsn() != null) {
                SubflowId id = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
                boolean fromLower = id.direction(p.src(), p.sport()) == 0;
                synchronized (this) {
                    tracks.computeIfAbsent(id, k -> new Ring(pointsPerSubflow)).add(p.tsMicros(), dss.dsn(), fromLower);
                }
            }
        }
    }

    /** The points held for one subflow, oldest first; empty when none. */
    synchronized List<Point> points(SubflowId id) {
        Ring r = tracks.get(id);
        return r == null ? List.of() : r.points();
    }

    synchronized int subflows() {
        return tracks.size();
    }

    /** Primitive arrays: a boxed point per packet would cost several times the memory. */
    private static final class Ring {
        private final long[] ts;
        private final long[] dsn;
        private final boolean[] fromLower;
        private int next;
        private int size;

        Ring(int capacity) {
            ts = new long[capacity];
            dsn = new long[capacity];
            fromLower = new boolean[capacity];
        }

        void add(long t, long d, boolean lower) {
            ts[next] = t;
            dsn[next] = d;
            fromLower[next] = lower;
            next = (next + 1) % ts.length;
            size = Math.min(size + 1, ts.length);
        }

        List<Point> points() {
            List<Point> out = new ArrayList<>(size);
            int start = (next - size + ts.length) % ts.length;
            for (int i = 0; i < size; i++) {
                int k = (start + i) % ts.length;
                out.add(new Point(ts[k], dsn[k], fromLower[k]));
            }
            return out;
        }
    }
}
