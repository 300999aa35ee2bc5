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
 * it is needed; eviction depends only on the ranks, so that changes nothing.
 *
 * <p>A subflow's rank only rises as it gains packets, so the order holds each subflow at the rank
 * it had when it was queued, at most its rank now: an update that raises a rank changes a field,
 * not the order, and eviction re-queues a subflow found ranked low only by a stale entry before
 * it looks further (the first entry whose rank is current is the least of all). An update that
 * lowers a rank re-queues it at once. So an update costs O(1), an arrival or departure O(log n)
 * while the cap is near, and each eviction O(log n) per subflow re-queued; about 150 bytes per
 * live subflow. Not thread-safe.
 */
public final class SubflowCap {
    private static final Comparator<Rank> EVICTION_ORDER = (x, y) -> {
        int c = Long.compare(x.packets, y.packets);
        if (c == 0) {
            c = Long.compare(x.firstSeen, y.firstSeen);
        }
        return c != 0 ? c : x.id.compareTo(y.id);
    };

    private record Rank(long packets, long firstSeen, SubflowId id) {
    }

    /** A live subflow's rank now, and the entry that holds its place in the order. */
    private static final class Ranked {
        Rank now;
        Rank queued;

        Ranked(Rank now) {
            this.now = now;
        }
    }

    private final int cap;
    private final Map<SubflowId, Ranked> ranks = new HashMap<>();
    /** One entry per live subflow, at most its rank now, in eviction order, while the cap is near; else null. */
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
        Ranked r = ranks.get(s.id);
        if (r == null) {
            r = new Ranked(now);
            ranks.put(s.id, r);
            if (order != null) {
                queue(r);
            } else if (ranks.size() > cap / 2) {
                order = new TreeSet<>(EVICTION_ORDER);
                ranks.values().forEach(this::queue);
            }
            return;
        }
        r.now = now;
        if (order != null && EVICTION_ORDER.compare(now, r.queued) < 0) {
            order.remove(r.queued);
            queue(r);
        }
    }

    /** Forgets a subflow that is no longer live. */
    public void remove(SubflowId id) {
        Ranked before = ranks.remove(id);
        if (before != null && order != null) {
            order.remove(before.queued);
            if (ranks.size() <= cap / 4) {
                order = null; // far from the cap again
            }
        }
    }

    /** Takes out, and returns, the subflows past the cap, in eviction order. */
    public List<SubflowId> overflow() {
        List<SubflowId> evicted = new ArrayList<>(Math.max(0, ranks.size() - cap));
        while (ranks.size() > cap) {
            Rank first = order.pollFirst();
            Ranked r = ranks.get(first.id());
            if (EVICTION_ORDER.compare(r.now, first) == 0) {
                ranks.remove(first.id());
                evicted.add(first.id());
            } else {
                queue(r); // ranked higher since it was queued
            }
        }
        return evicted;
    }

    private void queue(Ranked r) {
        r.queued = r.now;
        order.add(r.now);
    }

    public int size() {
        return ranks.size();
    }

    public int cap() {
        return cap;
    }
}
