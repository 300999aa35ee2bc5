package dev.sampo.cli;

import picocli.CommandLine.Option;

/** {@code --input}: what a capture file holds, for every command that reads one. */
final class InputOption {
    @Option(names = "--input", paramLabel = "pcap|sflow", defaultValue = "pcap",
            description = "What FILE holds: captured packets (pcap, default), or sFlow v5 datagrams on any UDP port"
                + " (sflow: each flow sample is a packet at its own sampling rate; --sample then thins the samples).")
    InputKind kind;
}
