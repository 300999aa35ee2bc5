package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.flow.SubflowId;
import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.kafka.TopicView;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.SpoofedFlood;
import dev.sampo.wire.SubflowRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job under a flood, against a real KRaft broker and a real MiniCluster: 200,000 spoofed
 * subflows (one DSS segment each) mixed by time into the bundled lab capture, with
 * {@code sampo.max-subflows} at 2,000. The job drains it, the evidence stage never holds more
 * than the cap, the evictions are counted, and the real sessions come out as the offline engine
 * finds them without the flood.
 */
class FloodJobTest {
    /** 200,000 records in the build; {@code -Dsampo.flood.records=1000000} for the million of the benchmark. */
    private static final int FLOOD = Integer.getInteger("sampo.flood.records", 200_000);
    private static final int CAP = 2_000;
    private static final Duration SETTLED = Duration.ofSeconds(4);

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();
    @TempDir
    static Path dir;

    @Test
    void theCapHoldsAndTheRealSessionsAreStillGrouped() throws Exception {
        List<PacketRecord> real = LabSample.records();
        Set<Set<SubflowId>> offline = LabSample.offlineGroups(AssociationConfig.DEFAULTS);
        long start = real.stream().mapToLong(PacketRecord::tsMicros).min().orElseThrow();
        long end = real.stream().mapToLong(PacketRecord::tsMicros).max().orElseThrow();
        List<PacketRecord> mixed = new ArrayList<>(real);
        new SpoofedFlood(14, FLOOD, start, end - start).forEachRemaining(mixed::add);
        mixed.sort(Comparator.comparingLong(PacketRecord::tsMicros));
        TestTopics.createAssociation(kafka.bootstrap(), "flood", 2);
        long publishing = System.nanoTime();
        try (KafkaPacketSink sink = new KafkaPacketSink(kafka.bootstrap(), "flood.packets")) {
            mixed.forEach(sink::accept);
        }
        System.out.printf("published %d records in %.1f s%n", mixed.size(), (System.nanoTime() - publishing) / 1e9);

        try (EmbeddedFlink flink = EmbeddedFlink.start(2, 0, dir.resolve("cp"))) {
            long started = System.nanoTime();
            JobID job = flink.submit(JobConfig.defaultsWith(Map.of(
                    "sampo.kafka.bootstrap", kafka.bootstrap(),
                    "sampo.topic.packets", "flood.packets",
                    "sampo.topic.pairs", "flood.pairs",
                    "sampo.topic.sessions", "flood.sessions",
                    "sampo.topic.subflows", "flood.subflows",
                    "sampo.topic.dead-letters", "",
                    "sampo.group.id", "flood",
                    "sampo.parallelism", "1",
                    "sampo.max-subflows", Integer.toString(CAP))));
            Map<String, String> subflows = settle(offline);
            double seconds = (System.nanoTime() - started) / 1e9;
            long evicted = flink.awaitMetric(job, "sampoEvictedSubflows", FLOOD - CAP, Duration.ofSeconds(30));
            long live = flink.awaitMetric(job, "sampoLiveSubflows", 1, Duration.ofSeconds(30));
            flink.cancel(job);
            System.out.printf("flood of %d: settled %.1f s after submission, %d evicted, %d live%n", FLOOD, seconds,
                    evicted, live);

            assertEquals(offline, realGroups(subflows), "real sessions, after " + seconds + " s");
            assertTrue(subflows.size() > real.stream().map(LabSample::subflowOf).distinct().count(),
                    "the flood's survivors are subflows too");
            assertTrue(subflows.size() <= CAP, subflows.size() + " subflows grouped, past the cap");
            assertTrue(live > 0 && live <= CAP, "live subflows in the evidence stage: " + live);
            assertTrue(evicted >= FLOOD - CAP, "evicted " + evicted);
        }
    }

    /** The subflows table once its real groups match the offline ones and it has settled. */
    private static Map<String, String> settle(Set<Set<SubflowId>> offline) {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        try (TopicView subflows = new TopicView(kafka.bootstrap(), "flood.subflows")) {
            while (System.nanoTime() < deadline) {
                subflows.poll(Duration.ofMillis(200));
                if (subflows.unchangedFor().compareTo(SETTLED) > 0 && offline.equals(realGroups(subflows.table()))) {
                    break;
                }
            }
            return subflows.table();
        }
    }

    /** The groups holding a subflow of the capture: each spoof is a session of its own. */
    private static Set<Set<SubflowId>> realGroups(Map<String, String> subflows) {
        return SubflowRecord.resultOf(0, subflows).groups().stream()
                .filter(g -> g.stream().noneMatch(FloodJobTest::spoofed))
                .collect(Collectors.toSet());
    }

    /** In 198.18.0.0/15, where {@link SpoofedFlood} draws its addresses. */
    private static boolean spoofed(SubflowId id) {
        String a = id.a().toString();
        return a.startsWith("198.18.") || a.startsWith("198.19.");
    }
}
