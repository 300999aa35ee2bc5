package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.dashboard.Browser;
import dev.sampo.eval.Truth;
import dev.sampo.flow.SubflowId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sampo up} with its dashboard, fed by a replay of the bundled capture, as an operator's
 * browser (headless Chromium) sees it; and the Grafana dashboards against the metrics it exports.
 */
@Timeout(420)
class DashboardEndToEndTest {
    private static final Path ROOT = Path.of(System.getProperty("sampo.root", "..")).toAbsolutePath().normalize();
    private static final Path LAB_SMALL = ROOT.resolve("samples/lab-small.pcap.gz");
    private static final Path TRUTH = ROOT.resolve("samples/lab-small.truth.json");
    private static final Path GRAFANA = ROOT.resolve("dashboards/grafana");
    private static final Pattern DASHBOARD_LINE = Pattern.compile("dashboard: (http://\\S+)");
    private static final Pattern KAFKA = Pattern.compile("kafka=(\\S+)");

    @TempDir
    static Path dir;
    private static Process up;
    private static String url;

    @BeforeAll
    static void upAndReplay() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlog4j2.configurationFile=log4j2.xml", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "up", "--kafka-port", "0", "--web-ui-port", "0", "--sflow", "127.0.0.1:0",
                "--dashboard", "127.0.0.1:0", "--home", dir.resolve("up").toString(),
                // The last period closes soon after the replay ends.
                "--set", "sampo.watermark.quiet=1s");
        up = new ProcessBuilder(command).redirectError(dir.resolve("up.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        Matcher kafka = KAFKA.matcher(ready == null ? "" : ready);
        assertTrue(kafka.find(), "no ready line: " + ready + "\n" + Files.readString(dir.resolve("up.err")));
        Matcher dashboard = DASHBOARD_LINE.matcher(Files.readString(dir.resolve("up.err")));
        assertTrue(dashboard.find(), "no dashboard line before the ready line");
        url = dashboard.group(1);
        CliRun replay = CliRun.of("replay", LAB_SMALL.toString(), "--kafka", kafka.group(1), "--speed", "max");
        assertEquals(0, replay.exit(), replay.err());
    }

    @AfterAll
    static void stop() throws Exception {
        if (up != null) {
            up.destroy();
            if (!up.waitFor(60, TimeUnit.SECONDS)) {
                up.destroyForcibly();
            }
        }
    }

    @Test
    void pageListsTheTruthSessionsWithTheirSubflowsAndPlotsTheirDsn() throws Exception {
        Truth truth = Truth.read(TRUTH);
        try (Browser browser = new Browser()) {
            browser.driver().get(url);
            // The page is right once it lists as many sessions as the truth and each truth session's
            // subflows form one listed session: polled, as the job emits them period by period.
            String listed = browser.await("the truth's " + truth.sessions().size() + " sessions, each whole",
                    Duration.ofSeconds(240), w -> {
                        List<Set<String>> rows = rows(browser);
                        return rows.size() == truth.sessions().size()
                                && truth.sessions().stream().allMatch(s -> rows.contains(ids(s)))
                                ? rows.toString() : null;
                    });
            List<Set<String>> rows = rows(browser);
            for (List<SubflowId> session : truth.sessions()) {
                Set<String> row = rows.stream().filter(r -> r.containsAll(ids(session))).findFirst().orElseThrow();
                assertEquals(session.size(), row.size(), "subflows of " + session + " in " + listed);
                long shown = (Long) browser.script("return Number(document.querySelector('tr.session[data-members=\""
                        + String.join(" ", new TreeSet<>(row)) + "\"] .subflow-count')?.textContent ?? -1)");
                assertEquals(session.size(), shown, "the subflow count the page shows for " + session);
            }
            long points = browser.await("DSN points in the chart", Duration.ofSeconds(60),
                    w -> (Long) browser.script("const n = document.querySelectorAll('#dsn-chart circle.dsn-point')"
                            + ".length; return n > 0 ? n : null;"));
            // Another session, chosen by a click, is plotted too, in as many colours as it has subflows.
            browser.script("document.querySelectorAll('tr.session')[1].click()");
            String second = (String) browser.script("return document.querySelectorAll('tr.session')[1].dataset.session");
            browser.await("the clicked session's plot", Duration.ofSeconds(30),
                    w -> second.equals(browser.script("return document.getElementById('dsn-session').textContent"))
                            && (Long) browser.script("return document.querySelectorAll('#dsn-chart circle.dsn-point')"
                            + ".length") > 0);
            long colours = (Long) browser.script("return new Set([...document.querySelectorAll("
                    + "'#dsn-chart circle.dsn-point')].map(c => c.getAttribute('fill'))).size");
            assertEquals(4, colours, "one colour per subflow of the clicked session");
            browser.screenshot("dashboard-lab-small");
            assertTrue(points > 10, "only " + points + " DSN points");
        }
    }

    /** Each listed session as the set of its subflow ids. */
    private static List<Set<String>> rows(Browser browser) {
        @SuppressWarnings("unchecked")
        List<String> members = (List<String>) browser.script(
                "return [...document.querySelectorAll('tr.session')].map(r => r.dataset.members)");
        List<Set<String>> rows = new ArrayList<>();
        for (String m : members) {
            rows.add(new HashSet<>(List.of(m.split(" "))));
        }
        return rows;
    }

    private static Set<String> ids(List<SubflowId> session) {
        return session.stream().map(SubflowId::toString).collect(Collectors.toSet());
    }

    @Test
    void grafanaDashboardsUseOnlyMetricsSampoExports() throws Exception {
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(GRAFANA)) {
            dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(dashboards.isEmpty(), "no dashboards in " + GRAFANA);
        ObjectMapper json = new ObjectMapper();
        Pattern metricName = Pattern.compile("\\b((?:sampo|flink)_[A-Za-z0-9_]+)\\b");
        Set<String> referenced = new TreeSet<>();
        for (Path d : dashboards) {
            JsonNode root = json.readTree(d.toFile());
            assertTrue(root.path("title").isTextual() && root.path("panels").isArray(), d + " is not a dashboard");
            List<String> exprs = root.findValuesAsText("expr");
            assertFalse(exprs.isEmpty(), d + " has no queries");
            for (String expr : exprs) {
                Matcher names = metricName.matcher(expr);
                assertTrue(names.find(), d + ": a query on neither Sampo's nor Flink's metrics: " + expr);
                do {
                    referenced.add(names.group(1));
                } while (names.find());
            }
        }
        // The agents' own endpoints: a live capture on loopback (root, as CI runs; filtered to a port
        // nothing uses) and a collector, each scraped at its --metrics while it runs.
        int captureMetrics = freeTcpPort();
        int sflowMetrics = freeTcpPort();
        CompletableFuture<CliRun> capture = CompletableFuture.supplyAsync(() -> CliRun.of("capture", "--iface", "lo",
                "--bpf", "tcp port 9", "--sink", "discard", "--stats-every", "200ms", "--duration", "10s",
                "--metrics", "127.0.0.1:" + captureMetrics));
        CompletableFuture<CliRun> sflow = CompletableFuture.supplyAsync(() -> CliRun.of("sflow", "--listen",
                "127.0.0.1:0", "--sink", "discard", "--duration", "10s", "--metrics", "127.0.0.1:" + sflowMetrics));
        // Some figures appear once known (the job's first checkpoint and commit, the capture's first report): polled.
        URI flink = flinkReporter();
        URI captureUri = URI.create("http://127.0.0.1:" + captureMetrics + "/metrics");
        URI sflowUri = URI.create("http://127.0.0.1:" + sflowMetrics + "/metrics");
        Set<String> missing = new TreeSet<>(referenced);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String body = "";
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            body = scrape(URI.create(url).resolve("/metrics"));
            missing.removeAll(exported(body));
            missing.removeAll(exported(scrape(flink)));
            missing.removeAll(exported(scrapeWhileRunning(captureUri, capture)));
            missing.removeAll(exported(scrapeWhileRunning(sflowUri, sflow)));
            Thread.sleep(missing.isEmpty() ? 0 : 500);
        }
        assertTrue(missing.isEmpty(), "the Grafana dashboards use " + missing + ", which none of /metrics, " + flink
                + ", " + captureUri + " (capture) and " + sflowUri + " (sflow) exports:\n" + body);
        CliRun captured = capture.get(60, TimeUnit.SECONDS);
        assertEquals(0, captured.exit(), captured.err());
        CliRun collected = sflow.get(60, TimeUnit.SECONDS);
        assertEquals(0, collected.exit(), collected.err());
        Matcher records = Pattern.compile("^sampo_packets_records_total\\{source=\"[^\"]+\"} (\\S+)$",
                Pattern.MULTILINE).matcher(body);
        assertTrue(records.find() && Double.parseDouble(records.group(1)) > 0, "no records counted:\n" + body);
    }

    /** A stand-alone command's scrape while it runs (none before it serves or after it stopped). */
    private static String scrapeWhileRunning(URI uri, CompletableFuture<CliRun> command) throws Exception {
        if (command.isDone()) {
            return "";
        }
        try {
            return scrape(uri);
        } catch (IOException notServing) {
            return "";
        }
    }

    private static int freeTcpPort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Flink's Prometheus reporter of this {@code up}, at the port its log names. */
    private static URI flinkReporter() throws Exception {
        Pattern started = Pattern.compile("Started PrometheusReporter HTTP server on port (\\d+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Matcher m = started.matcher(Files.readString(dir.resolve("up/sampo.log")));
            if (m.find()) {
                return URI.create("http://localhost:" + m.group(1) + "/metrics");
            }
            assertTrue(System.nanoTime() < deadline, "no Prometheus reporter in " + dir.resolve("up/sampo.log"));
            Thread.sleep(200);
        }
    }

    private static String scrape(URI uri) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** The names of the samples in a scrape. */
    private static Set<String> exported(String body) {
        Set<String> names = new HashSet<>();
        Matcher sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE).matcher(body);
        while (sample.find()) {
            names.add(sample.group(1));
        }
        return names;
    }
}
