package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.dashboard.Browser;
import dev.sampo.dashboard.Dashboard;
import dev.sampo.dashboard.DashboardConfig;
import dev.sampo.kafka.BrokerExtension;
import dev.sampo.sflow.SflowReplay;
import dev.sampo.wire.Topics;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * sflow and capture with {@code --kafka} publish their health to {@code sampo.agents}, and the
 * dashboard, reading the same broker, shows their counters: what each agent said on stderr.
 */
@Timeout(120)
class AgentHealthCliTest {
    private static final Path ROOT = Path.of(System.getProperty("sampo.root", "..")).toAbsolutePath().normalize();
    private static final Path SFLOW_EXPORT = ROOT.resolve(
            "sflow-ingest/src/test/resources/captures/paper40-sflow-1in50.pcap.gz");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();
    private static Dashboard dashboard;

    @BeforeAll
    static void startDashboard() throws Exception {
        dashboard = Dashboard.start(new DashboardConfig(Map.of("bootstrap.servers", kafka.bootstrap(),
                "listen", "127.0.0.1:0", "push.interval.ms", "200")), () -> null);
    }

    @AfterAll
    static void stopDashboard() {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    @Test
    void theDashboardShowsAnSflowCollectorsCountersAndCountsMalformedHealthRecords() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CompletableFuture<CliRun> collector = CompletableFuture.supplyAsync(() -> CliRun.of("sflow",
                "--listen", "127.0.0.1:" + port, "--kafka", kafka.bootstrap(), "--agent-id", "sflow-under-test",
                "--duration", "6s", "--stats-every", "200ms"));
        // Its first health record says the collector listens.
        agent("sflow-under-test", a -> true);
        SflowReplay.Result sent = SflowReplay.replay(SFLOW_EXPORT,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        CliRun r = collector.get(60, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r.err());
        Matcher line = Pattern.compile("records (\\d+) \\| lost datagrams (\\d+), lost samples (\\d+)")
                .matcher(r.err());
        long[] said = null;
        while (line.find()) { // the last line is the final count
            said = new long[] {Long.parseLong(line.group(1)), Long.parseLong(line.group(2)),
                Long.parseLong(line.group(3))};
        }
        assertTrue(said != null, r.err());
        JsonNode a = agent("sflow-under-test", x -> x.path("sflow").path("datagrams").asLong() == sent.datagrams());
        assertEquals("sflow", a.path("kind").asText());
        JsonNode sflow = a.path("sflow");
        assertEquals(said[0], sflow.path("records").asLong(), a.toString());
        assertEquals(said[1], sflow.path("datagrams_lost").asLong(), a.toString());
        assertEquals(said[2], sflow.path("samples_lost").asLong(), a.toString());
        assertTrue(sflow.path("samples").asLong() > 0 && sflow.path("exporters").asInt() > 0, a.toString());
        JsonNode byExporter = sflow.path("by_exporter");
        assertEquals(1, byExporter.size(), a.toString());
        assertEquals("192.0.2.10", byExporter.get(0).path("agent").asText(), a.toString());
        assertEquals(sent.datagrams(), byExporter.get(0).path("datagrams").asLong(), a.toString());
        assertEquals(sflow.path("samples_lost").asLong(), byExporter.get(0).path("samples_lost").asLong());

        // The dashboard's exporter row: the collector's share, with the sampling rate of its records.
        JsonNode row = view(v -> v.path("health").path("exporters").path(0).path("sampling_rates").size() > 0)
                .path("health").path("exporters").path(0);
        assertEquals("sflow-under-test", row.path("collector").asText(), row.toString());
        assertEquals("192.0.2.10", row.path("agent").asText(), row.toString());
        assertEquals(50, row.path("sampling_rates").path(0).asInt(), "paper40 samples 1 in 50: " + row);
        assertEquals(sflow.path("samples").asLong(), row.path("samples").asLong(), row.toString());
        assertEquals(sflow.path("datagrams_lost").asLong(), row.path("datagrams_lost").asLong(), row.toString());
        assertEquals(sflow.path("samples_lost").asLong(), row.path("samples_lost").asLong(), row.toString());

        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrap()),
                new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(Topics.AGENTS, "junk", "{\"agent\":\"junk\",\"kind\":\"router\"}")).get();
        }
        view(v -> v.path("health").path("agents").path("malformed").asLong() == 1);

        // The page draws the collector's row with its loss, as an operator sees it.
        try (Browser browser = new Browser()) {
            browser.driver().get(dashboard.url());
            String loss = browser.await("the collector's row", Duration.ofSeconds(30),
                    w -> (String) browser.script("return document.querySelector("
                            + "'#agents tr.agent[data-agent=\"sflow-under-test\"] td.loss')?.textContent ?? null"));
            assertEquals(String.format(Locale.ENGLISH, "%,d datagrams, %,d samples, %,d agent drops",
                    sflow.path("datagrams_lost").asLong(), sflow.path("samples_lost").asLong(),
                    sflow.path("agent_drops").asLong()), loss);
            String exporter = browser.await("the exporter's row", Duration.ofSeconds(30),
                    w -> (String) browser.script("return document.querySelector("
                            + "'#exporters tr.exporter[data-agent=\"192.0.2.10\"]')?.textContent ?? null"));
            assertTrue(exporter.startsWith("192.0.2.10sflow-under-test50"), exporter);
            assertTrue(exporter.endsWith(String.format(Locale.ENGLISH, "%,d datagrams, %,d samples",
                    row.path("datagrams_lost").asLong(), row.path("samples_lost").asLong())), exporter);
            browser.script("document.getElementById('agents').scrollIntoView()");
            browser.screenshot("dashboard-agents");
        }
    }

    /** Root only: a capture on loopback, filtered to one TCP transfer, seen on the dashboard with its drops. */
    @Test
    void theDashboardShowsACaptureAgentsCountersAndDrops() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<CliRun> capture = CompletableFuture.supplyAsync(() -> CliRun.of("capture",
                    "--iface", "lo", "--bpf", "tcp port " + server.getLocalPort(), "--all-tcp",
                    "--kafka", kafka.bootstrap(), "--agent-id", "capture-under-test", "--duration", "5s",
                    "--stats-every", "200ms"));
            agent("capture-under-test", a -> true); // listening
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket accepted = server.accept()) {
                OutputStream out = client.getOutputStream();
                out.write(new byte[50_000]);
                client.shutdownOutput();
                InputStream in = accepted.getInputStream();
                while (in.read(new byte[65536]) >= 0) {
                    // drained to the end, so every segment crossed the interface
                }
            }
            CliRun r = capture.get(60, TimeUnit.SECONDS);
            assertEquals(0, r.exit(), r.err());
            Matcher stopped = Pattern.compile("stopped; (\\d+) records").matcher(r.err());
            assertTrue(stopped.find(), r.err());
            long records = Long.parseLong(stopped.group(1));
            assertTrue(records >= 3, r.err());
            Matcher drops = Pattern.compile("received (\\d+) kernel-dropped (\\d+) if-dropped (\\d+)").matcher(r.err());
            long received = -1;
            long dropped = -1;
            while (drops.find()) { // the last report is the final count
                received = Long.parseLong(drops.group(1));
                dropped = Long.parseLong(drops.group(2)) + Long.parseLong(drops.group(3));
            }
            long expectedReceived = received;
            JsonNode a = agent("capture-under-test", x -> x.path("capture").path("records").asLong() == records);
            assertEquals("capture", a.path("kind").asText());
            assertEquals(expectedReceived, a.path("capture").path("received").asLong(), a.toString());
            long expectedDrops = dropped;
            JsonNode v = view(x -> x.path("health").path("capture_drops").isNumber());
            assertEquals(expectedDrops, v.path("health").path("capture_drops").asLong(), v.toString());
        }
    }

    /** The view the page receives, polled until {@code ready}. */
    private static JsonNode view(Predicate<JsonNode> ready) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(dashboard.url()).resolve("/api/view");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode v = JSON.readTree(r.body());
            if (ready.test(v)) {
                return v;
            }
            assertTrue(System.nanoTime() < deadline, "the view never got there: " + r.body());
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** The agent's row of the view, polled until it is there and {@code ready}. */
    private static JsonNode agent(String id, Predicate<JsonNode> ready) throws Exception {
        JsonNode[] found = new JsonNode[1];
        view(v -> {
            for (JsonNode a : v.path("health").path("agents").path("held")) {
                if (a.path("agent").asText().equals(id) && ready.test(a)) {
                    found[0] = a;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }
}
