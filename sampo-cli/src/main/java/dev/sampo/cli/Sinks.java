package dev.sampo.cli;

import dev.sampo.association.AssociationConfig;
import dev.sampo.kafka.KafkaClientConfig;
import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.kafka.TopicSetup;
import dev.sampo.packet.PacketSink;
import java.io.PrintWriter;
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
     * @param client the Kafka client properties (TLS, SASL), for {@link Kind#kafka}
     */
    static PacketSink create(Kind kind, InetSocketAddress kafka, KafkaClientConfig client, String topic,
                             AssociationConfig config, PrintWriter out) {
        return switch (kind) {
            case engine -> new EngineSink(config, out);
            case jsonl -> new JsonLinesSink(out);
            case discard -> record -> { };
            case kafka -> kafkaSink(bootstrap(kafka), client, topic);
        };
    }

    /** A fresh broker works as it does for replay: the contract's topics are created if missing. */
    private static PacketSink kafkaSink(String bootstrap, KafkaClientConfig client, String topic) {
        TopicSetup.ensure(bootstrap, client, TopicSetup.DEFAULT_PARTITIONS);
        return new KafkaPacketSink(bootstrap, topic, client.properties());
    }

    /** HOST:PORT as Kafka clients parse it: an IPv6 literal in brackets. */
    static String bootstrap(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
