package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The association steps over a set of subflows, without state of its own: decide candidate pairs
 * (optionally only those a DSN bucket owns), then group. {@link AssociationEngine} runs both over
 * all subflows; a stream processor runs {@link #decide} per bucket in parallel and
 * {@link #group} once over the union.
 */
public final class Associator {
    /** The order of pair decisions in a result: by first subflow, then second. */
    static final Comparator<PairDecision> PAIR_ORDER = (x, y) -> {
        int c = x.a().compareTo(y.a());
        return c != 0 ? c : x.b().compareTo(y.b());
    };
    /** The order of subflows association works in: by id. */
    static final Comparator<SubflowEvidence> SUBFLOW_ORDER = (x, y) -> x.id.compareTo(y.id);

    private final PairJudge judge;

    public Associator(AssociationConfig config) {
        this.judge = new PairJudge(config);
    }

    /** Decisions for every candidate pair among {@code subflows}. */
    public List<PairDecision> decide(List<SubflowEvidence> subflows) {
        return decide(subflows, null, -1);
    }

    /** Decisions for the candidate pairs among {@code subflows} that {@code bucket} owns. */
    public List<PairDecision> decide(List<SubflowEvidence> subflows, DsnBuckets buckets, int bucket) {
        return decide(subflows, null, buckets, bucket);
    }

    /**
     * Decisions for the candidate pairs among {@code subflows} that {@code bucket} owns and that
     * have a subflow in {@code changed} (all of them when it is null): the decisions a period renews.
     */
    public List<PairDecision> decide(List<SubflowEvidence> subflows, Set<SubflowId> changed, DsnBuckets buckets,
                                     int bucket) {
        List<SubflowEvidence> sorted = sorted(subflows);
        boolean[] renew = null;
        if (changed != null) {
            renew = new boolean[sorted.size()];
            for (int i = 0; i < renew.length; i++) {
                renew[i] = changed.contains(sorted.get(i).id);
            }
        }
        List<PairDecision> pairs = new ArrayList<>();
        for (long key : CandidateFinder.candidates(sorted, renew)) {
            SubflowEvidence a = sorted.get((int) (key >>> 32));
            SubflowEvidence b = sorted.get((int) key);
            if (buckets == null || buckets.owner(a, b) == bucket) {
                pairs.add(judge.judge(a, b));
            }
        }
        pairs.sort(PAIR_ORDER);
        return pairs;
    }

    /** Sessions from token links and the pair decisions; pairs must only name subflows given. */
    public AssociationResult group(long nowMicros, List<SubflowEvidence> subflows, List<PairDecision> pairs) {
        List<SubflowEvidence> sorted = sorted(subflows);
        Map<SubflowId, Integer> index = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            index.put(sorted.get(i).id, i);
        }
        return Grouper.group(nowMicros, sorted, pairs, index);
    }

    private static List<SubflowEvidence> sorted(List<SubflowEvidence> subflows) {
        List<SubflowEvidence> sorted = new ArrayList<>(subflows);
        sorted.sort(SUBFLOW_ORDER);
        return sorted;
    }
}
