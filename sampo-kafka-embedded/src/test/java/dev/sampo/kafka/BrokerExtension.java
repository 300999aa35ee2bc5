package dev.sampo.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.file.PathUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real {@link EmbeddedKafka} broker for a test class, on a free port in a directory of its own:
 * {@code @RegisterExtension static final BrokerExtension KAFKA = new BrokerExtension();}.
 */
public final class BrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private EmbeddedKafka broker;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("sampo-kafka-test");
        broker = EmbeddedKafka.start(dir, 0);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (broker != null) {
            broker.close();
        }
        PathUtils.deleteDirectory(dir);
    }

    /** Stops the broker and starts it again on the same port and data: a broker restart, for clients. */
    public void restart() {
        broker = broker.restart();
    }

    /**
     * Stops the broker and starts a new one on the same port with no data, as {@code ./sampo up} does
     * on every start: clients find the same address, but none of the topics and records they knew.
     */
    public void restartEmpty() throws IOException {
        int port = broker.port();
        broker.close();
        PathUtils.deleteDirectory(dir);
        Files.createDirectories(dir);
        broker = EmbeddedKafka.start(dir, port);
    }

    public String bootstrap() {
        return broker.bootstrap();
    }

    /**
     * Every record of a topic from the beginning, once at least {@code atLeast} have come (or 30 s
     * have passed), and half a second more so a duplicate or stray record would show up too.
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, long atLeast) {
        List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap(), "group.id", "check-" + topic, "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(got::add);
        }
        return got;
    }
}
