package dev.sampo.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class EmbeddedKafkaTest {
    @Test
    void startsCreatesProducesConsumesAndCloses(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            assertTrue(kafka.bootstrap().matches("localhost:\\d+"), kafka.bootstrap());
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
                // The controller acknowledges a creation before the broker's metadata cache, which
                // answers listTopics, has it (seen on a fresh CI machine): wait, boundedly, for it there.
                Set<String> names = Set.of();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (names.isEmpty() && System.nanoTime() < deadline) {
                    names = admin.listTopics().names().get();
                    if (names.isEmpty()) {
                        Thread.sleep(50);
                    }
                }
                assertEquals(Set.of("t"), names);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", kafka.bootstrap()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("t", "k", "hello")).get();
            }
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                    Map.of("bootstrap.servers", kafka.bootstrap(), "group.id", "g", "auto.offset.reset", "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("t"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (got.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                }
            }
            assertEquals(1, got.size());
            assertEquals("k", got.get(0).key());
            assertEquals("hello", got.get(0).value());
        }
    }

    @Test
    void restartsOnItsOwnDataDirectoryAndKeepsTopics(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
            assertEquals(Set.of("kept"), admin.listTopics().names().get());
        }
    }

    @Test
    void restartKeepsItsPortAndRecords(@TempDir Path dir) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
        String bootstrap = kafka.bootstrap();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
             KafkaProducer<String, String> producer = new KafkaProducer<>(
                     Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
            producer.send(new ProducerRecord<>("kept", "k", "before")).get();
            kafka = kafka.restart();
            assertEquals(bootstrap, kafka.bootstrap());
            // The producer made before the restart reconnects to the same address.
            producer.send(new ProducerRecord<>("kept", "k", "after")).get();
        } finally {
            kafka.close();
        }
        try (EmbeddedKafka again = EmbeddedKafka.start(dir, 0);
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                     Map.of("bootstrap.servers", again.bootstrap(), "group.id", "g", "auto.offset.reset", "earliest"),
                     new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("kept"));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            assertEquals(List.of("before", "after"), values);
        }
    }
}
