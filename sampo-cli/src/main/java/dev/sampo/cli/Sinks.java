package dev.sampo.cli;

import dev.sampo.association.AssociationConfig;
import dev.sampo.packet.PacketSink;
import java.io.PrintStream;
import java.net.InetSocketAddress;

/** Where {@code sampo sflow} sends its records: the one place that knows every kind of sink. */
final class Sinks {
    enum Kind {
        /** Association in process; progress lines, then the session table on exit. */
        engine,
        /** One JSON line per record on stdout. */
        jsonl,
        /** Records are counted and dropped (for measuring the collector alone). */
        discard,
        /** Published to Kafka for the distributed engine. */
        kafka
    }

    private Sinks() {
    }

    /**
     * @param kafka the bootstrap server, for {@link Kind#kafka}
     * @throws IllegalArgumentException when the kind cannot be built in this distribution
     */
    static PacketSink create(Kind kind, InetSocketAddress kafka, String topic, AssociationConfig config,
                             PrintStream out) {
        return switch (kind) {
            case engine -> new EngineSink(config, out);
            case jsonl -> new JsonLinesSink(out);
            case discard -> record -> { };
            case kafka -> throw new IllegalArgumentException("no Kafka sink in this build yet (module sampo-kafka,"
                    + " KafkaPacketSink, has not landed): cannot publish to " + kafka.getHostString() + ":"
                    + kafka.getPort() + " topic " + topic + "; use --sink engine, jsonl or discard");
        };
    }
}
