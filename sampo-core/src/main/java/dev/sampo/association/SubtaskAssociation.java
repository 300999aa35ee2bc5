package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * The pair decisions of the DSN buckets ({@link DsnBuckets}) one parallel instance holds, from one
 * period to the next, at a cost that follows what the period changed. The buckets share one
 * {@link CandidateIndex}: a subflow is indexed once, with the pieces of its intervals that touch
 * any held bucket, under an entry that holds the caller's copy of its evidence ({@code T}, the
 * bytes a stage keeps), so a partner comes with its evidence, not with an id to look it up by. In
 * a period a changed subflow's partners are looked up once, and each pair with a changed subflow
 * is judged once, if its owner bucket is held; every subflow the period meets is decoded and its
 * tracks unpacked once, into its entry, and dropped when the period ends (32 bytes an entry
 * between periods).
 *
 * <p>Why the decisions are those {@link Associator#decide} gives over all live subflows, for the
 * pairs with a changed subflow whose owner bucket is held: a pair's owner bucket holds the first
 * point where its intervals meet, so there both subflows have a piece that touches a held bucket;
 * both pieces are indexed and meet, so the lookup finds the pair. Every live subflow with a piece
 * in a held bucket is indexed under its current evidence (the changed ones are replaced before
 * any is looked up), so a pair is judged on both subflows' current evidence; a pair of two
 * changed subflows is judged from the side of the smaller id only. Instances that hold disjoint
 * sets of buckets, all of them together, thus decide every such pair exactly once, whatever the
 * partitioning; one bucket each is what a bucket on its own decided. Not thread-safe.
 *
 * @param <T> the caller's copy of a subflow's evidence: the index keeps it, and {@code evidence}
 *            decodes it when the subflow is a changed subflow's partner
 */
public final class SubtaskAssociation<T> {
    private final PairJudge judge;
    private final DsnBuckets buckets;
    private final IntPredicate holds;
    /** Whether every bucket is held: then every pair the index finds is one to decide here. */
    private final boolean holdsAll;
    private final Function<T, SubflowEvidence> evidence;
    private final CandidateIndex<Entry<T>> index;

    /**
     * A subflow in the index: the caller's copy and, during a period only, what the period
     * worked out of it, so that a partner met again is neither looked up nor decoded again.
     */
    private static final class Entry<T> {
        final T copy;
        SubflowEvidence decoded;
        UnpackedTrack[] unpacked;
        boolean changed;
        /** Met already by the lookup at hand: the index gives a partner once per meeting interval. */
        boolean met;

        Entry(T copy) {
            this.copy = copy;
        }

        UnpackedTrack[] unpacked() {
            if (unpacked == null) {
                unpacked = PairJudge.unpacked(decoded);
            }
            return unpacked;
        }
    }

    /**
     * @param holds whether a bucket is one of this instance's
     * @param evidence the evidence a copy holds (decoded again in every period that needs it: the
     *                 index keeps no decoded evidence between periods)
     */
    public SubtaskAssociation(AssociationConfig config, DsnBuckets buckets, IntPredicate holds,
                              Function<T, SubflowEvidence> evidence) {
        this.judge = new PairJudge(config);
        this.buckets = buckets;
        this.holds = holds;
        this.holdsAll = IntStream.range(0, buckets.count()).allMatch(holds);
        this.evidence = evidence;
        this.index = new CandidateIndex<>((bits, start, end) -> holdsAll || touchesHeld(bits, start, end));
    }

    private boolean touchesHeld(int bits, long start, long end) {
        for (int b = buckets.bucket(start, bits), last = buckets.bucket(end, bits); b <= last; b++) {
            if (holds.test(b)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Indexes a live subflow of a held bucket without deciding anything: what a restore or a
     * start finds in state.
     *
     * @param id the subflow's id as the caller keeps it (a stage's state key): the index holds this
     *           one, so that decoded evidence leaves no id behind
     */
    public void restore(SubflowId id, T copy) {
        put(id, new Entry<>(copy), evidence.apply(copy));
    }

    /** The copy the subflow is indexed under, or null if it is not indexed. */
    public T copyOf(SubflowId id) {
        Entry<T> e = index.ownerOf(id);
        return e == null ? null : e.copy;
    }

    /**
     * One period: forgets the subflows that {@code left} every held bucket, indexes the
     * {@code changed} ones as they are now, and decides the candidate pairs with a changed subflow
     * whose owner bucket is held, in no particular order: the grouping takes them as a set, and
     * sorting a period's tens of thousands of pairs by id cost a tenth of the period.
     *
     * @param changed the copies of the subflows whose evidence changed and that are in a held
     *                bucket, by the caller's id (see {@link #restore}); none of them in {@code left}
     */
    public List<PairDecision> period(Map<SubflowId, T> changed, Collection<SubflowId> left) {
        left.forEach(index::remove);
        // the entries this period decoded: each once, a changed subflow here, a partner when first met
        List<Entry<T>> decoded = new ArrayList<>(changed.size() * 4);
        try {
            List<Entry<T>> renewed = new ArrayList<>(changed.size());
            // each renewed subflow's first interval: its partners are looked up without its id
            int[] firsts = new int[changed.size()];
            for (Map.Entry<SubflowId, T> c : changed.entrySet()) {
                // a new entry: the index replaces the old one under every interval of the subflow
                Entry<T> e = new Entry<>(c.getValue());
                e.decoded = evidence.apply(e.copy);
                e.changed = true;
                decoded.add(e);
                firsts[renewed.size()] = put(c.getKey(), e, e.decoded);
                renewed.add(e);
            }
            List<PairDecision> pairs = new ArrayList<>();
            List<Entry<T>> met = new ArrayList<>();
            for (int r = 0; r < renewed.size(); r++) {
                Entry<T> x = renewed.get(r);
                SubflowEvidence s = x.decoded;
                x.met = true;
                met.add(x);
                index.forEachMeeting(firsts[r], other -> {
                    if (!other.met) {
                        other.met = true;
                        met.add(other);
                    }
                });
                for (int k = 1; k < met.size(); k++) {
                    Entry<T> other = met.get(k);
                    if (other.decoded == null) {
                        other.decoded = evidence.apply(other.copy);
                        decoded.add(other);
                    } else if (other.changed && other.decoded.id.compareTo(s.id) < 0) {
                        continue; // decided from the other side
                    }
                    Entry<T> a = s.id.compareTo(other.decoded.id) < 0 ? x : other;
                    Entry<T> b = a == x ? other : x;
                    if (holdsAll || isHeld(buckets.owner(a.decoded, b.decoded))) {
                        pairs.add(judge.judge(a.decoded, a.unpacked(), b.decoded, b.unpacked()));
                    }
                }
                met.forEach(e -> e.met = false);
                met.clear();
            }
            return pairs;
        } finally {
            // no decoded evidence stays between periods
            for (Entry<T> e : decoded) {
                e.decoded = null;
                e.unpacked = null;
                e.changed = false;
            }
        }
    }

    /** Whether a pair's owner bucket is held; a pair the index finds always has one. */
    private boolean isHeld(int owner) {
        return owner >= 0 && holds.test(owner);
    }

    private int put(SubflowId id, Entry<T> e, SubflowEvidence s) {
        if (!id.equals(s.id)) {
            throw new IllegalArgumentException("evidence of " + s.id + " indexed as " + id);
        }
        return index.put(id, s.tracks, e);
    }
}
