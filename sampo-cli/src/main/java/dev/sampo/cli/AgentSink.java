package dev.sampo.cli;

import dev.sampo.association.AssociationConfig;
import dev.sampo.packet.PacketSink;
import dev.sampo.wire.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a live agent ({@code capture}, {@code sflow}) sends its records and its counters: to Kafka
 * ({@code --kafka}, {@code --kafka-config}, {@code --topic}; counters to {@code sampo.agents} as
 * {@code --agent-id}), or in process ({@code --sink}, association every {@code --period}).
 */
final class AgentSink {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SinkChoice destination = new SinkChoice();

    @Mixin
    KafkaClientOption kafkaClient;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = Topics.PACKETS,
            description = "Kafka topic for --kafka (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--period", paramLabel = "DURATION", defaultValue = "1s",
            description = "In-process association: run this often, e.g. 500ms (default: ${DEFAULT-VALUE}).")
    Duration period;

    @Mixin
    AgentHealth health;

    Sinks.Kind kind() {
        return destination.kind();
    }

    /** The records' sink; a Kafka one first creates the contract's topics on a fresh broker. */
    PacketSink open(PrintWriter out) {
        return Sinks.create(kind(), destination.kafka, kafkaClient.forBroker(destination.kafka), topic,
                AssociationConfig.builder().period(period).build(), out);
    }

    /**
     * Where the counters go, as {@code --agent-id} or {@code defaultId}: opened after {@link #open},
     * which creates {@code sampo.agents} on a fresh broker.
     */
    AgentHealth.Reports reports(String defaultId, PrintWriter err, String command) {
        return health.open(destination.kafka, kafkaClient.forBroker(destination.kafka).properties(), defaultId, err,
                command);
    }
}
