package dev.sampo.stream;

import dev.sampo.association.Evidence;
import dev.sampo.flow.SubflowId;
import dev.sampo.ids.ContentMatcher;
import dev.sampo.ids.IdsAlert;
import dev.sampo.ids.Reassembler;
import dev.sampo.ids.ReassemblyStats;
import dev.sampo.ids.RuleSet;
import dev.sampo.ids.SessionFacts;
import dev.sampo.packet.PacketRecord;
import dev.sampo.wire.PacketWire;
import dev.sampo.wire.Schemas;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IDS stage 2, keyed by session stream ({@link StreamKey}): each subtask runs
 * sampo-core's {@link Reassembler}, the one {@code ./sampo ids} runs, over the records of its
 * streams, and writes every alert to {@code sampo.alerts} in the JSON {@code ./sampo ids} prints,
 * keyed by session. The reassembler sees a session under its stream key (as text), so that association
 * renaming the session does not split its bytes; an alert names the session as association last
 * named it.
 *
 * <p>A session's subflows reach this stage out of capture order: each subflow's records wait in
 * stage 1 until association names its session, so a joining subflow's data can arrive before the
 * first subflow's handshake, which says where the stream begins. So records first wait here, in
 * keyed state, for {@link IdsSettings#sortMillis} of event time, and are matched in capture-time
 * order, as {@code ./sampo ids} reads a file. A record already older than that (it waited in
 * stage 1 past its session's first period) is matched at once ({@code sampoIdsLateRecords}).
 *
 * <p>Memory is bounded by the reassembler: per session direction at most {@code sampo.ids.window}
 * out-of-order bytes wait (past it the oldest hole is given up: {@code sampoIdsSkippedBytes}), and
 * streams and subflows idle for {@code sampo.idle-timeout} (record time) are forgotten
 * ({@code sampoIdsIdleEvictions}). The streams are not in checkpoints (see the README's IDS
 * section): after a restore they start again at the restored offsets. Records that carry TCP
 * data but no payload ({@code sampoIdsPayloadlessRecords}) still place their DSS mappings;
 * unreadable records ({@code sampoIdsBadRecords}) are skipped. Neither is fatal.
 */
final class IdsMatching extends KeyedProcessFunction<StreamKey, SessionSegment, Output> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(IdsMatching.class);
    private static final long SWEEP_MICROS = 1_000_000L;

    /** A subflow's session under its stream key (what the reassembler asks for), and when it was last seen. */
    private record Known(SessionFacts facts, long lastMicros) {
    }

    /** A stream's session as association last named it (by the stream key's text, the reassembler's session id). */
    private record Named(String session, long lastMicros) {
    }

    private final IdsSettings settings;
    /** Records waiting to be matched in capture-time order, by the event time (ms) they are due. */
    private transient MapState<Long, List<SessionSegment>> waiting;
    private transient Reassembler reassembler;
    private transient Map<SubflowId, Known> known;
    private transient Map<String, Named> names;
    private transient long lastSweep;
    /** Where the alerts of the record being matched go. */
    private transient Collector<Output> out;
    private transient Counter alerts;
    private transient Counter payloadless;
    private transient Counter bad;
    private transient Counter late;

    IdsMatching(IdsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        RuleSet rules = settings.ruleSet();
        rules.problems().forEach(p -> LOG.warn("IDS rule skipped: {}", p));
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("ids-waiting", Types.LONG,
                new ListTypeInfo<>(SessionSegment.TYPE)));
        known = new HashMap<>();
        names = new HashMap<>();
        reassembler = new Reassembler(new ContentMatcher(rules.rules()), Reassembler.Mode.SESSION,
                settings.windowBytes(), settings.idleMicros(), this::sessionOf, this::emit);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        alerts = metrics.counter("sampoIdsAlerts");
        payloadless = metrics.counter("sampoIdsPayloadlessRecords");
        bad = metrics.counter("sampoIdsBadRecords");
        late = metrics.counter("sampoIdsLateRecords");
        gauge(metrics, "sampoIdsDeliveredBytes", s -> s.deliveredBytes);
        gauge(metrics, "sampoIdsSkippedBytes", s -> s.skippedBytes);
        gauge(metrics, "sampoIdsIdleEvictions", s -> s.idleEvictions);
        gauge(metrics, "sampoIdsUncapturedBytes", s -> s.uncapturedBytes);
        gauge(metrics, "sampoIdsUnmappedBytes", s -> s.unmappedBytes);
        metrics.gauge("sampoIdsHeldStreams", () -> (long) reassembler.heldStreams());
    }

    private void gauge(MetricGroup metrics, String name, ToLongFunction<ReassemblyStats> value) {
        metrics.gauge(name, () -> value.applyAsLong(reassembler.stats()));
    }

    @Override
    public void processElement(SessionSegment segment, Context ctx, Collector<Output> out) throws Exception {
        PacketRecord r = read(segment);
        if (r == null) {
            return;
        }
        long due = Math.floorDiv(r.tsMicros(), 1000) + settings.sortMillis();
        if (due <= ctx.timerService().currentWatermark()) {
            late.inc();
            match(segment, r, out);
            return;
        }
        List<SessionSegment> dueList = waiting.get(due);
        if (dueList == null) {
            dueList = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(due);
        }
        dueList.add(segment);
        waiting.put(due, dueList);
    }

    /** The records due now, in capture-time order (arrival order among equal times). */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Output> out) throws Exception {
        List<SessionSegment> due = waiting.get(timestamp);
        waiting.remove(timestamp);
        if (due == null) {
            return;
        }
        List<SessionSegment> segments = new ArrayList<>(due.size());
        List<PacketRecord> records = new ArrayList<>(due.size());
        for (SessionSegment s : due) {
            PacketRecord r = read(s);
            if (r != null) {
                segments.add(s);
                records.add(r);
            }
        }
        List<Integer> order = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(i -> records.get(i).tsMicros()));
        for (int i : order) {
            match(segments.get(i), records.get(i), out);
        }
    }

    /** The record with its payload, or null (counted) when it cannot be read. */
    private PacketRecord read(SessionSegment segment) {
        try {
            return PacketWire.decode(segment.wire());
        } catch (PacketWire.MalformedRecordException e) {
            bad.inc(); // the evidence stage sends it to the dead letters, with the reason
            return null;
        }
    }

    private void match(SessionSegment segment, PacketRecord r, Collector<Output> out) {
        if (r.len() > 0 && r.payload() == null) {
            payloadless.inc();
        }
        long now = r.tsMicros();
        if (segment.session() != null) {
            SubflowId id = SubflowId.of(r.src(), r.sport(), r.dst(), r.dport());
            // The reassembler reads a session's id (here its stream key's text) and token only.
            String stream = segment.stream().toString();
            known.put(id, new Known(new SessionFacts(stream, segment.token(), List.of(id), 0, Evidence.NONE), now));
            names.put(stream, new Named(segment.session(), now));
        }
        this.out = out;
        reassembler.accept(r);
        if (now - lastSweep >= SWEEP_MICROS) {
            forgetIdle(now);
            lastSweep = now;
        }
    }

    /** What the reassembler asks when a subflow's first record arrives. */
    private SessionFacts sessionOf(SubflowId id) {
        Known k = known.get(id);
        return k == null ? null : k.facts();
    }

    private void emit(IdsAlert a) {
        Named named = a.session() == null ? null : names.get(a.session());
        String session = named == null ? null : named.session();
        IdsAlert alert = new IdsAlert(a.sid(), a.rev(), a.msg(), a.action(), session, a.subflows(), a.direction(),
                a.dsn(), a.ts());
        alerts.inc();
        out.collect(Output.of(settings.alertsTopic(), session != null ? session : a.subflows().get(0).toString(),
                alert.toJson(), Schemas.ALERT_V1));
    }

    /** Sessions are remembered as long as the reassembler keeps their streams: for the idle timeout. */
    private void forgetIdle(long now) {
        known.values().removeIf(k -> now - k.lastMicros() >= settings.idleMicros());
        names.values().removeIf(n -> now - n.lastMicros() >= settings.idleMicros());
    }
}
