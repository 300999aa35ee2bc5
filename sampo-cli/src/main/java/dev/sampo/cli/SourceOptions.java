package dev.sampo.cli;

import dev.sampo.packet.PacketSource;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What a file holds and which of its frames count as sampled: shared by association runs and replay. */
final class SourceOptions {
    @Mixin
    InputOption input;

    @Option(names = "--sample", paramLabel = "SPEC", defaultValue = "none", converter = SamplingSpec.Converter.class,
            description = "Sampling of input frames: none, count:N, random:N[:SEED], time:USEC (default: ${DEFAULT-VALUE}).")
    SamplingSpec sample;

    /** The MPTCP records of {@code file} that sampling keeps. */
    PacketSource open(Path file) throws IOException {
        return open(file, false);
    }

    /** @param keepPayload records carry their captured payload (a pcap capture only) */
    PacketSource open(Path file, boolean keepPayload) throws IOException {
        return input.kind.open(file, sample.sampler(), true, keepPayload);
    }
}
