package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.capture.CaptureReport;
import dev.sampo.capture.PcapCounters;
import dev.sampo.sflow.SflowCaptureReader;
import dev.sampo.sflow.SflowDecoder;
import dev.sampo.sflow.SflowReplay;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code --metrics HOST:PORT} of sflow and capture: their own counters, scraped over HTTP in the Prometheus format. */
class MetricsCliTest {
    private static final Path ROOT = Path.of(System.getProperty("sampo.root", "..")).toAbsolutePath().normalize();
    private static final Path SFLOW_EXPORT = ROOT.resolve(
            "sflow-ingest/src/test/resources/captures/paper40-sflow-1in50.pcap.gz");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void sflowServesItsCollectorCountersAtMetrics() throws Exception {
        int udp;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udp = probe.getLocalPort();
        }
        int tcp;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            tcp = probe.getLocalPort();
        }
        CompletableFuture<CliRun> collector = CompletableFuture.supplyAsync(() -> CliRun.of("sflow",
                "--listen", "127.0.0.1:" + udp, "--sink", "discard", "--metrics", "127.0.0.1:" + tcp,
                "--duration", "20s", "--stats-every", "0"));
        String url = "http://127.0.0.1:" + tcp + "/metrics";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (value(scrape(url, deadline), "sampo_sflow_datagrams_total").isEmpty()) {
            TimeUnit.MILLISECONDS.sleep(50); // polling until the collector is up
        }
        SflowReplay.Result sent = SflowReplay.replay(SFLOW_EXPORT,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), udp), 1000);
        assertTrue(sent.datagrams() > 0);
        String text = scrape(url, deadline);
        while (value(text, "sampo_sflow_datagrams_total").orElse(0) < sent.datagrams()
                && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
            text = scrape(url, deadline);
        }
        assertEquals(sent.datagrams(), value(text, "sampo_sflow_datagrams_total").orElse(-1), text);
        long samples = flowSamplesIn(SFLOW_EXPORT);
        assertTrue(samples > 0);
        assertEquals(samples, value(text, "sampo_sflow_samples_total").orElse(-1), text);
        assertEquals(0, value(text, "sampo_sflow_decode_errors_total").orElse(-1), text);
        CliRun r = collector.get(60, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("sampo sflow: metrics on http://127.0.0.1:" + tcp + "/metrics"), r.err());
    }

    @Test
    void aMetricsPortInUseIsAClearError() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun r = CliRun.of("sflow", "--listen", "127.0.0.1:0", "--sink", "discard",
                    "--metrics", "127.0.0.1:" + busy.getLocalPort(), "--duration", "1s");
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.err().contains("port " + busy.getLocalPort() + " is in use (the metrics endpoint's; --metrics"),
                    r.err());
        }
    }

    @Test
    void captureMetricsExposeTheAgentsLatestReport() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        CaptureMetrics metrics = new CaptureMetrics(registry);
        try (MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), registry, "capture",
                new PrintWriter(Writer.nullWriter()))) {
            CaptureReport report = new CaptureReport("lo", 2.0, new PcapCounters(120, 7, 3), 117, 40, 25, 12.5,
                    Map.of(), Map.of());
            metrics.accept(report);
            String text = scrape("http://127.0.0.1:" + server.port() + "/metrics",
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
            assertEquals(120, value(text, "sampo_capture_received_total").orElse(-1), text);
            assertEquals(7, value(text, "sampo_capture_kernel_dropped_total").orElse(-1), text);
            assertEquals(3, value(text, "sampo_capture_interface_dropped_total").orElse(-1), text);
            assertEquals(117, value(text, "sampo_capture_frames_total").orElse(-1), text);
            assertEquals(40, value(text, "sampo_capture_sampled_total").orElse(-1), text);
            assertEquals(25, value(text, "sampo_capture_records_total").orElse(-1), text);
        }
    }

    /** The flow samples of the datagrams replay sends (it skips those the capture truncated), decoded here. */
    private static long flowSamplesIn(Path capture) throws IOException {
        long[] samples = {0};
        SflowDecoder decoder = new SflowDecoder((datagram, sample) -> samples[0]++);
        try (SflowCaptureReader reader = new SflowCaptureReader(capture)) {
            while (reader.next()) {
                if (!reader.udp().truncated) {
                    decoder.decode(reader.frame().data, reader.udp().payloadOffset, reader.udp().payloadLength,
                            reader.frame().timestampNanos);
                }
            }
        }
        return samples[0];
    }

    static String scrape(String url, long deadline) throws Exception {
        while (true) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                return r.body();
            } catch (IOException notYetServing) {
                if (System.nanoTime() > deadline) {
                    throw notYetServing;
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }

    static OptionalDouble value(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(text);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }
}
