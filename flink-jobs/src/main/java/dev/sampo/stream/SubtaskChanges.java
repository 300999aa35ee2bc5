package dev.sampo.stream;

import dev.sampo.flow.SubflowId;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The bucket stage's inputs to one subtask, all its buckets together, that wait for their period:
 * on the heap, beside each bucket's inbox in keyed state, so that the period's first bucket timer
 * can apply the whole subtask's changes at once ({@link BucketDecisions}). A subflow has at most
 * one update per period and sends it to every bucket its tracks touch, so the first copy of an
 * update that arrives stands for all of them.
 *
 * <p>What a period changes for the subtask follows from what the subflow stage sends: an update
 * to each bucket the subflow's tracks touch, a removal to each it has left, and, when it leaves
 * (idle, expired, evicted in that very period), a removal to each it was in. So a subflow that
 * has an update in a bucket with no removal from that bucket in the period is in a bucket of the
 * subtask, and one with removals and no such update has left every bucket of the subtask.
 */
final class SubtaskChanges {
    /** What a period brought a subflow: the first copy of its update, the buckets it came to and left. */
    private static final class Change {
        SubflowUpdate update;
        final BitSet updated = new BitSet();
        final BitSet removed = new BitSet();

        boolean stays() {
            BitSet in = (BitSet) updated.clone();
            in.andNot(removed);
            return !in.isEmpty();
        }
    }

    /**
     * The subtask's changes of the periods taken, oldest period first, a later one over an earlier.
     *
     * @param changed the subflows in a bucket of the subtask, each with its update, under the update's id
     * @param left the subflows that left every bucket of the subtask
     * @param copies each update's first copy, by subflow (the newest period's), for the buckets to store
     */
    record Applied(Map<SubflowId, SubflowUpdate> changed, Set<SubflowId> left, Map<SubflowId, SubflowUpdate> copies) {
        static final Applied NONE = new Applied(Map.of(), Set.of(), Map.of());

        /** The copy to store of this update: the first one that arrived, if it is of this period's. */
        SubflowUpdate copyOf(SubflowUpdate u) {
            SubflowUpdate first = copies.get(u.subflow());
            return first != null && first.period() == u.period() ? first : u;
        }
    }

    private final NavigableMap<Long, Map<SubflowId, Change>> byPeriod = new TreeMap<>();

    void update(BucketUpdate in) {
        Change c = changeOf(in.update().period(), in.update().subflow());
        if (c.update == null) {
            c.update = in.update();
        }
        c.updated.set(in.bucket());
    }

    void removal(BucketRemoval in) {
        changeOf(in.period(), in.subflow()).removed.set(in.bucket());
    }

    private Change changeOf(long period, SubflowId subflow) {
        return byPeriod.computeIfAbsent(period, p -> new HashMap<>()).computeIfAbsent(subflow, s -> new Change());
    }

    /** Whether a period up to {@code timer} waits. */
    boolean anyThrough(long timer) {
        return !byPeriod.isEmpty() && byPeriod.firstKey() <= timer;
    }

    /** Takes the periods up to {@code timer}. */
    Applied takeThrough(long timer) {
        Map<SubflowId, SubflowUpdate> changed = new HashMap<>();
        Set<SubflowId> left = new HashSet<>();
        Map<SubflowId, SubflowUpdate> copies = new HashMap<>();
        NavigableMap<Long, Map<SubflowId, Change>> due = byPeriod.headMap(timer, true);
        for (Map<SubflowId, Change> period : due.values()) {
            for (Map.Entry<SubflowId, Change> e : period.entrySet()) {
                Change c = e.getValue();
                if (c.update != null) {
                    copies.put(e.getKey(), c.update);
                }
                if (c.update != null && c.stays()) {
                    changed.put(c.update.subflow(), c.update);
                    left.remove(e.getKey());
                } else {
                    changed.remove(e.getKey());
                    left.add(e.getKey());
                }
            }
        }
        due.clear();
        return new Applied(changed, left, copies);
    }
}
