package dev.sampo.stream;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.Associator;
import dev.sampo.association.DsnBuckets;
import dev.sampo.association.PairDecision;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.wire.PairRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.util.Collector;

/**
 * Stage 2, keyed by DSN bucket (docs/DOMAIN.md §3): decides the candidate pairs among the subflows
 * whose tracks touch this bucket, only those the bucket owns, so every pair is decided exactly
 * once whatever the parallelism.
 */
final class BucketDecisions extends PeriodicAssociation<Update> {
    private static final long serialVersionUID = 1L;

    private final int bucketCount;
    private transient Associator associator;
    private transient DsnBuckets buckets;

    BucketDecisions(AssociationConfig config, int bucketCount) {
        super(config);
        this.bucketCount = bucketCount;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        associator = new Associator(config);
        buckets = new DsnBuckets(bucketCount);
    }

    @Override
    void associate(long timer, long boundaryMicros, List<SubflowEvidence> live, List<Update> pairs,
                   OnTimerContext ctx, Collector<Update> out) throws Exception {
        for (PairDecision d : associator.decide(live, buckets, ctx.getCurrentKey())) {
            out.collect(Update.of(Update.Kind.PAIR, Update.GROUPING, timer, d.a() + "|" + d.b(),
                    PairRecord.of(d, boundaryMicros).toJson().getBytes(StandardCharsets.UTF_8)));
        }
    }
}
