package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The cap on live subflows ({@link AssociationConfig#maxSubflows()}), so that a flood of spoofed
 * subflows cannot grow state without bound: past the cap, the subflows with the least evidence go
 * first (fewest packets, so a one-packet spoof goes before any subflow seen twice), and among
 * equals the oldest (earliest first packet), so a subflow just arrived keeps its chance to gain
 * evidence. The engine and the Flink job's evidence stage both rank their live subflows here.
 * The order is kept only while the cap is near (built past half of it, dropped below a quarter): an update
 * is otherwise a few field writes, since nothing can be evicted, and the order is built from the ranks when
 * it is needed; eviction depends only on the ranks, so that changes nothing.
 *
 * <p>A subflow's rank only rises as it gains packets, so the order holds each subflow at the rank
 * it had when it was queued, at most its rank now: an update that raises a rank changes a field,
 * not the order, and eviction re-queues a subflow found ranked low only by a stale entry before
 * it looks further (the first entry whose rank is current is the least of all). An update that
 * lowers a rank re-queues it at once. So an update costs O(1), an arrival or departure O(log n)
 * while the cap is near, and each eviction O(log n) per subflow re-queued; about 70 bytes per
 * live subflow by id, 140 while the cap is near (its tree of ranks).
 *
 * <p>Each subflow's rank is held in a {@link Slot}: the cap keeps the slots by subflow id
 * ({@link #update(SubflowId, SubflowEvidence)}, as the job's evidence stage calls it), or the caller keeps
 * each slot with its subflow ({@link #update(Slot, SubflowEvidence)}: the engine's live subflow is
 * its slot), so that an update finds it without hashing the id (at a million live subflows, a
 * probe by id is mostly cache misses). Not thread-safe.
 */
public final class SubflowCap {
    private static final Comparator<Rank> EVICTION_ORDER = (x, y) -> compare(x.packets, x.firstSeen, x.slot.id, y);

    /** A subflow's rank at the time it was queued, and the slot it was queued for. */
    private record Rank(long packets, long firstSeen, Slot slot) {
    }

    /** A live subflow's rank now, its entry in the order, and its place among the cap's slots. */
    static class Slot {
        private long packets;
        private long firstSeen;
        private SubflowId id;
        private Rank queued;
        /** Where it is in {@link #slots}; -1 while the cap does not hold it. */
        private int index = -1;
    }

    private final int cap;
    /** Every slot the cap holds, in no order: to build the order from when the cap comes near. */
    private final List<Slot> slots = new ArrayList<>();
    /**
     * Where the slots of {@link #update(SubflowId, SubflowEvidence)}'s callers are in {@link #slots},
     * by id (about 24 bytes a subflow, against 40 for a {@code HashMap}'s node and table slot); empty
     * for callers that keep their own slots. A cap serves callers of one kind or the other.
     */
    private final ObjectIntMap<SubflowId> byId = new ObjectIntMap<>();
    /** One entry per live subflow, at most its rank now, in eviction order, while the cap is near; else null. */
    private TreeSet<Rank> order;

    public SubflowCap(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("the cap on live subflows must be ≥ 1, not " + cap);
        }
        this.cap = cap;
    }

    /**
     * Notes a live subflow, new or with more evidence since it was last noted, under its id. Returns
     * the id object the cap holds for it, the one it was first noted under, so that a caller can hold
     * that one object wherever it keeps the id (96 bytes with its two addresses: more than the
     * cap's rank).
     */
    public SubflowId update(SubflowId id, SubflowEvidence s) {
        int i = byId.get(id);
        if (i == ObjectIntMap.NONE) {
            Slot slot = new Slot();
            note(slot, id, s);
            byId.put(id, slot.index);
            return id;
        }
        Slot slot = slots.get(i);
        note(slot, slot.id, s);
        return slot.id;
    }

    /** Forgets a subflow that is no longer live. */
    public void remove(SubflowId id) {
        int i = byId.remove(id);
        if (i != ObjectIntMap.NONE) {
            remove(slots.get(i));
        }
    }

    /** {@link #update(SubflowId, SubflowEvidence)} with the subflow's slot at hand. */
    void update(Slot slot, SubflowEvidence s) {
        note(slot, s.id, s);
    }

    private void note(Slot slot, SubflowId id, SubflowEvidence s) {
        slot.packets = s.packets;
        slot.firstSeen = s.firstSeen;
        slot.id = id;
        if (slot.index < 0) {
            slot.index = slots.size();
            slots.add(slot);
            if (order != null) {
                queue(slot);
            } else if (slots.size() > cap / 2) {
                order = new TreeSet<>(EVICTION_ORDER);
                slots.forEach(this::queue);
            }
            return;
        }
        if (order != null && compare(slot.packets, slot.firstSeen, slot.id, slot.queued) < 0) {
            order.remove(slot.queued);
            queue(slot);
        }
    }

    /** {@link #remove(SubflowId)} with the subflow's slot at hand. */
    void remove(Slot slot) {
        if (slot.index < 0) {
            return;
        }
        release(slot);
        if (order != null) {
            order.remove(slot.queued);
            if (slots.size() <= cap / 4) {
                order = null; // far from the cap again
            }
        }
    }

    /** Takes out, and returns, the subflows past the cap, in eviction order. */
    public List<SubflowId> overflow() {
        List<SubflowId> evicted = new ArrayList<>(Math.max(0, slots.size() - cap));
        while (slots.size() > cap) {
            Rank first = order.pollFirst();
            Slot slot = first.slot;
            if (compare(slot.packets, slot.firstSeen, slot.id, first) == 0) {
                release(slot);
                byId.remove(slot.id);
                evicted.add(slot.id);
            } else {
                queue(slot); // ranked higher since it was queued
            }
        }
        return evicted;
    }

    private void queue(Slot slot) {
        slot.queued = new Rank(slot.packets, slot.firstSeen, slot);
        order.add(slot.queued);
    }

    /** Takes a slot out of {@link #slots}, moving the last one into its place. */
    private void release(Slot slot) {
        Slot last = slots.remove(slots.size() - 1);
        if (last != slot) {
            last.index = slot.index;
            slots.set(slot.index, last);
            if (byId.size() > 0) {
                byId.put(last.id, last.index);
            }
        }
        slot.index = -1;
    }

    /** A rank now against a queued one: fewest packets, then earliest first packet, then id. */
    private static int compare(long packets, long firstSeen, SubflowId id, Rank r) {
        int c = Long.compare(packets, r.packets);
        if (c == 0) {
            c = Long.compare(firstSeen, r.firstSeen);
        }
        return c != 0 ? c : id.compareTo(r.slot.id);
    }

    public int size() {
        return slots.size();
    }

    public int cap() {
        return cap;
    }
}
