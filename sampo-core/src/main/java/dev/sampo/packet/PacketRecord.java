package dev.sampo.packet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sampo.flow.IpAddress;
import dev.sampo.mptcp.MptcpOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A normalized TCP segment as every source (capture files, live capture, sFlow, P4 clones)
 * delivers it to association: the subset of a {@link Packet} that callers keep.
 *
 * @param frame source-specific frame index (1-based in a capture file)
 * @param tsMicros timestamp, microseconds since the Unix epoch
 * @param observationPoint where the packet was seen (agent/ifIndex, mirror session), or null
 * @param seq unsigned 32-bit TCP sequence number
 * @param ack unsigned 32-bit TCP acknowledgement number
 * @param len TCP payload length on the wire
 * @param flags TCP flags byte ({@link Packet#SYN} etc.)
 * @param samplingRate N of a 1-in-N sampler that selected this packet (1: not sampled)
 * @param missing what the capture cut off, or null when the headers are complete
 * @param payload the TCP payload as captured, at most {@link #MAX_PAYLOAD_BYTES} of it, when the
 *     source keeps payload (a full mirror read with {@code --payload}); null otherwise. It may be
 *     shorter than {@code len}: a snaplen or the cap cut it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"frame", "ts_us", "obs", "src", "sport", "dst", "dport", "seq", "ack", "len", "flags",
    "rate", "missing", "mptcp", "payload"})
public record PacketRecord(
        long frame,
        @JsonProperty("ts_us") long tsMicros,
        @JsonProperty("obs") String observationPoint,
        IpAddress src,
        int sport,
        IpAddress dst,
        int dport,
        long seq,
        long ack,
        int len,
        int flags,
        @JsonProperty("rate") int samplingRate,
        Missing missing,
        List<MptcpOption> mptcp,
        byte[] payload) {

    /**
     * The most payload one record carries: a TCP segment's largest (an IPv4 datagram's limit, and
     * what a capture offload hands over at most), and well inside Kafka's default 1 MB record.
     */
    public static final int MAX_PAYLOAD_BYTES = 65_535;

    public PacketRecord {
        mptcp = mptcp == null ? List.of() : mptcp;
        if (payload != null && payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes, more than "
                    + MAX_PAYLOAD_BYTES);
        }
    }

    /** A record without payload, as every source gives by default. */
    public PacketRecord(long frame, long tsMicros, String observationPoint, IpAddress src, int sport, IpAddress dst,
                        int dport, long seq, long ack, int len, int flags, int samplingRate, Missing missing,
                        List<MptcpOption> mptcp) {
        this(frame, tsMicros, observationPoint, src, sport, dst, dport, seq, ack, len, flags, samplingRate, missing,
                mptcp, null);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Copies what association needs out of a decoded packet. */
    public static PacketRecord of(Packet p, int samplingRate, String observationPoint) {
        List<MptcpOption> options;
        if (p.mptcpCount == 0) {
            options = List.of();
        } else {
            options = new ArrayList<>(p.mptcpCount);
            for (int i = 0; i < p.mptcpCount; i++) {
                options.add(MptcpOption.of(p.mptcp[i]));
            }
        }
        return new PacketRecord(p.frameNumber, Math.floorDiv(p.timestampNanos, 1000), observationPoint,
                p.src(), p.srcPort, p.dst(), p.dstPort, p.seq, p.ack, p.payloadLength, p.flags, samplingRate,
                p.missing == Missing.NOTHING ? null : p.missing, options);
    }

    /** This record with the captured payload {@code b[at, at+n)}, cut at {@link #MAX_PAYLOAD_BYTES}. */
    public PacketRecord withPayload(byte[] b, int at, int n) {
        return new PacketRecord(frame, tsMicros, observationPoint, src, sport, dst, dport, seq, ack, len, flags,
                samplingRate, missing, mptcp, Arrays.copyOfRange(b, at, at + Math.min(n, MAX_PAYLOAD_BYTES)));
    }

    // A record's own equals compares arrays by reference; two records with the same bytes are equal.
    @Override
    public boolean equals(Object o) {
        return o instanceof PacketRecord r && frame == r.frame && tsMicros == r.tsMicros && sport == r.sport
                && dport == r.dport && seq == r.seq && ack == r.ack && len == r.len && flags == r.flags
                && samplingRate == r.samplingRate && Objects.equals(observationPoint, r.observationPoint)
                && Objects.equals(src, r.src) && Objects.equals(dst, r.dst) && missing == r.missing
                && mptcp.equals(r.mptcp) && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(frame, tsMicros, observationPoint, src, sport, dst, dport, seq, ack, len, flags,
                samplingRate, missing, mptcp) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "PacketRecord[frame=" + frame + ", ts_us=" + tsMicros + ", obs=" + observationPoint + ", " + src + ":"
                + sport + " -> " + dst + ":" + dport + ", seq=" + seq + ", ack=" + ack + ", len=" + len + ", flags="
                + flags + ", rate=" + samplingRate + ", missing=" + missing + ", mptcp=" + mptcp
                + (payload == null ? "" : ", payload=" + payload.length + " bytes") + "]";
    }
}
