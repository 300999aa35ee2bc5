package dev.sampo.stream;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.DsnBuckets;
import dev.sampo.association.EvidenceCollector;
import dev.sampo.association.PacketOrder;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import dev.sampo.wire.PacketWire;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Stage 1, keyed by subflow ({@link SubflowKey}): decodes each record (one that is not version-1
 * data, or whose key is not its subflow, is counted in {@code sampoBadRecords} and goes to
 * {@link #DEAD_LETTERS}), buffers a period's packets, applies them in content order when the
 * watermark closes the period (exactly as {@code AssociationEngine} does), and sends the subflow's
 * evidence to every DSN bucket its tracks touch (the main output), a removal to the buckets it
 * has left ({@link #REMOVALS}), and the evidence to the grouping ({@link #TO_GROUPING}). A packet
 * behind the watermark joins the next open period and is counted.
 */
final class SubflowEvidenceFunction extends KeyedProcessFunction<SubflowId, WirePacket, BucketUpdate> {
    private static final long serialVersionUID = 1L;
    private static final int[] NONE = new int[0];
    static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));
    static final OutputTag<BucketRemoval> REMOVALS = new OutputTag<>("bucket-removals", BucketRemoval.TYPE);
    static final OutputTag<SubflowUpdate> TO_GROUPING = new OutputTag<>("to-grouping", SubflowUpdate.TYPE);

    private final AssociationConfig config;
    private final int bucketCount;
    private transient EvidenceCollector collector;
    private transient DsnBuckets buckets;
    private transient ValueState<byte[]> evidence;
    private transient ValueState<int[]> sentTo;
    /** Packets waiting for their period to close, by period timer: a replay far ahead of the
     *  watermark leaves many periods pending, and each firing takes only its own. */
    private transient MapState<Long, List<PacketRecord>> pending;
    private transient Counter late;
    private transient Counter bad;

    SubflowEvidenceFunction(AssociationConfig config, int bucketCount) {
        this.config = config;
        this.bucketCount = bucketCount;
    }

    @Override
    public void open(OpenContext context) {
        collector = new EvidenceCollector(config);
        buckets = new DsnBuckets(bucketCount);
        evidence = getRuntimeContext().getState(
                new ValueStateDescriptor<>("evidence", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        sentTo = getRuntimeContext().getState(
                new ValueStateDescriptor<>("buckets", PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG,
                new ListTypeInfo<>(PacketRecordCodec.TYPE)));
        late = getRuntimeContext().getMetricGroup().counter("sampoLatePackets");
        bad = getRuntimeContext().getMetricGroup().counter("sampoBadRecords");
    }

    @Override
    public void processElement(WirePacket w, Context ctx, Collector<BucketUpdate> out) throws Exception {
        PacketRecord p;
        try {
            p = PacketWire.decode(w.value);
        } catch (PacketWire.MalformedRecordException e) {
            reject(w, e.getMessage(), ctx);
            return;
        }
        SubflowId subflow = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
        if (!subflow.equals(ctx.getCurrentKey()) || ctx.getCurrentKey().equals(SubflowKey.UNKEYED)) {
            // Keyed state must hold one subflow: a wrong key would mix two subflows' evidence.
            reject(w, "key '" + w.subflow + "' is not the record's subflow " + subflow, ctx);
            return;
        }
        long timer = Periods.timerOf(p.tsMicros(), config.periodMicros());
        long watermark = ctx.timerService().currentWatermark();
        if (timer <= watermark) {
            late.inc();
            timer = Periods.firstTimerAfter(watermark, config.periodMicros());
        }
        List<PacketRecord> period = pending.get(timer);
        if (period == null) {
            period = new ArrayList<>();
        }
        period.add(p);
        pending.put(timer, period);
        ctx.timerService().registerEventTimeTimer(timer);
    }

    private void reject(WirePacket w, String why, Context ctx) {
        bad.inc();
        ctx.output(DEAD_LETTERS, DeadLetter.of(w, why));
    }

    @Override
    public void onTimer(long timer, OnTimerContext ctx, Collector<BucketUpdate> out) throws Exception {
        long boundary = Periods.boundaryOf(timer);
        List<PacketRecord> due = new ArrayList<>();
        Iterator<Map.Entry<Long, List<PacketRecord>>> periods = pending.iterator();
        while (periods.hasNext()) {
            Map.Entry<Long, List<PacketRecord>> period = periods.next();
            if (period.getKey() <= timer) {
                due.addAll(period.getValue());
                periods.remove();
            }
        }
        if (pending.isEmpty()) {
            // Emptied by the iterator, the heap backend would keep an empty map for every subflow ever seen.
            pending.clear();
        }
        byte[] stored = evidence.value();
        SubflowEvidence s = stored == null ? null : SubflowEvidence.fromBytes(stored);
        if (due.isEmpty()) {
            // The idle-timeout timer: the other stages drop the subflow at this boundary too.
            if (s != null && !collector.retain(s, boundary)) {
                forget();
            }
            return;
        }
        if (s != null && !collector.retain(s, boundary - config.periodMicros())) {
            forget(); // idle since the last boundary: the engine would start it afresh
            s = null;
        }
        due.sort(PacketOrder.BY_CONTENT);
        SubflowId id = ctx.getCurrentKey();
        for (PacketRecord p : due) {
            s = collector.apply(p, id, s);
        }
        if (s == null) {
            return; // no MPTCP option seen yet: plain TCP so far
        }
        if (!collector.retain(s, boundary)) {
            forget();
            return;
        }
        send(new SubflowUpdate(timer, id, s.toBytes()), s, ctx, out);
        ctx.timerService().registerEventTimeTimer(
                Periods.timerOf(s.lastSeen() + config.idleTimeoutMicros(), config.periodMicros()));
    }

    private void send(SubflowUpdate update, SubflowEvidence s, OnTimerContext ctx, Collector<BucketUpdate> out)
            throws Exception {
        evidence.update(update.evidence());
        ctx.output(TO_GROUPING, update);
        int[] now = buckets.bucketsOf(s);
        for (int b : now) {
            out.collect(new BucketUpdate(b, update));
        }
        int[] before = sentTo.value();
        for (int b : before == null ? NONE : before) {
            if (Arrays.binarySearch(now, b) < 0) {
                ctx.output(REMOVALS, new BucketRemoval(b, update.period(), update.subflow()));
            }
        }
        sentTo.update(now);
    }

    /** Drops the subflow; the buckets and the grouping drop their copies by the same idle rule. */
    private void forget() {
        evidence.clear();
        sentTo.clear();
    }
}
