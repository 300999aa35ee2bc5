package dev.sampo.stream;

import dev.sampo.flow.SubflowId;
import dev.sampo.wire.SubflowRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * IDS stage 1, keyed by subflow: tags each {@code sampo.packets} record with its subflow's
 * session, as the grouping stage last wrote it to {@code sampo.subflows}. A subflow's records
 * come before association has seen it for a period, so until its first subflow record they are
 * held here, in keyed state, up to {@code sampo.ids.hold-bytes} (past it the oldest are dropped,
 * {@code sampoIdsHeldDropped}), then sent on in order with the session. Records still without a
 * session after {@code sampo.ids.hold} (event time) are sent on as a connection of their own
 * ({@code sampoIdsMatchedAlone}). A tombstone (association forgot the subflow) clears what is
 * known, so a later connection on the same 5-tuple waits for its own session.
 */
final class SessionOfSubflow extends KeyedCoProcessFunction<SubflowId, WirePacket, Output, SessionSegment> {
    private static final long serialVersionUID = 1L;

    private final IdsSettings settings;
    /**
     * The session's id and token as its subflow record names them, kept as that text: the type
     * earlier builds' savepoints hold.
     */
    private transient ValueState<String> session;
    private transient ValueState<String> token;
    private transient ListState<byte[]> held;
    private transient ValueState<Long> heldBytes;
    private transient Counter heldDropped;
    private transient Counter matchedAlone;
    private transient Counter badGroupings;
    private transient Counter unkeyed;

    SessionOfSubflow(IdsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        session = getRuntimeContext().getState(new ValueStateDescriptor<>("ids-session", Types.STRING));
        token = getRuntimeContext().getState(new ValueStateDescriptor<>("ids-token", Types.STRING));
        held = getRuntimeContext().getListState(new ListStateDescriptor<>("ids-held",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        heldBytes = getRuntimeContext().getState(new ValueStateDescriptor<>("ids-held-bytes", Types.LONG));
        var metrics = getRuntimeContext().getMetricGroup();
        heldDropped = metrics.counter("sampoIdsHeldDropped");
        matchedAlone = metrics.counter("sampoIdsMatchedAlone");
        badGroupings = metrics.counter("sampoIdsBadGroupings");
        unkeyed = metrics.counter("sampoIdsUnkeyedRecords");
    }

    @Override
    public void processElement1(WirePacket w, Context ctx, Collector<SessionSegment> out) throws Exception {
        if (ctx.getCurrentKey().equals(SubflowKey.UNKEYED)) {
            unkeyed.inc(); // the evidence stage sends these to the dead letters
            return;
        }
        String id = session.value();
        if (id != null) {
            out.collect(new SessionSegment(StreamKey.of(id, token.value()), id, w.value()));
            return;
        }
        Long before = heldBytes.value();
        if (before == null) {
            long now = ctx.timestamp() != null ? ctx.timestamp() : ctx.timerService().currentWatermark();
            ctx.timerService().registerEventTimeTimer(now + settings.holdMillis());
        }
        held.add(w.value());
        long bytes = (before == null ? 0 : before) + w.value().length;
        if (bytes > settings.holdBytes()) {
            bytes = dropOldest(bytes);
        }
        heldBytes.update(bytes);
    }

    @Override
    public void processElement2(Output o, Context ctx, Collector<SessionSegment> out) throws Exception {
        if (o.value == null) {
            release(new StreamKey.Subflow(ctx.getCurrentKey()), null, out);
            session.clear();
            token.clear();
            return;
        }
        SubflowRecord r;
        StreamKey stream;
        try {
            r = SubflowRecord.parse(o.value);
            stream = StreamKey.of(r.session(), r.token());
        } catch (IllegalArgumentException e) {
            badGroupings.inc(); // the grouping stage's own output: only a bug gets here, and it must not stop matching
            return;
        }
        session.update(r.session());
        token.update(r.token());
        release(stream, r.session(), out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SessionSegment> out) throws Exception {
        if (session.value() == null) {
            release(new StreamKey.Subflow(ctx.getCurrentKey()), null, out);
        }
    }

    /** Sends on what is held, in arrival order, in this stream with this session (null: as a connection of its own). */
    private void release(StreamKey stream, String id, Collector<SessionSegment> out) throws Exception {
        if (heldBytes.value() == null) {
            return;
        }
        for (byte[] wire : held.get()) {
            out.collect(new SessionSegment(stream, id, wire));
            if (id == null) {
                matchedAlone.inc();
            }
        }
        held.clear();
        heldBytes.clear();
    }

    /** Drops the oldest held records until what is held fits the cap again; returns the bytes held. */
    private long dropOldest(long bytes) throws Exception {
        List<byte[]> kept = new ArrayList<>();
        held.get().forEach(kept::add);
        int first = 0;
        while (bytes > settings.holdBytes() && first < kept.size()) {
            bytes -= kept.get(first++).length;
            heldDropped.inc();
        }
        held.update(kept.subList(first, kept.size()));
        return bytes;
    }
}
