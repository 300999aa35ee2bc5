package dev.sampo.cli;

import dev.sampo.kafka.KafkaClientConfig;
import java.net.InetSocketAddress;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --kafka HOST:PORT [--kafka-config FILE]}: the broker of a command that cannot run without
 * one, and the client settings to reach it with.
 */
final class KafkaBroker {
    @Option(names = "--kafka", required = true, paramLabel = "HOST:PORT", converter = Addresses.Remote.class,
            description = "The Kafka bootstrap server.")
    InetSocketAddress kafka;

    @Mixin
    KafkaClientOption clientOption;

    /** The server as Kafka clients take it. */
    String bootstrap() {
        return Sinks.bootstrap(kafka);
    }

    /** The {@code --kafka-config} settings, or none. */
    KafkaClientConfig client() {
        return clientOption.client;
    }
}
