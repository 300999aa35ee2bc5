package dev.sampo.sflow;

import dev.sampo.packet.DecodeStats;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.pcap.Frame;
import dev.sampo.sampling.Sampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * Packets of a capture of sFlow datagrams: every flow sample is a packet, at its own sampling
 * rate, timestamped with its datagram's capture time. The sampler sees every flow sample (so
 * {@code --sample count:2} keeps every other sample, and the record's rate doubles); TCP segments
 * become records, MPTCP-bearing ones only when {@code mptcpOnly}.
 */
public final class SflowPacketSource implements PacketSource {
    private final SflowCaptureReader capture;
    private final Sampler sampler;
    private final boolean mptcpOnly;
    private final SflowRecords records = new SflowRecords();
    private final ArrayDeque<PacketRecord> pending = new ArrayDeque<>();
    private final SflowDecoder decoder;

    public SflowPacketSource(Path file, Sampler sampler, boolean mptcpOnly) throws IOException {
        this.capture = new SflowCaptureReader(file);
        this.sampler = sampler;
        this.mptcpOnly = mptcpOnly;
        this.decoder = new SflowDecoder(this::flowSample);
    }

    private void flowSample(SflowDatagram d, FlowSample s) {
        if (!sampler.keep(Math.floorDiv(d.timestampNanos, 1000))) {
            return;
        }
        if (s.tcp && (!mptcpOnly || s.packet.mptcpCount > 0)) {
            pending.add(records.of(d, s, sampler.rate()));
        }
    }

    @Override
    public PacketRecord next() throws IOException {
        while (pending.isEmpty()) {
            if (!capture.next()) {
                return null;
            }
            Frame f = capture.frame();
            decoder.decode(f.data, capture.udp().payloadOffset, capture.udp().payloadLength, f.timestampNanos);
        }
        return pending.poll();
    }

    /** Flow samples the input delivered so far. */
    @Override
    public long frames() {
        return sampler.frames();
    }

    @Override
    public long sampledFrames() {
        return sampler.kept();
    }

    /** Counters of the sampled headers' decoding. */
    @Override
    public DecodeStats decodeStats() {
        return decoder.packetStats();
    }

    public SflowStats sflowStats() {
        return decoder.stats();
    }

    @Override
    public String warnings() {
        String sflow = decoder.stats().summary();
        String input = capture.warnings();
        if (sflow.isEmpty()) {
            return input;
        }
        return "sFlow: " + sflow + (input.isEmpty() ? "" : "; " + input);
    }

    @Override
    public void close() throws IOException {
        capture.close();
    }
}
