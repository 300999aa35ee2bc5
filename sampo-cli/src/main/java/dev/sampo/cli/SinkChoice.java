package dev.sampo.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine.Option;

/** {@code --kafka HOST:PORT | --sink engine|jsonl|discard}: where sflow and capture send records; one or the other. */
final class SinkChoice {
    @Option(names = "--kafka", paramLabel = "HOST:PORT", converter = Addresses.Remote.class,
            description = "Publish records to this Kafka bootstrap server.")
    InetSocketAddress kafka;

    @Option(names = "--sink", paramLabel = "engine|jsonl|discard", defaultValue = "engine",
            description = "Where records go instead: association in process, JSON lines on stdout, or nowhere "
                + "(default: ${DEFAULT-VALUE}).")
    Sinks.Kind sink = Sinks.Kind.engine;

    Sinks.Kind kind() {
        if (kafka != null) {
            return Sinks.Kind.kafka;
        }
        if (sink == Sinks.Kind.kafka) {
            throw new IllegalArgumentException("to publish to Kafka, give --kafka HOST:PORT");
        }
        return sink;
    }
}
