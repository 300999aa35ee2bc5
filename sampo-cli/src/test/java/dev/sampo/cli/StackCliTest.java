package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, {@code demo}, and {@code up} as an operator runs it: one {@code up}
 * in a child process for the whole class, a second one started against it, and a stop.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackCliTest {
    private static final Path ROOT = Path.of(System.getProperty("sampo.root", "..")).toAbsolutePath().normalize();
    private static final Path LAB_SMALL = ROOT.resolve("samples/lab-small.pcap.gz");
    private static final Path TRUTH = ROOT.resolve("samples/lab-small.truth.json");
    private static final Pattern READY = Pattern.compile("sampo ready: kafka=(localhost:\\d+) flink-ui=(http://\\S+) "
            + "sflow=udp://127\\.0\\.0\\.1:\\d+ topics=\\S+ home=\\S+");
    private static final Pattern STATUS = Pattern.compile("sampo: [-0-9,]+ records/s in, ([0-9,]+) in all; ([0-9,]+) live "
            + "subflows, ([0-9,]+) sessions; lag [0-9,]+; (?:no checkpoint yet|checkpoint (\\d+) \\d+ s ago)");

    @TempDir
    static Path dir;
    static Path home;
    static Process up;
    static String bootstrap;
    static URI flinkUi;

    @BeforeAll
    static void startUp() throws Exception {
        home = dir.resolve("up");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The CLI's own logging, not a test configuration some test dependency brings along.
                "-Dlog4j2.configurationFile=log4j2.xml",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "up", "--kafka-port", "0",
                "--web-ui-port", "0", "--sflow", "127.0.0.1:0", "--dashboard", "off", "--status-every", "1", "--home",
                home.toString()));
        up = new ProcessBuilder(command).redirectError(dir.resolve("up.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        Matcher m = READY.matcher(ready == null ? "" : ready);
        assertTrue(m.matches(), ready + "\n" + err());
        bootstrap = m.group(1);
        flinkUi = URI.create(m.group(2));
    }

    @AfterAll
    static void stopUp() {
        up.destroyForcibly();
    }

    @Test
    @Order(1)
    void theJobIsNamedInTheWebUi() throws Exception {
        JsonNode jobs = rest("/jobs/overview").path("jobs");
        assertEquals(1, jobs.size(), jobs::toString);
        assertEquals("sampo association", jobs.get(0).path("name").asText());
        assertEquals("RUNNING", jobs.get(0).path("state").asText());
    }

    @Test
    @Order(2)
    @Timeout(60)
    void aSecondUpOnTheSameHomeSaysWhoHoldsItAndTouchesNothing() throws Exception {
        Path brokerData = home.resolve("kafka");
        long entries = countFiles(brokerData);
        CliRun second = CliRun.of("up", "--home", home.toString(), "--kafka-port", "0", "--web-ui-port", "0",
                "--sflow", "off", "--dashboard", "off");
        assertEquals(1, second.exit());
        assertEquals("sampo up: another sampo up is running with home " + home.toAbsolutePath() + ", pid " + up.pid(),
                second.err().strip());
        assertEquals(entries, countFiles(brokerData), "the first instance's broker data changed");
        // The first one keeps serving: it takes a replay, and its job still runs.
        CliRun replay = CliRun.of("replay", LAB_SMALL.toString(), "--kafka", bootstrap, "--sample", "count:10");
        assertEquals(0, replay.exit(), replay.err());
        assertEquals("RUNNING", rest("/jobs/overview").path("jobs").get(0).path("state").asText());
    }

    @Test
    @Order(3)
    @Timeout(60)
    void aSecondUpOnATakenPortSaysWhichPortBeforeTouchingAnything() {
        Path other = dir.resolve("other");
        String port = bootstrap.substring(bootstrap.indexOf(':') + 1);
        CliRun second = CliRun.of("up", "--home", other.toString(), "--kafka-port", port, "--web-ui-port", "0",
                "--sflow", "off", "--dashboard", "off");
        assertEquals(1, second.exit());
        assertEquals("sampo up: port " + port + " is in use (the Kafka broker's; --kafka-port picks another)",
                second.err().strip());
        assertFalse(Files.exists(other.resolve("kafka")) || Files.exists(other.resolve("checkpoints")));
    }

    /** The replay of the test before: the status line counts its records in, and the sessions it forms. */
    @Test
    @Order(4)
    @Timeout(60)
    void theStatusLineCountsRecordsSessionsAndCheckpoints() throws Exception {
        long published = Long.parseLong(CliRun.of("replay", LAB_SMALL.toString(), "--kafka", bootstrap, "--sample",
                "count:10").out().replaceAll("(?s)published (\\d+) records.*", "$1"));
        Matcher last = null;
        while (last == null || Long.parseLong(last.group(1).replace(",", "")) < 2 * published
                || last.group(4) == null || Integer.parseInt(last.group(4)) < 2
                || Long.parseLong(last.group(3).replace(",", "")) == 0) {
            TimeUnit.MILLISECONDS.sleep(500);
            List<String> lines = err().lines().filter(l -> STATUS.matcher(l).matches()).toList();
            last = lines.isEmpty() ? null : matched(lines.get(lines.size() - 1));
        }
        assertTrue(Long.parseLong(last.group(2).replace(",", "")) >= Long.parseLong(last.group(3).replace(",", "")),
                last.group());
    }

    @Test
    @Order(5)
    @Timeout(60)
    void upStopsCleanlyOnSigtermWithTotalsAndAQuietLog() throws Exception {
        up.destroy(); // SIGTERM, as Ctrl-C's SIGINT runs the same shutdown hook
        assertTrue(up.waitFor(60, TimeUnit.SECONDS), "up did not stop within 60 s");
        assertEquals(143, up.exitValue());
        String err = err();
        assertTrue(err.contains("sampo: stopping"), err);
        assertTrue(Pattern.compile("sampo: totals: [0-9,]+ records in over \\d+ s, [0-9,]+ live subflows and [0-9,]+ "
                + "sessions at the end, \\d+ checkpoints").matcher(err).find(), err);
        String log = Files.readString(home.resolve("sampo.log"));
        assertTrue(log.contains("Completed checkpoint 2 "), "fewer than two checkpoints in the log");
        assertFalse(log.contains("Name collision"), "a metric-name collision in the log");
    }

    @Test
    @Timeout(180)
    void demoScoresTheStreamedTableAsEvalScoresTheOfflineRunAndGivesAVerdict() throws Exception {
        CliRun offline = CliRun.of("eval", LAB_SMALL.toString(), "--truth", TRUTH.toString(), "--sample", "count:100");
        assertEquals(0, offline.exit(), offline.err());
        CliRun demo = CliRun.of("demo", "--capture", LAB_SMALL.toString(), "--truth", TRUTH.toString(),
                "--speed", "max", "--home", dir.resolve("demo").toString());
        assertEquals(0, demo.exit(), demo.err());
        assertTrue(demo.out().contains("sampo ready: kafka=localhost:"), demo.out());
        assertTrue(demo.out().lines().anyMatch(l -> l.startsWith("+ session ")), demo.out());
        Matcher streamed = Pattern.compile("tp=(\\d+) fp=(\\d+) fn=(\\d+)").matcher(demo.out());
        Matcher eval = Pattern.compile("tp=(\\d+) fp=(\\d+) tn=\\d+ fn=(\\d+)").matcher(offline.out());
        assertTrue(streamed.find() && eval.find(), demo.out() + offline.out());
        assertEquals(eval.group(1) + " " + eval.group(2) + " " + eval.group(3),
                streamed.group(1) + " " + streamed.group(2) + " " + streamed.group(3),
                "streamed tp fp fn must equal the offline run's");
        assertTrue(Integer.parseInt(streamed.group(1)) > 0, "nothing grouped: " + demo.out());

        JsonNode report = Json.MAPPER.readTree(offline.out().lines().reduce((a, b) -> b).orElseThrow());
        long positive = report.get("positive_pairs").asLong();
        long findable = Math.round(report.get("oracle_recall").asDouble() * positive);
        assertTrue(demo.out().contains(String.format("oracle recall %.4f", report.get("oracle_recall").asDouble())),
                demo.out());
        assertTrue(demo.out().contains("for only " + findable + " of the " + positive + " same-session pairs"),
                demo.out());
        assertTrue(demo.out().contains(" in the truth: "), demo.out());
        assertTrue(demo.out().lines().anyMatch(l -> l.startsWith("+ session ") && l.contains("linked to no other")),
                demo.out());
        String verdict = demo.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        String expected = report.get("fp").asLong() > 0 ? "verdict: WRONG GROUPINGS"
                : report.get("recall_of_oracle").asDouble() < DemoVerdict.GOOD_RECALL_OF_ORACLE ? "verdict: TOO FEW LINKS"
                : "verdict: it works";
        assertTrue(verdict.startsWith(expected), verdict);
    }

    private static Matcher matched(String line) {
        Matcher m = STATUS.matcher(line);
        assertTrue(m.matches());
        return m;
    }

    private static long countFiles(Path root) throws Exception {
        try (var files = Files.walk(root)) {
            return files.count();
        }
    }

    private static JsonNode rest(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(flinkUi.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(response.body());
    }

    private static String err() throws Exception {
        return Files.readString(dir.resolve("up.err"));
    }
}
