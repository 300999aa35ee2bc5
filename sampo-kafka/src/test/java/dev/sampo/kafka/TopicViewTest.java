package dev.sampo.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicViewTest {
    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();

    @Test
    void caughtUpOnceEverythingTheTopicHeldAtOpeningIsRead() throws Exception {
        kafka.createTopic("view.test", 2);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>("view.test", "k" + i, "v" + i));
            }
            producer.send(new ProducerRecord<>("view.test", "k0", null)).get();
        }
        try (TopicView view = new TopicView(kafka.bootstrap(), "view.test")) {
            assertFalse(view.caughtUp(), "nothing read yet");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!view.caughtUp() && System.nanoTime() < deadline) {
                view.poll(Duration.ofMillis(100));
            }
            assertTrue(view.caughtUp());
            assertEquals(49, view.table().size(), "the tombstone removed k0");
        }
    }

    @Test
    void anEmptyTopicIsCaughtUpAtOnce() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic("view.empty", 1, (short) 1))).all().get();
        }
        try (TopicView view = new TopicView(kafka.bootstrap(), "view.empty")) {
            assertTrue(view.caughtUp());
        }
    }
}
