package dev.sampo.pcap;

import dev.sampo.packet.DecodeStats;
import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketDecoder;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.sampling.Sampler;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Packets of a capture file: every frame is counted and offered to the sampler first, so only
 * sampled frames are decoded; MPTCP-bearing TCP segments become records (plain segments carry no
 * association evidence, and skipping them keeps the offline path fast). With payload kept, each
 * record carries its segment's captured payload (up to {@link PacketRecord#MAX_PAYLOAD_BYTES}):
 * what a full-mirror source publishes for the job's IDS stage.
 */
public final class CapturePacketSource implements PacketSource {
    private final CaptureReader reader;
    private final Sampler sampler;
    private final boolean mptcpOnly;
    private final boolean keepPayload;
    private final PacketDecoder decoder = new PacketDecoder();
    private final Frame frame = new Frame();
    private final Packet packet = new Packet();

    public CapturePacketSource(Path file, Sampler sampler, boolean mptcpOnly) throws IOException {
        this(file, sampler, mptcpOnly, false);
    }

    /** @param keepPayload whether records carry the captured TCP payload */
    public CapturePacketSource(Path file, Sampler sampler, boolean mptcpOnly, boolean keepPayload) throws IOException {
        this.reader = CaptureFiles.open(file);
        this.sampler = sampler;
        this.mptcpOnly = mptcpOnly;
        this.keepPayload = keepPayload;
    }

    @Override
    public PacketRecord next() throws IOException {
        while (reader.next(frame)) {
            if (!sampler.keep(Math.floorDiv(frame.timestampNanos, 1000))) {
                continue;
            }
            if (frame.decodeWith(decoder, packet) && (!mptcpOnly || packet.mptcpCount > 0)) {
                PacketRecord r = PacketRecord.of(packet, sampler.rate(), null);
                return keepPayload && decoder.capturedPayload() > 0
                        ? r.withPayload(frame.data, decoder.payloadOffset(), decoder.capturedPayload()) : r;
            }
        }
        return null;
    }

    /** The current frame and its decoded packet, for callers that print more than a record holds. */
    public Packet lastPacket() {
        return packet;
    }

    @Override
    public long frames() {
        return sampler.frames();
    }

    @Override
    public long sampledFrames() {
        return sampler.kept();
    }

    @Override
    public DecodeStats decodeStats() {
        return decoder.stats();
    }

    @Override
    public String warnings() {
        long t = reader.truncatedRecords();
        return t == 0 ? "" : t + " truncated last record skipped (" + reader.formatDescription() + ")";
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
