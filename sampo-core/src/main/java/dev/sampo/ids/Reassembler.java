package dev.sampo.ids;

import static dev.sampo.ids.SubflowState.MASK32;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.mptcp.Keys;
import dev.sampo.mptcp.MptcpOption;
import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Puts each MPTCP session's byte stream back together per direction by data sequence number,
 * across all its subflows, and matches content rules on it (or, in {@link Mode#PER_SUBFLOW},
 * each TCP connection's own stream, as a subflow-blind IDS sees it). A segment's bytes are
 * placed by the DSS mappings of its subflow direction: relative subflow sequence number (from the
 * SYN's ISN, or inferred as {@code seq − ssn} from the first mapping seen when the SYN was missed)
 * → DSN; 32-bit DSNs are extended against the stream's latest; MPTCP v1's first data (carried by
 * MP_CAPABLE, no DSS) starts at IDSN + 1. Connections association did not put in a session are
 * matched on their own stream, as plain TCP. It reads packet records, so that a capture file
 * ({@link IdsRun}) and the records of {@code sampo.packets} (the streaming job) go through the
 * same code.
 */
public final class Reassembler {
    public enum Mode { SESSION, PER_SUBFLOW }

    /** Default cap of out-of-order bytes waiting per stream direction. */
    public static final long DEFAULT_WINDOW_BYTES = 4L << 20;
    /**
     * Default idle timeout: a stream without a segment for this long (capture time) is finished and
     * forgotten, and so is a subflow once its session has no stream left: what is held is what is
     * live, not everything the capture ever carried. As association's default idle timeout.
     */
    public static final long DEFAULT_IDLE_MICROS = 120_000_000L;
    private static final long SWEEP_MICROS = 1_000_000L;

    private record SessionLane(String session, int direction) {
    }

    private final ContentMatcher matcher;
    private final Mode mode;
    private final long windowBytes;
    private final long idleMicros;
    private final Function<SubflowId, SessionFacts> sessionOf;
    private final Consumer<IdsAlert> alerts;
    private final Map<SubflowId, SubflowState> subflows = new HashMap<>();
    /** Subflows by the number streams know them by; numbers are not reused. */
    private final Map<Integer, SubflowState> byIndex = new HashMap<>();
    private int nextIndex;
    private long lastSweep = Long.MIN_VALUE;
    private final Map<SessionLane, Lane> sessionLanes = new HashMap<>();
    private final ReassemblyStats stats = new ReassemblyStats();

    /**
     * @param sessionOf each MPTCP subflow's session, as association grouped them (id and token), or
     *     null; asked once, when the subflow's first packet arrives
     * @param windowBytes the cap of out-of-order bytes waiting per stream direction
     * @param idleMicros when an idle stream or subflow is forgotten ({@link #DEFAULT_IDLE_MICROS})
     */
    public Reassembler(ContentMatcher matcher, Mode mode, long windowBytes, long idleMicros,
                       Function<SubflowId, SessionFacts> sessionOf, Consumer<IdsAlert> alerts) {
        if (windowBytes <= 0 || idleMicros <= 0) {
            throw new IllegalArgumentException("reassembly window and idle timeout must be positive: " + windowBytes
                    + " bytes, " + idleMicros + " µs");
        }
        this.idleMicros = idleMicros;
        this.matcher = matcher;
        this.mode = mode;
        this.windowBytes = windowBytes;
        this.sessionOf = sessionOf;
        this.alerts = alerts;
    }

    public ReassemblyStats stats() {
        return stats;
    }

    /** One record of {@code sampo.packets}, with the payload it carries (none: all of it uncaptured). */
    public void accept(PacketRecord p) {
        byte[] payload = p.payload();
        accept(p, payload == null ? new byte[0] : payload, 0, payload == null ? 0 : payload.length);
    }

    /**
     * One TCP segment; its payload's captured bytes are {@code b[at, at+n)}, as the decoder
     * located them ({@link dev.sampo.packet.PacketDecoder#payloadOffset()},
     * {@link dev.sampo.packet.PacketDecoder#capturedPayload()}).
     */
    public void accept(PacketRecord p, byte[] b, int at, int n) {
        long ts = p.tsMicros();
        if (lastSweep == Long.MIN_VALUE) {
            lastSweep = ts;
        } else if (ts - lastSweep >= Math.min(SWEEP_MICROS, idleMicros)) {
            sweep(ts);
            lastSweep = ts;
        }
        IpAddress src = p.src();
        SubflowId id = SubflowId.of(src, p.sport(), p.dst(), p.dport());
        SubflowState s = subflows.computeIfAbsent(id, this::newSubflow);
        s.lastMicros = ts;
        int d = id.direction(src, p.sport());
        if (p.has(Packet.SYN)) {
            s.isn[d] = p.seq();
            if (!p.has(Packet.ACK)) {
                s.opener = d;
            }
        }
        for (MptcpOption o : p.mptcp()) {
            option(s, d, p, o, ts);
        }
        if (p.len() == 0) {
            return;
        }
        stats.segments++;
        stats.payloadBytes += p.len();
        stats.uncapturedBytes += p.len() - n;
        if (n == 0) {
            return;
        }
        long seq = p.has(Packet.SYN) ? (p.seq() + 1) & MASK32 : p.seq(); // data on a SYN (Fast Open) follows it
        if (mode == Mode.PER_SUBFLOW || s.session == null) {
            Lane own = ownLane(s, d, ts);
            if (s.isn[d] >= 0) {
                own.stream().startAt(s.isn[d] + 1);
            }
            own.offer(extend(seq, own.stream(), s.isn[d] < 0 ? seq : s.isn[d] + 1), b, at, n, s.index, ts);
        } else {
            placeByDsn(s, d, seq, b, at, n, ts);
        }
    }

    /** Delivers what still waits in every stream (holes skipped and counted). */
    public void finish() {
        sessionLanes.values().forEach(Lane::finish);
        byIndex.values().forEach(Reassembler::finishOwn);
    }

    /** Streams held now (bounded by what is live, see {@link #DEFAULT_IDLE_MICROS}). */
    public int heldStreams() {
        int own = 0;
        for (SubflowState s : byIndex.values()) {
            own += (s.own[0] != null ? 1 : 0) + (s.own[1] != null ? 1 : 0);
        }
        return sessionLanes.size() + own;
    }

    public int heldSubflows() {
        return subflows.size();
    }

    private static void finishOwn(SubflowState s) {
        for (Lane own : s.own) {
            if (own != null) {
                own.finish();
            }
        }
    }

    /**
     * Finishes session streams idle for the idle timeout, then forgets idle subflows whose
     * session has no stream left (a match in a live stream may still name them).
     */
    private void sweep(long now) {
        var lanes = sessionLanes.entrySet().iterator();
        while (lanes.hasNext()) {
            Lane lane = lanes.next().getValue();
            if (now - lane.stream().lastOfferMicros() >= idleMicros) {
                lane.finish();
                lanes.remove();
                stats.idleEvictions++;
            }
        }
        var states = subflows.values().iterator();
        while (states.hasNext()) {
            SubflowState s = states.next();
            if (now - s.lastMicros >= idleMicros && (s.session == null
                    || !sessionLanes.containsKey(new SessionLane(s.session, SubflowState.CLIENT_TO_SERVER))
                    && !sessionLanes.containsKey(new SessionLane(s.session, SubflowState.SERVER_TO_CLIENT)))) {
                finishOwn(s);
                states.remove();
                byIndex.remove(s.index);
                stats.idleEvictions++;
            }
        }
    }

    private SubflowState newSubflow(SubflowId id) {
        SessionFacts session = sessionOf.apply(id);
        SubflowState s = new SubflowState(nextIndex++, id, session == null ? null : session.id(),
                session == null ? null : session.token());
        byIndex.put(s.index, s);
        return s;
    }

    private void option(SubflowState s, int d, PacketRecord p, MptcpOption option, long ts) {
        if (option instanceof MptcpOption.MpJoin o && o.token() != null && p.has(Packet.SYN) && !p.has(Packet.ACK)) {
            s.joinToken = String.format("%08x", o.token());
        } else if (option instanceof MptcpOption.MpCapable o && o.senderKey() != null) {
            startAtIdsn(s, d, o.senderKey(), o.version(), ts);
            if (o.receiverKey() != null) {
                startAtIdsn(s, 1 - d, o.receiverKey(), o.version(), ts);
            }
            if (o.dataLevelLength() != null) {
                // MPTCP v1's first data rides on MP_CAPABLE: DSN IDSN + 1 at relative sequence 1.
                s.mappings[d].add(1, Keys.idsn(o.senderKey(), o.version()) + 1, o.dataLevelLength());
            }
        } else if (option instanceof MptcpOption.Dss o && o.dsn() != null && o.ssn() != null && o.dll() != null) {
            long dsn = o.dsn();
            if (o.dsnBytes() != null && o.dsnBytes() == 4 && s.session != null && mode == Mode.SESSION) {
                Lane lane = sessionLane(s.session, s.sessionDirection(d), ts);
                dsn = extend(o.dsn(), lane.stream(), o.dsn());
            }
            if (s.isn[d] < 0 && p.len() > 0) {
                s.isn[d] = (p.seq() - o.ssn()) & MASK32; // the SYN was missed: this segment starts its mapping
            }
            s.mappings[d].add(o.ssn(), dsn, o.dll());
        }
    }

    private void startAtIdsn(SubflowState s, int d, long key, int version, long ts) {
        if (s.session != null && mode == Mode.SESSION) {
            sessionLane(s.session, s.sessionDirection(d), ts).stream().startAt(Keys.idsn(key, version) + 1);
        }
    }

    private void placeByDsn(SubflowState s, int d, long seq, byte[] b, int at, int n, long ts) {
        if (s.isn[d] < 0) {
            stats.unmappedBytes += n;
            return;
        }
        Lane lane = sessionLane(s.session, s.sessionDirection(d), ts);
        SubflowState.DssMappings maps = s.mappings[d];
        long relative = (seq - s.isn[d]) & MASK32;
        int done = 0;
        while (done < n) {
            long ssn = (relative + done) & MASK32;
            int slot = maps.find(ssn);
            if (slot < 0) {
                stats.unmappedBytes += n - done;
                return;
            }
            long into = maps.offsetIn(slot, ssn);
            int take = (int) Math.min(n - done, maps.length(slot) - into);
            lane.offer(maps.dsn(slot) + into, b, at + done, take, s.index, ts);
            done += take;
        }
    }

    /** A 32-bit number as the 64-bit one nearest the stream's latest position (or {@code first}). */
    private static long extend(long value32, OrderedStream stream, long first) {
        long ref = stream.started() ? stream.latest() : first;
        return ref + (int) (value32 - (ref & MASK32));
    }

    private Lane ownLane(SubflowState s, int d, long ts) {
        if (s.own[d] == null) {
            OrderedStream stream = new OrderedStream(new StreamScanner(matcher), windowBytes, stats, ts);
            int direction = s.sessionDirection(d);
            s.own[d] = new Lane(stream, (rule, start, spanned, at) -> alert(rule, s.session, spanned, direction,
                    stream.absolute(start) & MASK32, at));
        }
        return s.own[d];
    }

    private Lane sessionLane(String session, int direction, long ts) {
        return sessionLanes.computeIfAbsent(new SessionLane(session, direction), k -> {
            OrderedStream stream = new OrderedStream(new StreamScanner(matcher), windowBytes, stats, ts);
            return new Lane(stream, (rule, start, spanned, at) -> alert(rule, session, spanned, direction,
                    stream.absolute(start), at));
        });
    }

    private void alert(Rule rule, String session, BitSet spanned, int direction, long position, long tsMicros) {
        List<SubflowId> ids = new ArrayList<>();
        boolean fits = false;
        for (int i = spanned.nextSetBit(0); i >= 0; i = spanned.nextSetBit(i + 1)) {
            SubflowState t = byIndex.get(i);
            ids.add(t.id);
            boolean aSends = t.sessionDirection(0) == direction;
            fits |= aSends ? rule.appliesTo(t.id.a(), t.id.aPort(), t.id.b(), t.id.bPort())
                    : rule.appliesTo(t.id.b(), t.id.bPort(), t.id.a(), t.id.aPort());
        }
        if (!fits) {
            stats.headerMismatches++;
            return;
        }
        ids.sort(null);
        alerts.accept(new IdsAlert(rule.sid(), rule.rev(), rule.msg(), rule.action(), session, List.copyOf(ids),
                SubflowState.directionName(direction), position, BigDecimal.valueOf(tsMicros, 6)));
    }
}
