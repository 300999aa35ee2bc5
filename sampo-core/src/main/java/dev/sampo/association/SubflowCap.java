package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The cap on live subflows ({@link AssociationConfig#maxSubflows()}), so that a flood of spoofed
 * subflows cannot grow state without bound: past the cap, the subflows with the least evidence go
 * first (fewest packets, so a one-packet spoof goes before any subflow seen twice), and among
 * equals the oldest (earliest first packet), so a subflow just arrived keeps its chance to gain
 * evidence. The engine and the Flink job's evidence stage both rank their live subflows here.
 * The order is kept only while the cap is near (built past half of it, dropped below a quarter): an update
 * is otherwise a map entry, since nothing can be evicted, and the order is built from the ranks when
 * it is needed; eviction depends only on the ranks, so that changes nothing. Costs O(log n)
 * per update while the cap is near, and about 150 bytes per live subflow. Not thread-safe.
 */
public final class SubflowCap {
    private static final Comparator<Rank> EVICTION_ORDER = Comparator.comparingLong(Rank::packets)
            .thenComparingLong(Rank::firstSeen)
            .thenComparing(Rank::id);

    private record Rank(long packets, long firstSeen, SubflowId id) {
    }

    private final int cap;
    private final Map<SubflowId, Rank> ranks = new HashMap<>();
    /** The ranks in eviction order while the cap is near, else null. */
    private TreeSet<Rank> order;

    public SubflowCap(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("the cap on live subflows must be ≥ 1, not " + cap);
        }
        this.cap = cap;
    }

    /** Notes a live subflow, new or with more evidence since it was last noted. */
    public void update(SubflowEvidence s) {
        Rank now = new Rank(s.packets, s.firstSeen, s.id);
        Rank before = ranks.put(s.id, now);
        if (order == null && ranks.size() > cap / 2) {
            order = new TreeSet<>(EVICTION_ORDER);
            order.addAll(ranks.values());
        } else if (order != null) {
            if (before != null) {
                order.remove(before);
            }
            order.add(now);
        }
    }

    /** Forgets a subflow that is no longer live. */
    public void remove(SubflowId id) {
        Rank before = ranks.remove(id);
        if (before != null && order != null) {
            order.remove(before);
            if (ranks.size() <= cap / 4) {
                order = null; // far from the cap again
            }
        }
    }

    /** Takes out, and returns, the subflows past the cap, in eviction order. */
    public List<SubflowId> overflow() {
        List<SubflowId> evicted = new ArrayList<>(Math.max(0, ranks.size() - cap));
        while (ranks.size() > cap) {
            Rank victim = order.pollFirst();
            ranks.remove(victim.id());
            evicted.add(victim.id());
        }
        return evicted;
    }

    public int size() {
        return ranks.size();
    }

    public int cap() {
        return cap;
    }
}
