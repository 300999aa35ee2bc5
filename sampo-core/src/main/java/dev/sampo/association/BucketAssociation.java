package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The pair decisions of one DSN bucket ({@link DsnBuckets}) from one period to the next, at a cost
 * that follows what the period changed: the bucket's subflows stay in a {@link CandidateIndex}
 * (the pieces of their intervals that touch the bucket, under their ids, no evidence), a changed
 * subflow's partners are looked up, and the pairs the bucket owns are judged. A pair's owner holds
 * the first point where its intervals meet, so both of its pieces there touch the bucket: the
 * decisions are those {@link Associator#decide} gives over all the bucket's subflows for the pairs
 * with a changed subflow. Not thread-safe.
 */
public final class BucketAssociation {
    private final PairJudge judge;
    private final DsnBuckets buckets;
    private final int bucket;
    private final CandidateIndex<SubflowId> index;

    public BucketAssociation(AssociationConfig config, DsnBuckets buckets, int bucket) {
        this.judge = new PairJudge(config);
        this.buckets = buckets;
        this.bucket = bucket;
        this.index = new CandidateIndex<>(
                (bits, start, end) -> buckets.bucket(start, bits) <= bucket && bucket <= buckets.bucket(end, bits));
    }

    /**
     * Indexes a subflow of the bucket as its evidence is now: a new one, or one that changed.
     *
     * @param id the subflow's id as the caller keeps it (a stage's state key), equal to the
     *           evidence's: the index holds this one, so that decoded evidence leaves no id behind
     */
    public void put(SubflowId id, SubflowEvidence s) {
        if (!id.equals(s.id)) {
            throw new IllegalArgumentException("evidence of " + s.id + " indexed as " + id);
        }
        index.put(id, s.tracks, id);
    }

    /** Forgets a subflow that left the bucket. */
    public void remove(SubflowId id) {
        index.remove(id);
    }

    /**
     * The decisions this bucket owns of the candidate pairs with a subflow in {@code changed},
     * each of which was {@link #put} as it is now; in pair order.
     *
     * @param unchanged the evidence of a subflow of the bucket that is not in {@code changed}
     */
    public List<PairDecision> decide(Collection<SubflowEvidence> changed,
                                     Function<SubflowId, SubflowEvidence> unchanged) {
        Map<SubflowId, SubflowEvidence> renewed = new HashMap<>();
        changed.forEach(s -> renewed.put(s.id, s));
        List<PairDecision> pairs = new ArrayList<>();
        // a subflow meets several partners: its tracks are unpacked once for all of them, as the engine does
        Map<SubflowEvidence, UnpackedTrack[]> unpacked = new IdentityHashMap<>();
        for (SubflowEvidence s : changed) {
            for (SubflowId other : index.partners(s.id)) {
                SubflowEvidence o = renewed.get(other);
                if (o != null && other.compareTo(s.id) < 0) {
                    continue; // decided from the other side
                }
                if (o == null) {
                    o = unchanged.apply(other);
                }
                SubflowEvidence a = s.id.compareTo(other) < 0 ? s : o;
                SubflowEvidence b = a == s ? o : s;
                if (buckets.owner(a, b) == bucket) {
                    pairs.add(judge.judge(a, unpacked.computeIfAbsent(a, PairJudge::unpacked),
                            b, unpacked.computeIfAbsent(b, PairJudge::unpacked)));
                }
            }
        }
        pairs.sort(Associator.PAIR_ORDER);
        return pairs;
    }
}
