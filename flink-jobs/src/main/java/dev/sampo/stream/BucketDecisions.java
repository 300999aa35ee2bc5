package dev.sampo.stream;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.Associator;
import dev.sampo.association.DsnBuckets;
import dev.sampo.association.PairDecision;
import dev.sampo.association.SubflowEvidence;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.util.Collector;

/**
 * Stage 2, keyed by DSN bucket (docs/DOMAIN.md §3): decides the candidate pairs among the subflows
 * whose tracks touch this bucket, only those the bucket owns, so every pair is decided exactly
 * once whatever the parallelism. Its inputs are the subflows' evidence and their removals from
 * buckets they have left.
 */
final class BucketDecisions extends PeriodicAssociation<Integer, BucketUpdate, BucketRemoval, DecidedPair> {
    private static final long serialVersionUID = 1L;

    private final int bucketCount;
    private transient Associator associator;
    private transient DsnBuckets buckets;

    BucketDecisions(AssociationConfig config, int bucketCount) {
        super(config, BucketRemoval.TYPE);
        this.bucketCount = bucketCount;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        associator = new Associator(config);
        buckets = new DsnBuckets(bucketCount);
    }

    @Override
    SubflowUpdate evidenceOf(BucketUpdate in) {
        return in.update();
    }

    @Override
    long periodOf(BucketRemoval in) {
        return in.period();
    }

    @Override
    void take(long timer, List<BucketRemoval> due) throws Exception {
        for (BucketRemoval r : due) {
            forget(r.subflow());
        }
    }

    @Override
    void associate(long timer, long boundaryMicros, List<SubflowEvidence> live, OnTimerContext ctx,
                   Collector<DecidedPair> out) {
        for (PairDecision d : associator.decide(live, buckets, ctx.getCurrentKey())) {
            out.collect(new DecidedPair(timer, d));
        }
    }
}
