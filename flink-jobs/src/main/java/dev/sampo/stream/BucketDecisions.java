package dev.sampo.stream;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.DsnBuckets;
import dev.sampo.association.PairDecision;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.association.SubtaskAssociation;
import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.runtime.state.KeyedStateFunction;
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
 * <p>A period costs what changed in it, once per subtask, not once per bucket: the buckets of a
 * subtask share one index ({@link SubtaskAssociation}) of the pieces of their subflows' intervals
 * that touch any of them, under the copy of the subflow's update the buckets store, so a subflow
 * is indexed once and its partners are looked up once, and each pair with a changed subflow is
 * judged once, by the subtask that holds its owner bucket. The first bucket timer of a period
 * applies the whole subtask's changes of the period to the index and sends the decisions: by then
 * every input of the period has reached the subtask (they come before the watermark that fires
 * the timer), and they are kept on the heap as they arrive ({@link SubtaskChanges}) beside each
 * bucket's inbox. Each bucket's own timer then stores its copies in its keyed state, which stays
 * per bucket so that a savepoint restores at another parallelism; a subtask's buckets store one
 * copy of an update (on the heap backend, one array per subflow and subtask; the state's values
 * are never modified, and a restore shares them again).
 *
 * <p>The index and the waiting changes are caches on the heap, not state: after a start or a
 * restore, the operator ({@link BucketOperator}) has them rebuilt from the keyed state of every
 * bucket the subtask holds (the stored copies, and the inboxes of the periods not yet fired). On
 * RocksDB, where state is off the heap, the index's copies are one heap copy of each live
 * subflow's bytes per subtask: a partner's evidence is never read back from state. A
 * period's timers fire in one go, between two checkpoints, so a checkpoint never sees a period
 * applied to some of the subtask's buckets and not to others.
 */
final class BucketDecisions extends PeriodInbox<Integer, BucketUpdate, BucketRemoval, DecidedPair> {
    private static final long serialVersionUID = 1L;

    /** What the function needs of its operator: the subtask's buckets and every bucket's state. */
    interface SubtaskBuckets {
        /** Whether this bucket's key group belongs to this subtask. */
        boolean holds(int bucket);

        /**
         * Whether the keyed state holds the values it is given, not copies (the heap backend):
         * then the subtask's buckets can share one copy of a subflow's update.
         */
        boolean sharesValues();

        /** Runs the action with the state of every bucket that holds an entry of it; the action may write it. */
        <S extends State> void forEachBucket(StateDescriptor<S, ?> state, KeyedStateFunction<Integer, S> action)
                throws Exception;
    }

    static final MapStateDescriptor<SubflowId, SubflowUpdate> SUBFLOWS =
            new MapStateDescriptor<>("subflows", SubflowIdCodec.TYPE, SubflowUpdate.TYPE);

    private final AssociationConfig config;
    private final int bucketCount;
    private transient MapState<SubflowId, SubflowUpdate> subflows;
    /** The subtask's buckets' subflows, indexed under the copy the buckets store. */
    private transient SubtaskAssociation<SubflowUpdate> association;
    private transient SubtaskChanges waiting;
    /** The changes the latest period's first timer applied, whose copies its buckets store. */
    private transient SubtaskChanges.Applied applied;

    BucketDecisions(AssociationConfig config, int bucketCount) {
        super(BucketUpdate.TYPE, BucketRemoval.TYPE);
        this.config = config;
        this.bucketCount = bucketCount;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        subflows = getRuntimeContext().getMapState(SUBFLOWS);
        waiting = new SubtaskChanges();
        applied = SubtaskChanges.Applied.NONE;
    }

    /**
     * Called by the operator once open: indexes the subflows the subtask's buckets hold, and
     * gathers the inputs waiting in their inboxes (none at a start; a restore's). A restore gives
     * each bucket its own copy of a subflow's update: on the heap backend they are replaced with
     * the one the index holds, as a period's updates share one.
     */
    void attach(SubtaskBuckets subtask) throws Exception {
        association = new SubtaskAssociation<>(config, new DsnBuckets(bucketCount), subtask::holds,
                u -> SubflowEvidence.fromBytes(u.evidence()));
        boolean share = subtask.sharesValues();
        subtask.forEachBucket(SUBFLOWS, (bucket, held) -> {
            List<SubflowUpdate> shared = new ArrayList<>();
            for (SubflowUpdate u : held.values()) {
                SubflowUpdate first = association.copyOf(u.subflow());
                if (first == null) {
                    association.restore(u.subflow(), u);
                } else if (share && first != u) {
                    shared.add(first);
                }
            }
            for (SubflowUpdate u : shared) {
                held.put(u.subflow(), u);
            }
        });
        subtask.forEachBucket(firstInboxState(), (bucket, inbox) -> inbox.get().forEach(waiting::update));
        subtask.forEachBucket(secondInboxState(), (bucket, inbox) -> inbox.get().forEach(waiting::removal));
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
    public void processElement1(BucketUpdate in, Context ctx, Collector<DecidedPair> out) throws Exception {
        super.processElement1(in, ctx, out);
        waiting.update(in);
    }

    @Override
    public void processElement2(BucketRemoval in, Context ctx, Collector<DecidedPair> out) throws Exception {
        super.processElement2(in, ctx, out);
        waiting.removal(in);
    }

    @Override
    void period(long timer, List<BucketUpdate> updates, List<BucketRemoval> removals, OnTimerContext ctx,
                Collector<DecidedPair> out) throws Exception {
        if (waiting.anyThrough(timer)) {
            decide(timer, out);
        }
        for (BucketUpdate b : updates) {
            SubflowUpdate u = applied.copyOf(b.update());
            subflows.put(u.subflow(), u);
        }
        for (BucketRemoval r : removals) {
            subflows.remove(r.subflow());
        }
    }

    /** The subtask's period: every bucket's changes up to the timer applied to the index, and the decisions. */
    private void decide(long timer, Collector<DecidedPair> out) {
        if (association == null) {
            throw new IllegalStateException("BucketDecisions runs in a BucketOperator, which reaches every bucket");
        }
        applied = waiting.takeThrough(timer);
        for (PairDecision d : association.period(applied.changed(), applied.left())) {
            out.collect(new DecidedPair(timer, d));
        }
    }
}
