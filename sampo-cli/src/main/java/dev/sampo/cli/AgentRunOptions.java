package dev.sampo.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How long a live agent ({@code capture}, {@code sflow}) runs, and where it serves its counters. */
final class AgentRunOptions {
    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "0",
            description = "Stop after this long, e.g. 30s, 5m (default: 0, run until Ctrl-C).")
    Duration duration;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", defaultValue = "off", converter = Addresses.ListenOrOff.class,
            description = "Serve the agent's sampo_${COMMAND-NAME}_* counters at http://HOST:PORT/metrics in the "
                    + "Prometheus format (default: off).")
    InetSocketAddress metrics;

}
