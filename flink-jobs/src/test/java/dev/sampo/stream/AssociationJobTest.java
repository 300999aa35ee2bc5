package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.flow.SubflowId;
import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.kafka.TopicView;
import dev.sampo.packet.PacketRecord;
import dev.sampo.wire.PacketWire;
import dev.sampo.wire.SubflowRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a real KRaft broker and a real MiniCluster, on the bundled lab capture (12
 * sessions of 4 subflows, token and DSN evidence): its {@code sampo.subflows} table must group
 * exactly as the offline engine does, identically at parallelism 1 and 2, on the heap and on
 * RocksDB, after a task manager is killed mid-replay, and after an upgrade mid-replay (stop with a
 * savepoint, start again from it at another parallelism).
 */
class AssociationJobTest {
    private static final Duration SETTLED = Duration.ofSeconds(4);

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();
    @TempDir
    static Path dir;
    static List<PacketRecord> records;
    static Set<Set<SubflowId>> offline;

    @BeforeAll
    static void startBrokerAndComputeTheOfflineAnswer() throws Exception {
        assertTrue(Files.exists(LabSample.CAPTURE), "bundled capture missing: " + LabSample.CAPTURE);
        records = LabSample.records();
        offline = LabSample.offlineGroups(AssociationConfig.DEFAULTS);
        assertTrue(offline.stream().anyMatch(g -> g.size() > 1), "the offline run groups nothing: a useless reference");
        createTopics("in.packets", 4);
        publish("in.packets", records.subList(0, records.size() / 2));
        publishGarbage("in.packets");
        publish("in.packets", records.subList(records.size() / 2, records.size()));
    }

    @Test
    void groupsEqualTheOfflineEngineAndDoNotDependOnParallelismOrStateBackend() throws Exception {
        try (EmbeddedFlink flink = EmbeddedFlink.start(4, 0, dir.resolve("cp-parallelism"))) {
            JobID one = flink.submit(config("p1", "in.packets", 1));
            JobID two = flink.submit(config("p2", "in.packets", 2));
            Map<String, String> onRocksDb = new HashMap<>(settings("rdb", "in.packets", 1, "1s"));
            onRocksDb.put("sampo.state-backend", "rocksdb");
            JobID rocks = flink.submit(JobConfig.defaultsWith(onRocksDb));
            Map<String, Map<String, String>> p1 = settle("p1");
            Map<String, Map<String, String>> p2 = settle("p2");
            Map<String, Map<String, String>> rdb = settle("rdb");
            assertEquals("HashMapStateBackend", flink.stateBackend(one));
            assertEquals("EmbeddedRocksDBStateBackend", flink.stateBackend(rocks));
            flink.cancel(one);
            flink.cancel(two);
            flink.cancel(rocks);
            assertEquals(offline, groupings(p1.get("subflows")));
            assertEquals(p1.get("subflows"), p2.get("subflows"));
            assertEquals(p1.get("sessions"), p2.get("sessions"));
            assertEquals(p1.get("subflows"), rdb.get("subflows"), "the subflows table on RocksDB");
            assertEquals(p1.get("sessions"), rdb.get("sessions"), "the sessions table on RocksDB");
            assertEquals(offline.size(), p1.get("sessions").size());
            assertEquals(GARBAGE.size() + 1, kafka.consume("p1.dlq", GARBAGE.size() + 1).size(),
                    "every bad record is a dead letter");
        }
    }

    @Test
    void aTaskManagerKilledMidReplayLosesAndDuplicatesNothing() throws Exception {
        createTopics("slow.packets", 4);
        Map<String, Map<String, String>> reference;
        try (EmbeddedFlink flink = EmbeddedFlink.start(2, 0, dir.resolve("cp-reference"))) {
            JobID job = flink.submit(config("ref", "in.packets", 2));
            reference = settle("ref");
            flink.cancel(job);
        }
        try (EmbeddedFlink flink = EmbeddedFlink.start(2, 0, dir.resolve("cp-fault"))) {
            // The capture spans two seconds: event time must not follow the wall clock while the
            // second half waits, or it would all arrive behind the watermark.
            JobID job = flink.submit(config("fault", "slow.packets", 2, "10s"));
            int half = records.size() / 2;
            publish("slow.packets", records.subList(0, half));
            awaitCommitted("fault", half); // a checkpoint completed with the first half in state
            assertTrue(flink.restoredCheckpoint(job) < 0, "no restore before the failure");
            flink.killTaskManager();
            publish("slow.packets", records.subList(half, records.size()));
            flink.startTaskManager();
            Map<String, Map<String, String>> recovered = settle("fault");
            assertTrue(flink.restoredCheckpoint(job) > 0, "the job must have been restored from a checkpoint");
            flink.cancel(job);
            assertEquals(offline, groupings(recovered.get("subflows")));
            assertEquals(reference.get("subflows"), recovered.get("subflows"));
            assertEquals(reference.get("sessions"), recovered.get("sessions"));
        }
    }

