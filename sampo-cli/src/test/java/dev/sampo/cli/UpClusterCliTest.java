package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.OfflineRun;
import dev.sampo.flow.SubflowId;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up --cluster} as an operator runs it: the job jar on a local session cluster of a
 * JobManager and a TaskManager process, submitted over REST; a replay grouped as the offline
 * engine groups it, the status line read from the cluster's REST API, the dashboard listing those
 * sessions and the cluster's checkpoints (what its page reads; the page's own drawing is
 * {@code DashboardEndToEndTest}'s), and SIGTERM (what Ctrl-C's SIGINT also runs) stopping both
 * processes with {@code up}.
 */
class UpClusterCliTest {
    private static final Path ROOT = Path.of(System.getProperty("sampo.root", "..")).toAbsolutePath().normalize();
    private static final Path LAB_SMALL = ROOT.resolve("samples/lab-small.pcap.gz");
    private static final Pattern READY = Pattern.compile("sampo ready: kafka=(localhost:\\d+) flink-ui=(http://\\S+) "
            + "sflow=off topics=\\S+ home=\\S+");
    private static final Pattern CLUSTER = Pattern.compile("flink: session cluster, JobManager pid (\\d+), TaskManager "
            + "pid (\\d+), logs in \\S+, job jar (\\S+)");
    private static final Pattern DASHBOARD = Pattern.compile("dashboard: (http://\\S+)");
    private static final Pattern STATUS = Pattern.compile("sampo: [-0-9,]+ records/s in, ([0-9,]+) in all; .*");

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void runsTheJobJarOnSeparateProcessesAndStopsThemAll() throws Exception {
        Path err = dir.resolve("up.err");
        Process up = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlog4j2.configurationFile=log4j2.xml", "-Dsampo.root=" + ROOT,
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "up", "--cluster",
                "--kafka-port", "0", "--web-ui-port", "0", "--sflow", "off", "--dashboard", "127.0.0.1:0",
                "--status-every", "1", "--home", dir.resolve("up").toString())
                .redirectError(err.toFile()).start();
        try {
            String ready = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            Matcher m = READY.matcher(ready == null ? "" : ready);
            assertTrue(m.matches(), ready + "\n" + Files.readString(err));
            String bootstrap = m.group(1);
            URI rest = URI.create(m.group(2));
            Matcher cluster = CLUSTER.matcher(Files.readString(err));
            assertTrue(cluster.find(), Files.readString(err));
            List<ProcessHandle> flink = List.of(ProcessHandle.of(Long.parseLong(cluster.group(1))).orElseThrow(),
                    ProcessHandle.of(Long.parseLong(cluster.group(2))).orElseThrow());
            assertTrue(flink.stream().allMatch(p -> p.isAlive() && p.pid() != up.pid()), flink::toString);
            Matcher dashboard = DASHBOARD.matcher(Files.readString(err));
            assertTrue(dashboard.find(), "no dashboard line before the ready line:\n" + Files.readString(err));

            JsonNode jobs = rest(rest, "/jobs/overview").path("jobs");
            assertEquals(1, jobs.size(), jobs::toString);
            assertEquals("sampo association", jobs.get(0).path("name").asText());
            String jar = Path.of(cluster.group(3)).getFileName().toString();
            assertTrue(StreamSupport.stream(rest(rest, "/jars").path("files").spliterator(), false)
                    .anyMatch(f -> f.path("name").asText().equals(jar)), "the job jar " + jar + " was not uploaded");

            CliRun replay = CliRun.of("replay", LAB_SMALL.toString(), "--kafka", bootstrap);
            assertEquals(0, replay.exit(), replay.err());
            Set<Set<SubflowId>> offline = offlineGroups();
            assertEquals(offline, SubflowsTable.settle(bootstrap, offline), "the cluster's subflows table");
            long published = Long.parseLong(replay.out().replaceAll("(?s).*published (\\d+) records.*", "$1"));
            assertTrue(awaitStatusCounting(err, published), "no status line counted the " + published + " records:\n"
                    + Files.readString(err));
            URI web = URI.create(dashboard.group(1));
            HttpResponse<String> page = get(web);
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("<script src=\"app.js\">"), page.body());
            JsonNode view = awaitView(web, offline);
            assertEquals(offline, sessionsOf(view), "the dashboard's sessions");
            assertTrue(view.path("health").path("checkpoints").path("completed").asLong() > 0,
                    "the dashboard does not see the cluster's checkpoints: " + view.path("health"));

            up.destroy(); // SIGTERM, as Ctrl-C's SIGINT runs the same shutdown hook
            assertTrue(up.waitFor(90, TimeUnit.SECONDS), "up did not stop within 90 s");
            assertEquals(143, up.exitValue());
            assertTrue(Files.readString(err).contains("sampo: totals: "), Files.readString(err));
            assertFalse(Files.readString(err).contains("while stopping"), Files.readString(err));
            for (ProcessHandle p : flink) {
                assertFalse(p.isAlive(), "Flink process " + p.pid() + " outlived up");
            }
        } finally {
            up.destroyForcibly();
        }
    }

    /**
     * What the dashboard's page reads ({@code /api/view}) once it lists the {@code expected}
     * sessions and a completed checkpoint of the cluster's job, or after a minute: the dashboard
     * follows the job's output topics and polls the cluster's REST API, so it may trail the table.
     */
    private static JsonNode awaitView(URI web, Set<Set<SubflowId>> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode view = rest(web, "/api/view");
        while ((!sessionsOf(view).equals(expected) || view.path("health").path("checkpoints").path("completed")
                .asLong() == 0) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(500);
            view = rest(web, "/api/view");
        }
        return view;
    }

    /** The sessions a view lists, each as its subflows. */
    private static Set<Set<SubflowId>> sessionsOf(JsonNode view) {
        return StreamSupport.stream(view.path("sessions").path("rows").spliterator(), false)
                .map(row -> StreamSupport.stream(row.path("subflows").spliterator(), false)
                        .map(m -> SubflowId.parse(m.path("id").asText())).collect(Collectors.toSet()))
                .collect(Collectors.toSet());
    }

    /** Whether a status line counts at least this many records in, within a minute. */
    private static boolean awaitStatusCounting(Path err, long records) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(err)) {
                Matcher m = STATUS.matcher(line);
                if (m.matches() && Long.parseLong(m.group(1).replace(",", "")) >= records) {
                    return true;
                }
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        return false;
    }

    private static Set<Set<SubflowId>> offlineGroups() throws Exception {
        try (CapturePacketSource source = new CapturePacketSource(LAB_SMALL, Sampler.parse("none"), true)) {
            return OfflineRun.run(source, new AssociationEngine(AssociationConfig.DEFAULTS), r -> { }).result().groups();
        }
    }

    private static JsonNode rest(URI base, String path) throws Exception {
        return Json.MAPPER.readTree(get(base.resolve(path)).body());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
