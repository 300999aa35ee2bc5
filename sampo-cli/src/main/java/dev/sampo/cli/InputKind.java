package dev.sampo.cli;

import dev.sampo.packet.PacketSource;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.sflow.SflowPacketSource;
import java.io.IOException;
import java.nio.file.Path;

/** What a capture file holds: the packets themselves, or sFlow datagrams that sampled them. */
enum InputKind {
    /** Frames of the monitored traffic; --sample picks which ones count as sampled. */
    pcap,
    /** UDP datagrams of sFlow v5 (any port): each flow sample is a packet at its own sampling rate. */
    sflow;

    PacketSource open(Path file, Sampler sampler, boolean mptcpOnly) throws IOException {
        return open(file, sampler, mptcpOnly, false);
    }

    /** @param keepPayload records carry their captured payload; sFlow samples have none to keep */
    PacketSource open(Path file, Sampler sampler, boolean mptcpOnly, boolean keepPayload) throws IOException {
        return switch (this) {
            case pcap -> new CapturePacketSource(file, sampler, mptcpOnly, keepPayload);
            case sflow -> new SflowPacketSource(file, sampler, mptcpOnly);
        };
    }
}
