package dev.sampo.cli;

import dev.sampo.kafka.KafkaClientConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --kafka-config FILE}: the Kafka client properties (TLS, SASL) of every command that talks
 * to Kafka, as Kafka's own tools take {@code --command-config}. The file is read and checked when
 * the command line is parsed, so a bad one is a usage error naming its line and key, before
 * anything connects.
 */
final class KafkaClientOption {
    @Option(names = "--kafka-config", paramLabel = "FILE", converter = Loaded.class,
            description = "Kafka client properties (TLS, SASL), as Kafka's tools take with --command-config;"
                    + " README 'Secured Kafka' has an example.")
    KafkaClientConfig client = KafkaClientConfig.NONE;

    /**
     * The file's settings for the broker {@code kafka} names.
     *
     * @throws IllegalArgumentException when a file is given but no broker (null) to use it with
     */
    KafkaClientConfig forBroker(InetSocketAddress kafka) {
        if (kafka == null && !client.equals(KafkaClientConfig.NONE)) {
            throw new IllegalArgumentException("--kafka-config " + client.file() + " is for a broker given with"
                    + " --kafka HOST:PORT");
        }
        return client;
    }

    static final class Loaded implements ITypeConverter<KafkaClientConfig> {
        @Override
        public KafkaClientConfig convert(String value) {
            try {
                return KafkaClientConfig.load(Path.of(value));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
