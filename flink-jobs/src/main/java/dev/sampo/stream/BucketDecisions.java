package dev.sampo.stream;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.BucketAssociation;
import dev.sampo.association.DsnBuckets;
import dev.sampo.association.PairDecision;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>A period costs what changed in it: each bucket's subflows stay indexed
 * ({@link BucketAssociation}: the pieces of their intervals that touch the bucket, by id), a
 * changed subflow's partners are looked up, and only the changed subflows and their partners are
 * decoded. The index is a cache on the heap, not state: it is built from the bucket's keyed state
 * the first time the bucket works after a start or a restore.
 */
final class BucketDecisions extends PeriodInbox<Integer, BucketUpdate, BucketRemoval, DecidedPair> {
    private static final long serialVersionUID = 1L;

    private final AssociationConfig config;
    private final int bucketCount;
    private transient DsnBuckets buckets;
    private transient MapState<SubflowId, SubflowUpdate> subflows;
    /** Each bucket's index, by bucket, built on first use from keyed state. */
    private transient Map<Integer, BucketAssociation> indexes;
    /**
     * The current period's updates, by subflow, each with its evidence once decoded. A subflow's
     * update goes to about four buckets, which mostly share a subtask and fire one after the other
     * for a period: the first bucket's copy is the one every bucket stores (on the heap backend,
     * one array per subflow and subtask instead of one per bucket; the state's values are never
     * modified) and decodes, once. Cleared when the next period starts, so it holds what one
     * period touched, not every live subflow. A subflow has at most one update per period, so
     * (subflow, period) names the bytes under every state backend (RocksDB hands out a fresh array
     * on every read, so the identity of the array is no key).
     */
    private transient Map<SubflowId, Current> current;
    private transient long currentPeriod;

    private static final class Current {
        final SubflowUpdate update;
        SubflowEvidence evidence;

        Current(SubflowUpdate update) {
            this.update = update;
        }
    }

    BucketDecisions(AssociationConfig config, int bucketCount) {
        super(BucketUpdate.TYPE, BucketRemoval.TYPE);
        this.config = config;
        this.bucketCount = bucketCount;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        buckets = new DsnBuckets(bucketCount);
        subflows = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("subflows", SubflowIdCodec.TYPE, SubflowUpdate.TYPE));
        indexes = new HashMap<>();
        current = new HashMap<>();
        currentPeriod = Long.MIN_VALUE;
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
        if (timer != currentPeriod) {
            current.clear();
            currentPeriod = timer;
        }
        BucketAssociation index = indexOf(ctx.getCurrentKey());
        Map<SubflowId, SubflowUpdate> changed = new HashMap<>();
        for (BucketUpdate b : updates) {
            SubflowUpdate u = currentOf(b.update()).update;
            subflows.put(u.subflow(), u);
            changed.put(u.subflow(), u);
        }
        for (BucketRemoval r : removals) {
            subflows.remove(r.subflow());
            changed.remove(r.subflow());
            index.remove(r.subflow());
        }
        if (changed.isEmpty()) {
            return; // the grouping drops the decisions of subflows that left
        }
        List<SubflowEvidence> renewed = new ArrayList<>(changed.size());
        for (SubflowUpdate u : changed.values()) {
            SubflowEvidence s = decode(u);
            index.put(u.subflow(), s);
            renewed.add(s);
        }
        for (PairDecision d : index.decide(renewed, this::unchanged)) {
            out.collect(new DecidedPair(timer, d));
        }
    }

    /** The bucket's index, built from its keyed state if this instance has not built it yet. */
    private BucketAssociation indexOf(int bucket) throws Exception {
        BucketAssociation index = indexes.get(bucket);
        if (index == null) {
            index = new BucketAssociation(config, buckets, bucket);
            for (SubflowUpdate u : subflows.values()) {
                index.put(u.subflow(), SubflowEvidence.fromBytes(u.evidence()));
            }
            indexes.put(bucket, index);
        }
        return index;
    }

    private SubflowEvidence unchanged(SubflowId subflow) {
        try {
            return decode(subflows.get(subflow));
        } catch (Exception e) {
            throw new IllegalStateException("reading the evidence of " + subflow + " in bucket state", e);
        }
    }

    private SubflowEvidence decode(SubflowUpdate u) {
        Current c = currentOf(u);
        if (c.evidence == null) {
            c.evidence = SubflowEvidence.fromBytes(u.evidence());
        }
        return c.evidence;
    }

    /** The entry of this update's content in the current period's, made with this copy if there is none. */
    private Current currentOf(SubflowUpdate u) {
        Current c = current.get(u.subflow());
        if (c == null || c.update.period() != u.period()) {
            c = new Current(u);
            current.put(u.subflow(), c);
        }
        return c;
    }
}
