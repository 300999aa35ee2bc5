package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.flow.SubflowId;
import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.kafka.TopicView;
import dev.sampo.packet.PacketRecord;
import dev.sampo.wire.SubflowRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backlog in {@code sampo.packets} drained by a job whose downstream stalls again and again, long
 * past {@code sampo.watermark.quiet} (at its default), against a real KRaft broker and a real
 * MiniCluster. The source is backpressured, not quiet: its event time must wait for the backlog, so
 * that no packet arrives behind the watermark and the tables come out as the offline engine's.
 */
class BackpressuredBacklogTest {
    /** How long the stage in front of the association stalls, well past the default quiet time of 500 ms. */
    private static final long STALL_MILLIS = 1_500;
    private static final int STALLS = 4;
    private static final Duration SETTLED = Duration.ofSeconds(4);

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();
    @TempDir
    static Path dir;

    @Test
    void aBacklogDrainedUnderBackpressureArrivesAheadOfTheWatermark() throws Exception {
        List<PacketRecord> records = LabSample.records();
        Set<Set<SubflowId>> offline = LabSample.offlineGroups(AssociationConfig.DEFAULTS);
        TestTopics.createAssociation(kafka.bootstrap(), "backlog", 2);
        try (KafkaPacketSink sink = new KafkaPacketSink(kafka.bootstrap(), "backlog.packets")) {
            records.forEach(sink::accept);
        }
        JobConfig config = JobConfig.defaultsWith(Map.of(
                "sampo.kafka.bootstrap", kafka.bootstrap(),
                "sampo.topic.packets", "backlog.packets",
                "sampo.topic.pairs", "backlog.pairs",
                "sampo.topic.sessions", "backlog.sessions",
                "sampo.topic.subflows", "backlog.subflows",
                "sampo.topic.dead-letters", "",
                "sampo.group.id", "backlog",
                "sampo.parallelism", "1"));
        assertEquals(Duration.ofMillis(500), config.quietAfter(), "the default quiet time, which the benchmark ran at");

        try (EmbeddedFlink flink = EmbeddedFlink.start(2, 0, dir.resolve("cp"))) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            SampoJob.configure(env, config);
            DataStream<WirePacket> packets = SampoJob.kafkaSource(env, config);
            // A task of its own, so that its stalls fill the network buffers and backpressure the source.
            DataStream<WirePacket> stalling = packets
                    .map(new Stalling(records.size() / (STALLS + 1))).returns(packets.getType())
                    .disableChaining().name("stalling");
            SampoJob.build(stalling, config, SampoJob.kafkaSink(config));
            JobID job = flink.submit(env.getStreamGraph());

            Map<String, String> subflows = settle(offline);
            long late = flink.awaitMetric(job, "sampoLatePackets", 0, Duration.ofSeconds(20));
            flink.cancel(job);

            assertTrue(late >= 0, "the evidence stage reports no sampoLatePackets");
            assertEquals(0, late, late + " of " + records.size() + " packets arrived behind the watermark");
            assertEquals(offline, SubflowRecord.resultOf(0, subflows).groups(), "the subflows table");
        }
    }

    /** The subflows table once it equals the offline groups and has settled, or as it is after 45 s. */
    private static Map<String, String> settle(Set<Set<SubflowId>> offline) {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        try (TopicView subflows = new TopicView(kafka.bootstrap(), "backlog.subflows")) {
            while (System.nanoTime() < deadline) {
                subflows.poll(Duration.ofMillis(200));
                if (subflows.unchangedFor().compareTo(SETTLED) > 0
                        && offline.equals(SubflowRecord.resultOf(0, subflows.table()).groups())) {
                    break;
                }
            }
            return subflows.table();
        }
    }

    /** Passes packets on, stalling for {@link #STALL_MILLIS} after every {@code every} of them, as a busy operator would. */
    private static final class Stalling implements MapFunction<WirePacket, WirePacket> {
        private final int every;
        private int passed;

        Stalling(int every) {
            this.every = every;
        }

        @Override
        public WirePacket map(WirePacket packet) throws InterruptedException {
            if (++passed % every == 0) {
                Thread.sleep(STALL_MILLIS); // the simulated slow work, not a wait for something to happen
            }
            return packet;
        }
    }
}