    /**
     * An upgrade as docs/OPERATIONS.md prescribes it, mid-replay: the job stopped with a savepoint
     * (not drained) after the first half, the second half published while it is down, and the job
     * started again from the savepoint at parallelism 3 instead of 1 (where the packets reach the
     * evidence stage without a shuffle, {@link SampoJob#bySubflow}). State must carry every
     * session across: nothing lost (sessions whose subflows straddle the halves still group), nothing
     * duplicated (one session per offline group).
     */
    @Test
    void anUpgradeFromASavepointAtAnotherParallelismLosesAndDuplicatesNothing() throws Exception {
        createTopics("upgrade.packets", 4);
        try (EmbeddedFlink flink = EmbeddedFlink.start(3, 0, dir.resolve("cp-upgrade"))) {
            // Event time must not follow the wall clock while the second half waits (see the test above).
            JobID before = flink.submit(config("upgrade", "upgrade.packets", 1, "20s"));
            int half = records.size() / 2;
            publish("upgrade.packets", records.subList(0, half));
            awaitCommitted("upgrade", half);
            String savepoint = flink.stopWithSavepoint(before, dir.resolve("savepoints"));
            publish("upgrade.packets", records.subList(half, records.size()));
            JobID after = flink.submitFrom(savepoint, config("upgrade", "upgrade.packets", 3, "1s"));
            Map<String, Map<String, String>> upgraded = settle("upgrade");
            assertTrue(flink.restoredCheckpoint(after) > 0, "the new job must have started from the savepoint");
            flink.cancel(after);
            assertEquals(offline, groupings(upgraded.get("subflows")), "the subflows table after the upgrade");
            assertEquals(offline.size(), upgraded.get("sessions").size(), "one session per offline group");
        }
    }

    private static JobConfig config(String prefix, String input, int parallelism) {
        return config(prefix, input, parallelism, "1s");
    }

    private static JobConfig config(String prefix, String input, int parallelism, String quiet) {
        return JobConfig.defaultsWith(settings(prefix, input, parallelism, quiet));
    }

    private static Map<String, String> settings(String prefix, String input, int parallelism, String quiet) {
        createTopics(prefix + ".pairs", 1);
        createTopics(prefix + ".sessions", 1);
        createTopics(prefix + ".subflows", 1);
        createTopics(prefix + ".dlq", 1);
        Map<String, String> c = new HashMap<>();
        c.put("sampo.kafka.bootstrap", kafka.bootstrap());
        c.put("sampo.topic.packets", input);
        c.put("sampo.topic.pairs", prefix + ".pairs");
        c.put("sampo.topic.sessions", prefix + ".sessions");
        c.put("sampo.topic.subflows", prefix + ".subflows");
        c.put("sampo.topic.dead-letters", prefix + ".dlq");
        c.put("sampo.group.id", prefix);
        c.put("sampo.parallelism", Integer.toString(parallelism));
        c.put("sampo.watermark.quiet", quiet);
        c.put("sampo.checkpoint.interval", "1s");
        return c;
    }

    /** The sessions and subflows tables once the subflows table matches the offline groups and has settled. */
    private static Map<String, Map<String, String>> settle(String prefix) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (TopicView subflows = new TopicView(kafka.bootstrap(), prefix + ".subflows");
             TopicView sessions = new TopicView(kafka.bootstrap(), prefix + ".sessions")) {
            while (System.nanoTime() < deadline) {
                subflows.poll(Duration.ofMillis(200));
                sessions.poll(Duration.ofMillis(200));
                boolean settled = subflows.unchangedFor().compareTo(SETTLED) > 0
                        && sessions.unchangedFor().compareTo(SETTLED) > 0;
                if (settled && !subflows.table().isEmpty() && offline.equals(groupings(subflows.table()))) {
                    return Map.of("subflows", subflows.table(), "sessions", sessions.table());
                }
            }
            return Map.of("subflows", subflows.table(), "sessions", sessions.table());
        }
    }

    private static Set<Set<SubflowId>> groupings(Map<String, String> subflows) {
        return SubflowRecord.resultOf(0, subflows).groups();
    }

    private static void publish(String topic, List<PacketRecord> batch) {
        try (KafkaPacketSink sink = new KafkaPacketSink(kafka.bootstrap(), topic)) {
            batch.forEach(sink::accept);
        }
    }

    /** Records no reader accepts: empty, garbage, an unknown wire version, JSON text, a bad schema. */
    private static final List<byte[]> GARBAGE = List.of(
            new byte[0],
            new byte[] {1},
            "\u0001not cbor at all".getBytes(StandardCharsets.UTF_8),
            new byte[] {3, (byte) 0xA0},
            "{\"src\":\"10.0.0.1\"}".getBytes(StandardCharsets.UTF_8),
            new byte[] {1, (byte) 0xA1, 0x63, 's', 'r', 'c', 0x01});

    private static void publishGarbage(String topic) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (byte[] value : GARBAGE) {
                producer.send(new ProducerRecord<>(topic, "garbage".getBytes(StandardCharsets.UTF_8), value));
            }
            // A good record under another subflow's key: keyed state must not mix two subflows.
            producer.send(new ProducerRecord<>(topic, "10.0.0.1:1-10.0.0.2:2".getBytes(StandardCharsets.UTF_8),
                    PacketWire.encode(records.get(0))));
        }
    }

    /** Waits until the job's consumer group has committed (on a completed checkpoint) this many records. */
    private static void awaitCommitted(String group, long records) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            long committed = 0;
            while (committed < records && System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> offsets =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                committed = offsets.values().stream().filter(Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
                if (committed < records) {
                    Thread.sleep(100); // polling interval
                }
            }
            assertEquals(records, committed, "records committed by " + group);
        }
    }

    private static void createTopics(String name, int partitions) {
        TestTopics.create(kafka.bootstrap(), name, partitions, name.endsWith(".sessions") || name.endsWith(".subflows"));
    }
}
