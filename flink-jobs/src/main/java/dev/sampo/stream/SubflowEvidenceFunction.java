package dev.sampo.stream;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.DsnBuckets;
import dev.sampo.association.EvidenceCollector;
import dev.sampo.association.PacketOrder;
import dev.sampo.association.SubflowCap;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.association.SubflowSummary;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import dev.sampo.wire.PacketWire;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
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
 * has left ({@link #REMOVALS}), and its summary to the grouping ({@link #TO_GROUPING}). A packet
 * behind the watermark joins the next open period and is counted.
 *
 * <p>It is the one stage that expires evidence: a timer at the first boundary where retention
 * would change a subflow's evidence (its oldest box passing the horizon, or the idle timeout)
 * sends the expired evidence on, or the subflow's removal to its buckets and the grouping. The
 * other stages thus hear of every change and work only on what changed in a period.
 *
 * <p>The live subflows of a subtask are capped ({@code sampo.max-subflows}) by the engine's rule
 * ({@link SubflowCap}): past the cap, the subflows with the least evidence are evicted, each with
 * its keyed state and timers, a removal to its buckets and an eviction notice to the grouping, and
 * counted in {@code sampoEvictedSubflows}; {@code sampoLiveSubflows} is the subtask's live count.
 * The ranks are kept on the heap and rebuilt from keyed state on a restore. It runs in
 * {@link EvidenceOperator}, which gives it the state of subflows other than the current one.
 *
 * <p>What a live subflow holds, once its periods have closed: its evidence bytes (keyed state),
 * one expiry timer and its rank for the cap, all three under one object for its id, the one the
 * cap was first given (the state's key). The buckets the evidence was sent to are the stored
 * evidence's own ({@link DsnBuckets#bucketsOf}), and the expiry timer of the stored evidence is
 * deleted when a change moves it, so a subflow busy for minutes does not leave one timer a period
 * behind (each its own copy of the id) until its idle timeout.
 */
final class SubflowEvidenceFunction extends KeyedProcessFunction<SubflowId, WirePacket, BucketUpdate> {
    private static final long serialVersionUID = 1L;
    static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));
    static final OutputTag<BucketRemoval> REMOVALS = new OutputTag<>("bucket-removals", BucketRemoval.TYPE);
    static final OutputTag<SubflowChange> TO_GROUPING = new OutputTag<>("to-grouping", SubflowChange.TYPE);

    /** The evidence of a subflow, the one state that makes it live. */
    private static final ValueStateDescriptor<byte[]> EVIDENCE =
            new ValueStateDescriptor<>("evidence", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    /**
     * What earlier builds kept beside the evidence: the buckets it was sent to (about 80 bytes a live
     * subflow), which are the stored evidence's own. A restore clears it.
     */
    static final RetiredState RETIRED = new RetiredState(List.of(
            new ValueStateDescriptor<>("buckets", PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO)));

    /** What the stage did with the stored evidence: the buckets it sent it to, and the timer that expires it. */
    private record Sent(int[] buckets, long expiryTimer) {
        static final Sent NOTHING = new Sent(new int[0], Long.MIN_VALUE);
    }

    /** What the function needs of its operator to reach another subflow's keyed state. */
    interface OtherSubflows {
        /** Runs the action with the subflow's keyed state and timers current. */
        void withStateOf(SubflowId subflow, SubflowAction action) throws Exception;

        /**
         * Runs the action with the keyed state current of each subflow that holds an entry of this
         * state, none if no subflow does or the state is unknown; the keys are listed first, so the
         * action may clear the state.
         */
        void withEachKeyOf(StateDescriptor<?, ?> state, SubflowAction action) throws Exception;

        /** Gives every subflow's stored value of this state. */
        void forEachStored(ValueStateDescriptor<byte[]> state, BiConsumer<SubflowId, byte[]> action) throws Exception;
    }

    interface SubflowAction {
        void run() throws Exception;
    }

    private final AssociationConfig config;
    private final int bucketCount;
    private transient OtherSubflows others;
    private transient SubflowCap cap;
    private transient EvidenceCollector collector;
    private transient DsnBuckets buckets;
    private transient ValueState<byte[]> evidence;
    /** Packets waiting for their period to close, by period timer: a replay far ahead of the
     *  watermark leaves many periods pending, and each firing takes only its own. */
    private transient MapState<Long, List<PacketRecord>> pending;
    private transient Counter late;
    private transient Counter bad;
    private transient Counter evicted;

    SubflowEvidenceFunction(AssociationConfig config, int bucketCount) {
        this.config = config;
        this.bucketCount = bucketCount;
    }

    /** The DSN buckets the evidence is sent to ({@code sampo.buckets}). */
    int bucketCount() {
        return bucketCount;
    }

    @Override
    public void open(OpenContext context) {
        collector = new EvidenceCollector(config);
        buckets = new DsnBuckets(bucketCount);
        cap = new SubflowCap(config.maxSubflows());
        evidence = getRuntimeContext().getState(EVIDENCE);
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG,
                new ListTypeInfo<>(PacketRecordCodec.TYPE)));
        late = getRuntimeContext().getMetricGroup().counter("sampoLatePackets");
        bad = getRuntimeContext().getMetricGroup().counter("sampoBadRecords");
        evicted = getRuntimeContext().getMetricGroup().counter("sampoEvictedSubflows");
        getRuntimeContext().getMetricGroup().gauge("sampoLiveSubflows", () -> cap.size());
    }

    /**
     * Called by the operator once open: ranks the subflows restored into keyed state, under the
     * state's own key, and clears the {@link #RETIRED} state of those that hold any (none, unless
     * restored from an earlier build: a restore of this build writes nothing).
     */
    void attach(OtherSubflows operator) throws Exception {
        others = operator;
        operator.forEachStored(EVIDENCE, (subflow, bytes) -> cap.update(subflow, SubflowEvidence.fromBytes(bytes)));
        for (StateDescriptor<?, ?> retired : RETIRED.descriptors()) {
            operator.withEachKeyOf(retired, () -> RETIRED.clear(getRuntimeContext()));
        }
    }

    @Override
    public void processElement(WirePacket w, Context ctx, Collector<BucketUpdate> out) throws Exception {
        PacketRecord p;
        try {
            p = PacketWire.decodeHeaders(w.value());
        } catch (PacketWire.MalformedRecordException e) {
            reject(w, e.getMessage(), ctx);
            return;
        }
        SubflowId subflow = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
        if (!subflow.equals(ctx.getCurrentKey()) || ctx.getCurrentKey().equals(SubflowKey.UNKEYED)) {
            // Keyed state must hold one subflow: a wrong key would mix two subflows' evidence.
            reject(w, "key '" + w.keyText() + "' is not the record's subflow " + subflow, ctx);
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
            // The period's timer goes with its list: registered once, not once a packet.
            period = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(timer);
        }
        period.add(p);
        pending.put(timer, period);
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
        SubflowId id = ctx.getCurrentKey();
        // Before packets and retention change s.
        Sent sent = s == null ? Sent.NOTHING : sentOf(s);
        if (due.isEmpty()) {
            // An expiry timer (or, from an earlier build, one made stale by a later change): retention alone
            // changes the evidence.
            EvidenceCollector.Retention r = s == null ? EvidenceCollector.Retention.KEPT : collector.retention(s, boundary);
            if (r == EvidenceCollector.Retention.TIMED_OUT) {
                leave(id, sent, timer, ctx);
            }
            if (r != EvidenceCollector.Retention.EXPIRED) {
                return;
            }
        } else {
            if (s != null && !collector.retain(s, boundary - config.periodMicros())) {
                s = null; // idle since the last boundary: the engine would start it afresh
            }
            due.sort(PacketOrder.BY_CONTENT);
            for (PacketRecord p : due) {
                s = collector.apply(p, id, s);
            }
            if (s == null || !collector.retain(s, boundary)) {
                // no MPTCP option seen yet (plain TCP so far), or only packets too old to keep it
                if (sent != Sent.NOTHING) {
                    leave(id, sent, timer, ctx);
                }
                return;
            }
        }
        send(new SubflowUpdate(timer, id, s.toBytes()), s, sent, ctx, out);
        SubflowId held = cap.update(id, s);
        long expiry = expiryTimerOf(s);
        if (expiry != sent.expiryTimer()) {
            deleteExpiryTimer(sent, ctx);
            // Under the id the state and the cap hold: the current key may be a packet's own copy.
            others().withStateOf(held, () -> ctx.timerService().registerEventTimeTimer(expiry));
        }
        evictPastCap(timer, ctx);
    }

    private OtherSubflows others() {
        if (others == null) {
            throw new IllegalStateException("SubflowEvidenceFunction runs in an EvidenceOperator, which reaches other keys");
        }
        return others;
    }

    private Sent sentOf(SubflowEvidence s) {
        return new Sent(buckets.bucketsOf(s), expiryTimerOf(s));
    }

    /** Deletes the stored evidence's expiry timer, unless a period with packets pending holds the same timer. */
    private void deleteExpiryTimer(Sent sent, OnTimerContext ctx) throws Exception {
        if (sent != Sent.NOTHING && !pending.contains(sent.expiryTimer())) {
            ctx.timerService().deleteEventTimeTimer(sent.expiryTimer());
        }
    }

    /** The timer of the first period whose boundary changes the subflow's evidence if no packet comes. */
    private long expiryTimerOf(SubflowEvidence s) {
        return Periods.timerOf(collector.nextExpiry(s), config.periodMicros());
    }

    private void evictPastCap(long timer, OnTimerContext ctx) throws Exception {
        for (SubflowId victim : cap.overflow()) {
            others().withStateOf(victim, () -> evict(victim, timer, ctx));
            evicted.inc();
        }
    }

    /**
     * Drops an evicted subflow (its keyed state current) as of the period: its state, its timers
     * (so that no timer outlives it), its copies in the buckets and in the grouping.
     */
    private void evict(SubflowId victim, long timer, OnTimerContext ctx) throws Exception {
        byte[] stored = evidence.value();
        for (Long period : pending.keys()) {
            ctx.timerService().deleteEventTimeTimer(period);
        }
        pending.clear();
        leave(victim, stored == null ? Sent.NOTHING : sentOf(SubflowEvidence.fromBytes(stored)), timer, ctx);
    }

    private void send(SubflowUpdate update, SubflowEvidence s, Sent sent, OnTimerContext ctx,
                      Collector<BucketUpdate> out) throws Exception {
        evidence.update(update.evidence());
        ctx.output(TO_GROUPING, SubflowChange.of(update.period(), SubflowSummary.of(s)));
        int[] now = buckets.bucketsOf(s);
        for (int b : now) {
            out.collect(new BucketUpdate(b, update));
        }
        for (int b : sent.buckets()) {
            if (Arrays.binarySearch(now, b) < 0) {
                ctx.output(REMOVALS, new BucketRemoval(b, update.period(), update.subflow()));
            }
        }
    }

    /**
     * Drops the subflow (its keyed state current) as of the period: its state, its expiry timer, its
     * rank, its copies in the buckets and the grouping.
     */
    private void leave(SubflowId id, Sent sent, long timer, OnTimerContext ctx) throws Exception {
        for (int b : sent.buckets()) {
            ctx.output(REMOVALS, new BucketRemoval(b, timer, id));
        }
        ctx.output(TO_GROUPING, SubflowChange.removed(timer, id));
        deleteExpiryTimer(sent, ctx);
        evidence.clear();
        cap.remove(id);
    }
}
