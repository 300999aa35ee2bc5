package dev.sampo.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.OfflineRun;
import dev.sampo.flow.SubflowId;
import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.kafka.TopicSetup;
import dev.sampo.kafka.TopicView;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.wire.SubflowRecord;
import dev.sampo.wire.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job jar on a real Flink session cluster, deployed as the README's "Cluster deployment"
 * section says (its jar and its arguments, only the brokers' address replaced by the embedded
 * broker's): a JobManager and a TaskManager in JVMs of their own, the jar uploaded and run through
 * the REST API, the bundled lab capture in {@code sampo.packets}. The {@code sampo.subflows} table
 * must group exactly as the offline engine does; then the TaskManager process is killed, a new one
 * started, and the job must come back from its checkpoint with the same tables.
 */
class SessionClusterTest {
    private static final Path ROOT = Path.of(System.getProperty("sampo.root", ".."));
    private static final Path CAPTURE = ROOT.resolve("samples/lab-small.pcap.gz");
    private static final Duration SETTLED = Duration.ofSeconds(4);
    private static final Duration RESULTS = Duration.ofSeconds(120);

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();

    @Test
    void theReadmeDeploymentGroupsAsTheOfflineRunAndSurvivesAKilledTaskManager() throws Exception {
        ClusterDeployment deployment = ClusterDeployment.fromReadme(ROOT.resolve("README.md"));
        assertTrue(Files.isRegularFile(deployment.jar()),
                deployment.jar() + " (the README's job jar) is missing: flink-jobs' package phase builds it");
        int parallelism = Integer.parseInt(deployment.arg("sampo.parallelism"));
        TopicSetup.ensure(kafka.bootstrap(), parallelism);
        Path dir = Path.of(System.getProperty("sampo.cluster.dir", "target/cluster"));
        try (SessionCluster cluster = SessionCluster.launch(dir, parallelism, 0);
             TopicView subflows = new TopicView(kafka.bootstrap(), Topics.SUBFLOWS);
             TopicView sessions = new TopicView(kafka.bootstrap(), Topics.SESSIONS)) {
            Set<Set<SubflowId>> offline = offlineGroups();
            assertTrue(offline.stream().anyMatch(g -> g.size() > 1), "the offline run groups nothing: a useless reference");
            publishCapture();
            cluster.awaitReady();
            FlinkRest rest = cluster.rest();
            String job = rest.run(rest.upload(deployment.jar()),
                    deployment.argsWith("sampo.kafka.bootstrap", kafka.bootstrap()));
            cluster.await("job " + job + " to run", RESULTS, () -> allTasksRunning(rest, job));
            assertEquals(parallelism, maxParallelism(rest.job(job)), "the README's --sampo.parallelism");

            Tables before = settle(subflows, sessions, offline);
            assertEquals(offline, groupings(before.subflows()), "the cluster's subflows table against the offline run");
            assertEquals(offline.size(), before.sessions().size(), "one sessions entry per offline group");
            long completed = rest.checkpoints(job).path("counts").path("completed").asLong();
            cluster.await("a checkpoint of the settled state", RESULTS,
                    () -> rest.checkpoints(job).path("counts").path("completed").asLong() > completed);
            // Not zero: under load a heartbeat can time out by itself, and the job restarts then too.
            long restores = restores(rest, job);

            cluster.killTaskManager();
            cluster.startTaskManager();
            cluster.await("job " + job + " to restore from a checkpoint on the new TaskManager", RESULTS,
                    () -> restores(rest, job) > restores && allTasksRunning(rest, job));
            assertTrue(rest.checkpoints(job).path("latest").path("restored").path("id").asLong() > 0,
                    "the job restored a checkpoint");
            Tables after = settle(subflows, sessions, offline);
            assertEquals(before, after, "the tables after recovery");
            rest.cancel(job);
        }
    }

    private record Tables(Map<String, String> subflows, Map<String, String> sessions) {
    }

    /**
     * The tables once the subflows table groups as the offline run does and neither table has changed
     * for {@link #SETTLED}, whichever came last; or, after {@link #RESULTS}, what they are then.
     */
    private static Tables settle(TopicView subflows, TopicView sessions, Set<Set<SubflowId>> offline) {
        long start = System.nanoTime();
        long deadline = start + RESULTS.toNanos();
        while (System.nanoTime() < deadline) {
            subflows.poll(Duration.ofMillis(200));
            sessions.poll(Duration.ofMillis(200));
            boolean quiet = subflows.unchangedFor().compareTo(SETTLED) > 0 && sessions.unchangedFor().compareTo(SETTLED) > 0
                    && System.nanoTime() - start > SETTLED.toNanos();
            if (quiet && offline.equals(groupings(subflows.table()))) {
                break;
            }
        }
        return new Tables(subflows.table(), sessions.table());
    }

    /** Whether the job and all its tasks run; a job that failed fails the test with the cluster's reason. */
    private static boolean allTasksRunning(FlinkRest rest, String jobId) {
        JsonNode job = rest.job(jobId);
        if (Set.of("FAILED", "CANCELED", "FINISHED").contains(job.path("state").asText())) {
            throw new AssertionError("job " + jobId + " is " + job.path("state").asText() + ": "
                    + rest.get("jobs/" + jobId + "/exceptions").path("rootException").asText());
        }
        JsonNode vertices = job.path("vertices");
        return "RUNNING".equals(job.path("state").asText()) && !vertices.isEmpty()
                && StreamSupport.stream(vertices.spliterator(), false)
                        .allMatch(v -> "RUNNING".equals(v.path("status").asText()));
    }

    private static int maxParallelism(JsonNode job) {
        return StreamSupport.stream(job.path("vertices").spliterator(), false)
                .mapToInt(v -> v.path("parallelism").asInt()).max().orElse(0);
    }

    /** How many times the job restored from a checkpoint. */
    private static long restores(FlinkRest rest, String job) {
        return rest.checkpoints(job).path("counts").path("restored").asLong();
    }

    private static Set<Set<SubflowId>> groupings(Map<String, String> subflows) {
        return SubflowRecord.resultOf(0, subflows).groups();
    }

    private static Set<Set<SubflowId>> offlineGroups() throws Exception {
        try (CapturePacketSource source = new CapturePacketSource(CAPTURE, Sampler.parse("none"), true)) {
            return OfflineRun.run(source, new AssociationEngine(AssociationConfig.DEFAULTS), r -> { }).result().groups();
        }
    }

    /** Every MPTCP packet record of the capture into {@code sampo.packets}, as {@code ./sampo replay} publishes. */
    private static void publishCapture() throws Exception {
        try (CapturePacketSource source = new CapturePacketSource(CAPTURE, Sampler.parse("none"), true);
             KafkaPacketSink sink = new KafkaPacketSink(kafka.bootstrap(), Topics.PACKETS)) {
            long records = 0;
            for (var r = source.next(); r != null; r = source.next(), records++) {
                sink.accept(r);
            }
            assertFalse(records == 0, "the capture has no MPTCP packet records");
        }
    }
}
