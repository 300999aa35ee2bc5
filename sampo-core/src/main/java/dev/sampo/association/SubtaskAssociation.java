package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * The pair decisions of the DSN buckets ({@link DsnBuckets}) one parallel instance holds, from one
 * period to the next, at a cost that follows what the period changed. The buckets share one
 * {@link CandidateIndex}: a subflow is indexed once, with the pieces of its intervals that touch
 * any held bucket, under the caller's copy of its evidence ({@code T}, the bytes a stage keeps),
 * so a partner comes with its evidence, not with an id to look it up by. In a period a changed
 * subflow's partners are looked up once, and each pair with a changed subflow is judged once, if
 * its owner bucket is held.
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
    private final Function<T, SubflowEvidence> evidence;
    private final CandidateIndex<T> index;

    /**
     * @param holds whether a bucket is one of this instance's
     * @param evidence the evidence a copy holds (decoded again on every call: the index keeps no
     *                 decoded evidence between periods)
     */
    public SubtaskAssociation(AssociationConfig config, DsnBuckets buckets, IntPredicate holds,
                              Function<T, SubflowEvidence> evidence) {
        this.judge = new PairJudge(config);
        this.buckets = buckets;
        this.holds = holds;
        this.evidence = evidence;
        this.index = new CandidateIndex<>((bits, start, end) -> touchesHeld(bits, start, end));
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
        put(id, copy, evidence.apply(copy));
    }

    /** Whether the subflow is indexed. */
    public boolean contains(SubflowId id) {
        return index.contains(id);
    }

    /**
     * One period: forgets the subflows that {@code left} every held bucket, indexes the
     * {@code changed} ones as they are now, and decides the candidate pairs with a changed subflow
     * whose owner bucket is held, in pair order.
     *
     * @param changed the copies of the subflows whose evidence changed and that are in a held
     *                bucket, by the caller's id (see {@link #restore}); none of them in {@code left}
     */
    public List<PairDecision> period(Map<SubflowId, T> changed, Collection<SubflowId> left) {
        left.forEach(index::remove);
        // each copy decoded once a period: a changed subflow here, a partner the first time it is met
        Map<T, SubflowEvidence> decoded = new IdentityHashMap<>();
        List<SubflowEvidence> renewed = new ArrayList<>(changed.size());
        for (Map.Entry<SubflowId, T> e : changed.entrySet()) {
            SubflowEvidence s = evidence.apply(e.getValue());
            put(e.getKey(), e.getValue(), s);
            decoded.put(e.getValue(), s);
            renewed.add(s);
        }
        Map<T, Boolean> isChanged = new IdentityHashMap<>();
        changed.values().forEach(c -> isChanged.put(c, Boolean.TRUE));
        List<PairDecision> pairs = new ArrayList<>();
        // a subflow meets several partners: its tracks are unpacked once for all of them, as the engine does
        Map<SubflowEvidence, UnpackedTrack[]> unpacked = new IdentityHashMap<>();
        for (SubflowEvidence s : renewed) {
            for (T other : index.partners(s.id)) {
                SubflowEvidence o = decoded.get(other);
                if (o == null) {
                    o = evidence.apply(other);
                    decoded.put(other, o);
                } else if (isChanged.containsKey(other) && o.id.compareTo(s.id) < 0) {
                    continue; // decided from the other side
                }
                SubflowEvidence a = s.id.compareTo(o.id) < 0 ? s : o;
                SubflowEvidence b = a == s ? o : s;
                int owner = buckets.owner(a, b);
                if (owner >= 0 && holds.test(owner)) {
                    pairs.add(judge.judge(a, unpacked.computeIfAbsent(a, PairJudge::unpacked),
                            b, unpacked.computeIfAbsent(b, PairJudge::unpacked)));
                }
            }
        }
        pairs.sort(Associator.PAIR_ORDER);
        return pairs;
    }

    private void put(SubflowId id, T copy, SubflowEvidence s) {
        if (!id.equals(s.id)) {
            throw new IllegalArgumentException("evidence of " + s.id + " indexed as " + id);
        }
        index.put(id, s.tracks, copy);
    }
}
