package dev.sampo.packet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sampo.flow.IpAddress;
import dev.sampo.mptcp.MptcpOption;
import java.util.ArrayList;
import java.util.List;

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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"frame", "ts_us", "obs", "src", "sport", "dst", "dport", "seq", "ack", "len", "flags",
    "rate", "missing", "mptcp"})
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
        List<MptcpOption> mptcp) {

    public PacketRecord {
        mptcp = mptcp == null ? List.of() : mptcp;
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
}
