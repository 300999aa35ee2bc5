package dev.sampo.stream;

import dev.sampo.association.IncrementalGrouping;
import dev.sampo.association.PairDecision;
import dev.sampo.association.Session;
import dev.sampo.association.SubflowSummary;
import dev.sampo.flow.SubflowId;
import dev.sampo.wire.PairRecord;
import dev.sampo.wire.Schemas;
import dev.sampo.wire.SessionRecord;
import dev.sampo.wire.SubflowRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.util.Collector;

/**
 * Stage 3, one instance: in each period, takes the subflows that changed or left and the pair
 * decisions the buckets renewed for them, regroups the sessions those reach
 * ({@link IncrementalGrouping}: token links are joined here, over the whole population), and
 * emits what changed: sessions and subflows as upserts with tombstones for those that ended or
 * merged, pairs whose verdict or Φ moved. It holds subflow summaries and pair decisions, no
 * evidence. What was last sent of a session or subflow is the session the grouping had for it
 * before the period (each was sent when it was made), so a session or subflow record is sent
 * only when it differs from that, with no record of what was sent besides; the grouping is
 * checkpointed state, so after a restore the outputs continue as idempotent upserts: no session
 * is lost or duplicated.
 */
final class SessionGrouping extends PeriodInbox<Integer, SubflowChange, DecidedPair, Output>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final JobConfig job;
    private transient IncrementalGrouping grouping;
    private transient ListState<SubflowSummary> checkpointedSubflows;
    private transient ListState<PairDecision> checkpointedDecisions;
    private transient boolean retiredCleared;

    /**
     * Keyed state of builds before 423bca6: fingerprints of each session and subflow record sent
     * (about 0.15 KB a live subflow). A savepoint of such a build restores them, and Flink would
     * carry them, read by no one, into every later checkpoint; the first period clears them.
     */
    static final List<MapStateDescriptor<String, Long>> RETIRED = List.of(
            new MapStateDescriptor<>("sent-sessions", Types.STRING, Types.LONG),
            new MapStateDescriptor<>("sent-subflows", Types.STRING, Types.LONG));

    SessionGrouping(JobConfig job) {
        super(SubflowChange.TYPE, DecidedPair.TYPE);
        this.job = job;
    }

    /**
     * The grouping's state lives on the heap, one instance, and goes whole into each checkpoint;
     * a restore groups it once from scratch.
     */
    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        grouping = new IncrementalGrouping();
        checkpointedSubflows = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("grouping-subflows", SummaryCodec.TYPE));
        checkpointedDecisions = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("grouping-decisions", PairDecisionCodec.TYPE));
        if (context.isRestored()) {
            List<SubflowSummary> subflows = new ArrayList<>();
            checkpointedSubflows.get().forEach(subflows::add);
            List<PairDecision> decisions = new ArrayList<>();
            checkpointedDecisions.get().forEach(decisions::add);
            grouping.period(subflows, List.of(), decisions);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointedSubflows.update(List.copyOf(grouping.subflows()));
        checkpointedDecisions.update(grouping.decisions());
    }

    @Override
    long periodOf1(SubflowChange in) {
        return in.period();
    }

    @Override
    long periodOf2(DecidedPair in) {
        return in.period();
    }

    @Override
    void period(long timer, List<SubflowChange> changes, List<DecidedPair> pairs, OnTimerContext ctx,
                Collector<Output> out) throws Exception {
        // A subflow's last change in the period counts: it left after it changed, if it did.
        Map<SubflowId, SubflowChange> last = new LinkedHashMap<>();
        changes.forEach(c -> last.put(c.subflow(), c));
        List<SubflowSummary> changed = new ArrayList<>();
        List<SubflowId> left = new ArrayList<>();
        for (SubflowChange c : last.values()) {
            if (c.left()) {
                left.add(c.subflow());
            } else {
                changed.add(c.summary());
            }
        }
        List<PairDecision> renewed = new ArrayList<>();
        for (DecidedPair p : pairs) {
            if (p.period() == timer) {
                renewed.add(p.decision());
            }
        }
        if (!retiredCleared) {
            new RetiredState(RETIRED).clear(getRuntimeContext());
            retiredCleared = true;
        }
        IncrementalGrouping.Change change = grouping.period(changed, left, renewed);
        emit(change, Periods.boundaryOf(timer), out);
    }

    private void emit(IncrementalGrouping.Change change, long atMicros, Collector<Output> out) {
        Set<String> sessions = new HashSet<>();
        for (int i = 0; i < change.sessions().size(); i++) {
            Session s = change.sessions().get(i);
            List<Session> before = change.before().get(i);
            sessions.add(s.id());
            // What was last sent under this id is the session its lowest subflow was in, if that had this id
            // (the id is that subflow's); a session regrouped as it was is not sent again.
            if (!s.equals(before.get(0))) {
                out.collect(Output.of(job.sessionsTopic(), s.id(), SessionRecord.of(s).toJson(), Schemas.SESSION_V1));
            }
            for (int k = 0; k < s.subflows().size(); k++) {
                Session.Member m = s.subflows().get(k);
                SubflowRecord record = SubflowRecord.of(s, m);
                if (before.get(k) == null || !record.equals(SubflowRecord.of(before.get(k), m))) {
                    out.collect(Output.of(job.subflowsTopic(), m.id().toString(), record.toJson(), Schemas.SUBFLOW_V1));
                }
            }
        }
        // Every session and every live subflow was sent when first grouped: what ended or left is tombstoned.
        for (Session s : change.ended()) {
            if (!sessions.contains(s.id())) {
                out.collect(Output.of(job.sessionsTopic(), s.id(), null, Schemas.SESSION_V1));
            }
        }
        for (SubflowId id : change.removed()) {
            out.collect(Output.of(job.subflowsTopic(), id.toString(), null, Schemas.SUBFLOW_V1));
        }
        // A pair is sent when first decided and whenever its verdict, evidence or Φ (to 3 places) changes.
        for (IncrementalGrouping.PairChange p : change.pairs()) {
            if (p.after() != null && (p.before() == null || !SentPair.of(p.before()).equals(SentPair.of(p.after())))) {
                out.collect(Output.of(job.pairsTopic(), PairKey.of(p.after()).toString(),
                        PairRecord.of(p.after(), atMicros).toJson(), Schemas.PAIR_V1));
            }
        }
    }
}
