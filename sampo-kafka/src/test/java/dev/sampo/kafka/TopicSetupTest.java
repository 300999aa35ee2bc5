package dev.sampo.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.IpAddress;
import dev.sampo.packet.PacketRecord;
import dev.sampo.wire.Topics;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class TopicSetupTest {
    @Test
    void createsTheContractOnceWithCompactionWhereStateLives(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            TopicSetup.ensure(kafka.bootstrap(), 3);
            TopicSetup.ensure(kafka.bootstrap(), 3);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
                Set<String> all = Set.of(Topics.PACKETS, Topics.PAIRS, Topics.SESSIONS, Topics.SUBFLOWS,
                        Topics.STEERING, Topics.NF_LOAD, Topics.PACKETS_DLQ, Topics.IDS_ALERTS, Topics.DIRECTIVES,
                        Topics.MIGRATIONS, Topics.ALERTS, Topics.AGENTS);
                assertEquals(all, admin.listTopics().names().get());
                Map<String, TopicDescription> d = admin.describeTopics(all).allTopicNames().get();
                assertEquals(3, d.get(Topics.PACKETS).partitions().size());
                assertEquals(1, d.get(Topics.SESSIONS).partitions().size());
                for (String t : all) {
                    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, t);
                    Config config = admin.describeConfigs(List.of(r)).all().get().get(r);
                    boolean compacted = t.equals(Topics.SESSIONS) || t.equals(Topics.SUBFLOWS) || t.equals(Topics.STEERING)
                            || t.equals(Topics.DIRECTIVES) || t.equals(Topics.AGENTS);
                    assertEquals(compacted ? "compact" : "delete", config.get("cleanup.policy").value(), t);
                    if (!compacted) { // old captures' packet times must not expire on arrival
                        assertEquals("-1", config.get("retention.ms").value(), t);
                        assertEquals(Long.toString(TopicSetup.RETENTION_BYTES_PER_PARTITION),
                                config.get("retention.bytes").value(), t);
                    }
                }
            }
        }
    }

    /** {@code up --set sampo.topic.packets=X}: the job reads X, so X must exist, as the contract topic would. */
    @Test
    void aRenamedContractTopicIsCreatedUnderItsNewNameAsTheContractWouldBe(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            TopicSetup.ensure(kafka.bootstrap(), KafkaClientConfig.NONE, 3,
                    Map.of(Topics.PACKETS, "site-a.packets", Topics.SESSIONS, "site-a.sessions"));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
                Set<String> names = admin.listTopics().names().get();
                assertTrue(names.containsAll(Set.of("site-a.packets", "site-a.sessions", Topics.PAIRS)), names.toString());
                assertTrue(!names.contains(Topics.PACKETS) && !names.contains(Topics.SESSIONS), names.toString());
                assertEquals(3, admin.describeTopics(Set.of("site-a.packets")).allTopicNames().get()
                        .get("site-a.packets").partitions().size());
                ConfigResource sessions = new ConfigResource(ConfigResource.Type.TOPIC, "site-a.sessions");
                assertEquals("compact", admin.describeConfigs(List.of(sessions)).all().get().get(sessions)
                        .get("cleanup.policy").value());
                ConfigResource packets = new ConfigResource(ConfigResource.Type.TOPIC, "site-a.packets");
                assertEquals("-1", admin.describeConfigs(List.of(packets)).all().get().get(packets)
                        .get("retention.ms").value());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopicSetup.ensure(
                    kafka.bootstrap(), KafkaClientConfig.NONE, 1, Map.of("sampo.nothing", "x")));
            assertTrue(e.getMessage().contains("sampo.nothing"), e.getMessage());
        }
    }

    /**
     * The benchmark's drains once found their backlog topic empty (issue 14): made at the broker's
     * defaults, its packets, days old, went at the broker's first retention check after they were
     * written, and a new consumer group starting from the earliest offset began at the end. A topic
     * of the same records at the broker's defaults shows when that check has run.
     */
    @Test
    void anInputTopicOfAnyNameKeepsABacklogOfOldPacketsThroughTheRetentionCheck(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
                admin.createTopics(List.of(new NewTopic("at.defaults", 2, (short) 1))).all().get();
            }
            TopicSetup.ensurePackets(kafka.bootstrap(), KafkaClientConfig.NONE, "backlog", 2);
            long nineDaysAgo = (System.currentTimeMillis() - Duration.ofDays(9).toMillis()) * 1000;
            for (String topic : List.of("at.defaults", "backlog")) {
                try (KafkaPacketSink sink = new KafkaPacketSink(kafka.bootstrap(), topic)) {
                    for (int port = 1; port <= 20; port++) {
                        sink.accept(new PacketRecord(port, nineDaysAgo + port, null, IpAddress.parse("192.0.2.1"),
                                port, IpAddress.parse("192.0.2.2"), 9, 0, 0, 0, 0x10, 1, null, null));
                    }
                    sink.flush();
                }
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
                while (firstOffsets(admin, "at.defaults") < 20) {
                    Thread.sleep(200); // the broker's retention check (30 s after it starts, then every 5 min)
                }
                assertEquals(0, firstOffsets(admin, "backlog"));
            }
            assertEquals(0, readFromEarliest(kafka, "at.defaults", 0), "the check ran: at the defaults, nothing is left");
            assertEquals(20, readFromEarliest(kafka, "backlog", 20));
        }
    }

    /** What a new consumer group starting at the earliest offset reads, as the job's source does. */
    private static int readFromEarliest(EmbeddedKafka kafka, String topic, int expected) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(kafka, "new-group-" + topic)) {
            c.subscribe(List.of(topic));
            int n = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (n < expected && System.nanoTime() < deadline) {
                n += c.poll(Duration.ofMillis(200)).count();
            }
            return n + c.poll(Duration.ofMillis(500)).count();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka, String group) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrap(), "group.id", group,
                "auto.offset.reset", "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The sum over the topic's two partitions of their first offsets: what retention has deleted. */
    private static long firstOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> earliest = Map.of(new TopicPartition(topic, 0), OffsetSpec.earliest(),
                new TopicPartition(topic, 1), OffsetSpec.earliest());
        return admin.listOffsets(earliest).all().get().values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    @Test
    void anUnreachableBrokerIsNamedInTheError() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String bootstrap = "localhost:" + closedPort;
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TopicSetup.ensure(bootstrap, 1));
        assertTrue(e.getMessage().contains("Kafka at " + bootstrap + " did not answer within 10 s"), e.getMessage());
        assertTrue(System.nanoTime() - start < 15e9, "took " + (System.nanoTime() - start) / 1e9 + " s");
    }
}
