package dev.sampo.stream;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.EvidenceCollector;
import dev.sampo.association.SubflowEvidence;
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
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A stage that keeps a copy of the evidence of every live subflow sent to it and runs at every
 * period boundary while it holds any: updates of the period are applied, idle subflows dropped and
 * old evidence expired by the same rule as the engine's, then {@link #associate} runs over what is
 * live. Copies are replaced whole by stage 1 and expired identically everywhere, so every stage
 * sees the same evidence in the same period.
 */
abstract class PeriodicAssociation<OUT> extends KeyedProcessFunction<Integer, Update, OUT> {
    private static final long serialVersionUID = 1L;

    protected final AssociationConfig config;
    private transient EvidenceCollector collector;
    private transient MapState<String, byte[]> subflows;
    private transient ListState<Update> inbox;
    /**
     * The evidence decoded from the very byte array the state holds: decoding every live subflow
     * every period was a tenth of these stages' time. Expiry on the decoded copy is the engine's
     * (monotone), so a copy decoded afresh after a restore and expired again is the same.
     */
    private transient Map<String, Decoded> decoded;

    private record Decoded(byte[] bytes, SubflowEvidence evidence) {
    }

    PeriodicAssociation(AssociationConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        collector = new EvidenceCollector(config);
        subflows = getRuntimeContext().getMapState(new MapStateDescriptor<>("subflows", Types.STRING,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        inbox = getRuntimeContext().getListState(new ListStateDescriptor<>("inbox", TypeInformation.of(Update.class)));
        decoded = new HashMap<>();
    }

    @Override
    public void processElement(Update u, Context ctx, Collector<OUT> out) throws Exception {
        inbox.add(u);
        ctx.timerService().registerEventTimeTimer(u.period);
    }

    @Override
    public void onTimer(long timer, OnTimerContext ctx, Collector<OUT> out) throws Exception {
        List<Update> pairs = new ArrayList<>();
        List<Update> later = new ArrayList<>();
        for (Update u : inbox.get()) {
            if (u.period > timer) {
                later.add(u);
            } else if (u.kind == Update.Kind.EVIDENCE) {
                subflows.put(u.id, u.payload);
            } else if (u.kind == Update.Kind.REMOVE) {
                subflows.remove(u.id);
                decoded.remove(u.id);
            } else if (u.period == timer) {
                pairs.add(u);
            }
        }
        inbox.update(later);
        long boundary = Periods.boundaryOf(timer);
        List<SubflowEvidence> live = new ArrayList<>();
        Iterator<Map.Entry<String, byte[]>> it = subflows.iterator();
        while (it.hasNext()) {
            Map.Entry<String, byte[]> entry = it.next();
            Decoded d = decoded.get(entry.getKey());
            if (d == null || d.bytes != entry.getValue()) {
                d = new Decoded(entry.getValue(), SubflowEvidence.fromBytes(entry.getValue()));
                decoded.put(entry.getKey(), d);
            }
            if (collector.retain(d.evidence, boundary)) {
                live.add(d.evidence);
            } else {
                it.remove();
                decoded.remove(entry.getKey());
            }
        }
        associate(timer, boundary, live, pairs, ctx, out);
        // Run every period while anything is live, so idle subflows time out and end their
        // sessions; not after the end of a bounded input (the watermark at +∞).
        if (!live.isEmpty() && ctx.timerService().currentWatermark() < Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(timer + config.periodMicros() / 1000);
        }
    }

    /**
     * @param pairs the pair decisions of this period (for the grouping stage)
     */
    abstract void associate(long timer, long boundaryMicros, List<SubflowEvidence> live, List<Update> pairs,
                            OnTimerContext ctx, Collector<OUT> out) throws Exception;
}
