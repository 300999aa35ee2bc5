package dev.sampo.cli;

import dev.sampo.packet.PacketSource;
import dev.sampo.sampling.Sampler;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What a file holds and which of its frames count as sampled: shared by association runs and replay. */
final class SourceOptions {
    @Option(names = "--input", paramLabel = "pcap|sflow", defaultValue = "pcap",
            description = "What FILE holds: captured packets (pcap, default), or sFlow v5 datagrams on any UDP port"
                + " (sflow: each flow sample is a packet at its own sampling rate; --sample then thins the samples).")
    InputKind input;

    @Option(names = "--sample", paramLabel = "SPEC", defaultValue = "none",
            description = "Sampling of input frames: none, count:N, random:N[:SEED], time:USEC (default: ${DEFAULT-VALUE}).")
    String sample;

    Sampler sampler() {
        return Sampler.parse(sample);
    }

    /** The MPTCP records of {@code file} that sampling keeps. */
    PacketSource open(Path file) throws IOException {
        return input.open(file, sampler(), true);
    }
}
