package dev.sampo.stream;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.Associator;
import dev.sampo.association.DsnBuckets;
import dev.sampo.association.PairDecision;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.util.Collector;

/**
 * Stage 2, keyed by DSN bucket (docs/DOMAIN.md §3): keeps a copy of the evidence of every live
 * subflow whose tracks touch this bucket, as the subflow stage last sent it, and in a period
 * decides the candidate pairs this bucket owns that have a subflow whose evidence changed in it
 * (every other decision stands: a decision depends on its two subflows alone). Every pair is
 * decided by one bucket whatever the parallelism. Its inputs are the subflows' evidence and their
 * removals from buckets they have left; a subflow evicted in the period its evidence was sent is
 * dropped.
 */
final class BucketDecisions extends PeriodInbox<Integer, BucketUpdate, BucketRemoval, DecidedPair> {
    private static final long serialVersionUID = 1L;

    private final AssociationConfig config;
    private final int bucketCount;
    private transient Associator associator;
    private transient DsnBuckets buckets;
    private transient MapState<SubflowId, SubflowUpdate> subflows;
    /**
     * Evidence already decoded, by subflow, with the period of the update it was decoded from:
     * decoding every subflow of a bucket every period it changes would dominate this stage. A
     * subflow has at most one update per period, so (subflow, period) names the bytes under every
     * state backend (RocksDB hands out a fresh array on every read, so the identity of the array
     * is no key).
     */
    private transient Map<SubflowId, Decoded> decoded;

    private record Decoded(long period, SubflowEvidence evidence) {
    }

    BucketDecisions(AssociationConfig config, int bucketCount) {
        super(BucketUpdate.TYPE, BucketRemoval.TYPE);
        this.config = config;
        this.bucketCount = bucketCount;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        associator = new Associator(config);
        buckets = new DsnBuckets(bucketCount);
        subflows = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("subflows", SubflowIdCodec.TYPE, SubflowUpdate.TYPE));
        decoded = new HashMap<>();
    }

    @Override
    long periodOf1(BucketUpdate in) {
        return in.update().period();
    }

    @Override
    long periodOf2(BucketRemoval in) {
        return in.period();
    }

    @Override
    void period(long timer, List<BucketUpdate> updates, List<BucketRemoval> removals, OnTimerContext ctx,
                Collector<DecidedPair> out) throws Exception {
        Set<SubflowId> changed = new HashSet<>();
        for (BucketUpdate u : updates) {
            subflows.put(u.update().subflow(), u.update());
            changed.add(u.update().subflow());
        }
        for (BucketRemoval r : removals) {
            subflows.remove(r.subflow());
            decoded.remove(r.subflow());
            changed.remove(r.subflow());
        }
        if (changed.isEmpty()) {
            return; // the grouping drops the decisions of subflows that left
        }
        List<SubflowEvidence> live = new ArrayList<>();
        for (SubflowUpdate u : subflows.values()) {
            Decoded d = decoded.get(u.subflow());
            if (d == null || d.period != u.period()) {
                d = new Decoded(u.period(), SubflowEvidence.fromBytes(u.evidence()));
                decoded.put(u.subflow(), d);
            }
            live.add(d.evidence);
        }
        for (PairDecision d : associator.decide(live, changed, buckets, ctx.getCurrentKey())) {
            out.collect(new DecidedPair(timer, d));
        }
    }
}
