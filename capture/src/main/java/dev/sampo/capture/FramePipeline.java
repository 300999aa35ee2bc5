package dev.sampo.capture;

import dev.sampo.capture.decap.DecapStats;
import dev.sampo.capture.decap.Decapsulation;
import dev.sampo.capture.decap.Decapsulator;
import dev.sampo.capture.decap.InnerFrame;
import dev.sampo.packet.DecodeStats;
import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketDecoder;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSink;
import dev.sampo.sampling.Sampler;

/**
 * What happens to each captured frame, independent of where frames come from: sample first (every
 * captured frame counts, docs/DOMAIN.md §5, and only kept frames cost more), decapsulate, decode with
 * the one {@link PacketDecoder}, and hand a {@link PacketRecord} to the sink. The sampling rate of
 * a record is the agent's N times any N the mirror applied upstream (a P4 shim's rate field).
 * Single-threaded; nothing but the record (and, when payload is kept, its copy) is allocated per
 * frame.
 */
public final class FramePipeline {
    private final int linkType;
    private final Sampler sampler;
    private final Decapsulator decapsulator;
    private final boolean mptcpOnly;
    private final boolean keepPayload;
    private final PacketSink sink;
    private final PacketDecoder decoder = new PacketDecoder();
    private final InnerFrame inner = new InnerFrame();
    private final Packet packet = new Packet();
    private long records;

    /**
     * @param linkType LINKTYPE of the captured frames
     * @param iface the capture interface, first in every record's observation point
     * @param mptcpOnly publish only segments with an MPTCP option (association evidence), not every TCP segment
     * @param keepPayload records carry the captured TCP payload ({@link PacketRecord#withPayload})
     */
    public FramePipeline(int linkType, String iface, Sampler sampler, Decapsulation decapsulation, boolean mptcpOnly,
                         boolean keepPayload, PacketSink sink) {
        this.linkType = linkType;
        this.sampler = sampler;
        this.decapsulator = new Decapsulator(decapsulation);
        this.mptcpOnly = mptcpOnly;
        this.keepPayload = keepPayload;
        this.sink = sink;
        inner.point.iface(iface);
    }

    /** Offers one captured frame, {@code b[off, off+len)}, captured at {@code timestampNanos} (Unix time). */
    public void accept(byte[] b, int off, int len, long timestampNanos) {
        if (!sampler.keep(Math.floorDiv(timestampNanos, 1000))) {
            return;
        }
        if (!decapsulator.decap(linkType, b, off, len, timestampNanos, inner).hasFrame()) {
            return;
        }
        if (decoder.decode(inner.linkType, b, inner.offset, inner.length, sampler.frames(), inner.timestampNanos, packet)
                && (!mptcpOnly || packet.mptcpCount > 0)) {
            long rate = (long) sampler.rate() * inner.upstreamSamplingRate;
            PacketRecord r = PacketRecord.of(packet, (int) Math.min(Integer.MAX_VALUE, rate), inner.point.label());
            sink.accept(keepPayload && decoder.capturedPayload() > 0
                    ? r.withPayload(b, decoder.payloadOffset(), decoder.capturedPayload()) : r);
            records++;
        }
    }

    /** Frames offered so far. */
    public long frames() {
        return sampler.frames();
    }

    /** Frames the sampler kept. */
    public long sampled() {
        return sampler.kept();
    }

    /** Records handed to the sink. */
    public long records() {
        return records;
    }

    public DecapStats decapStats() {
        return decapsulator.stats();
    }

    public DecodeStats decodeStats() {
        return decoder.stats();
    }
}
