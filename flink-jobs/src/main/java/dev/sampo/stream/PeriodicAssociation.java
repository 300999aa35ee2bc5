package dev.sampo.stream;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.EvidenceCollector;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A stage that keeps a copy of the evidence of every live subflow sent to it (its first input)
 * and runs at every period boundary while it holds any: the period's evidence and second-input
 * records (removals, pair decisions) are taken, idle subflows dropped and old evidence expired by
 * the same rule as the engine's, then {@link #associate} runs over what is live. Copies are
 * replaced whole by stage 1 and expired identically everywhere, so every stage sees the same
 * evidence in the same period. Both inputs wait in state until their period's timer, and a
 * period's evidence is taken before its second-input records: a subflow evicted in the period its
 * evidence was sent is dropped (its removal, or its eviction notice after the evidence on input 1),
 * and otherwise the order in which the two inputs arrive does not matter.
 *
 * @param <IN1> what carries evidence to this stage
 * @param <IN2> the stage's second input
 */
abstract class PeriodicAssociation<K, IN1, IN2, OUT> extends KeyedCoProcessFunction<K, IN1, IN2, OUT> {
    private static final long serialVersionUID = 1L;

    protected final AssociationConfig config;
    private final TypeInformation<IN2> secondType;
    private transient EvidenceCollector collector;
    private transient MapState<SubflowId, SubflowUpdate> subflows;
    private transient ListState<SubflowUpdate> evidenceInbox;
    private transient ListState<IN2> secondInbox;
    /**
     * Evidence already decoded, by subflow, with the period of the update it was decoded from:
     * decoding every live subflow every period was a tenth of these stages' time. A subflow has
     * at most one update per period, so (subflow, period) names the bytes under every state
     * backend (RocksDB hands out a fresh array on every read, so the identity of the array, the
     * key this cache used to have, never matched there). Expiry on the decoded copy is the
     * engine's (monotone), so a copy decoded afresh after a restore and expired again is the same.
     */
    private transient Map<SubflowId, Decoded> decoded;

    private record Decoded(long period, SubflowEvidence evidence) {
    }

    PeriodicAssociation(AssociationConfig config, TypeInformation<IN2> secondType) {
        this.config = config;
        this.secondType = secondType;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        collector = new EvidenceCollector(config);
        subflows = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("subflows", SubflowIdCodec.TYPE, SubflowUpdate.TYPE));
        evidenceInbox = getRuntimeContext().getListState(new ListStateDescriptor<>("evidence-inbox", SubflowUpdate.TYPE));
        secondInbox = getRuntimeContext().getListState(new ListStateDescriptor<>("second-inbox", secondType));
        decoded = new HashMap<>();
    }

    /** The evidence an input-1 record carries. */
    abstract SubflowUpdate evidenceOf(IN1 in);

    /** The period timer of an input-2 record. */
    abstract long periodOf(IN2 in);

    /**
     * Takes the input-2 records of periods up to {@code timer}, before the live subflows are read.
     */
    abstract void take(long timer, List<IN2> due) throws Exception;

    /** Runs the period's association over the live subflows. */
    abstract void associate(long timer, long boundaryMicros, List<SubflowEvidence> live, OnTimerContext ctx,
                            Collector<OUT> out) throws Exception;

    @Override
    public void processElement1(IN1 in, Context ctx, Collector<OUT> out) throws Exception {
        SubflowUpdate u = evidenceOf(in);
        evidenceInbox.add(u);
        ctx.timerService().registerEventTimeTimer(u.period());
    }

    @Override
    public void processElement2(IN2 in, Context ctx, Collector<OUT> out) throws Exception {
        secondInbox.add(in);
        ctx.timerService().registerEventTimeTimer(periodOf(in));
    }

    /** Drops a subflow's copy. */
    void forget(SubflowId subflow) throws Exception {
        subflows.remove(subflow);
        decoded.remove(subflow);
    }

    @Override
    public void onTimer(long timer, OnTimerContext ctx, Collector<OUT> out) throws Exception {
        List<SubflowUpdate> laterEvidence = new ArrayList<>();
        for (SubflowUpdate u : evidenceInbox.get()) {
            if (u.period() > timer) {
                laterEvidence.add(u);
            } else if (u.evicted()) {
                forget(u.subflow());
            } else {
                subflows.put(u.subflow(), u);
            }
        }
        evidenceInbox.update(laterEvidence);
        List<IN2> due = new ArrayList<>();
        List<IN2> later = new ArrayList<>();
        for (IN2 in : secondInbox.get()) {
            (periodOf(in) > timer ? later : due).add(in);
        }
        secondInbox.update(later);
        take(timer, due);
        long boundary = Periods.boundaryOf(timer);
        List<SubflowEvidence> live = new ArrayList<>();
        Iterator<Map.Entry<SubflowId, SubflowUpdate>> it = subflows.iterator();
        while (it.hasNext()) {
            SubflowUpdate u = it.next().getValue();
            Decoded d = decoded.get(u.subflow());
            if (d == null || d.period != u.period()) {
                d = new Decoded(u.period(), SubflowEvidence.fromBytes(u.evidence()));
                decoded.put(u.subflow(), d);
            }
            if (collector.retain(d.evidence, boundary)) {
                live.add(d.evidence);
            } else {
                it.remove();
                decoded.remove(u.subflow());
            }
        }
        associate(timer, boundary, live, ctx, out);
        // Run every period while anything is live, so idle subflows time out and end their
        // sessions; not after the end of a bounded input (the watermark at +∞).
        if (!live.isEmpty() && ctx.timerService().currentWatermark() < Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(timer + config.periodMicros() / 1000);
        }
    }
}
