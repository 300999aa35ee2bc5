package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.OfflineRun;
import dev.sampo.dashboard.Dashboard;
import dev.sampo.dashboard.DashboardConfig;
import dev.sampo.flow.SubflowId;
import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.KafkaClientConfig;
import dev.sampo.kafka.TopicView;
import dev.sampo.packet.PacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.sflow.SflowReplay;
import dev.sampo.wire.PacketWire;
import dev.sampo.wire.Topics;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sampo against a broker that takes only SASL/SCRAM over TLS (no plaintext listener), every
 * client given the same client properties file ({@code --kafka-config}, {@code sampo.kafka.config}):
 * the lab capture replayed through it is associated by the job as the offline engine does; a wrong
 * password, an unreachable broker, a missing topic and a bad file each end the command with one
 * line that says which, and a non-zero exit.
 */
@Timeout(300)
class SecuredKafkaCliTest {
    private static final Path LAB_SMALL = Path.of(System.getProperty("sampo.root", "..")).toAbsolutePath()
            .normalize().resolve("samples/lab-small.pcap.gz");

    private static final Path SFLOW_EXPORT = LAB_SMALL.getParent().getParent()
            .resolve("sflow-ingest/src/test/resources/captures/paper40-sflow-1in50.pcap.gz");

    @RegisterExtension
    static final BrokerExtension KAFKA = BrokerExtension.saslSsl();

    @TempDir
    static Path dir;
    static Path clientProperties;
    static Path wrongPassword;

    @BeforeAll
    static void writeTheClientPropertiesFiles() throws Exception {
        clientProperties = KAFKA.clientProperties(dir);
        wrongPassword = KAFKA.clientProperties(dir, "not-the-password");
    }

    @Test
    void replayedThroughSaslSslTheJobGroupsAsTheOfflineEngine() throws Exception {
        Set<Set<SubflowId>> offline;
        try (PacketSource records = InputKind.pcap.open(LAB_SMALL, Sampler.parse("none"), true)) {
            offline = OfflineRun.run(records, new AssociationEngine(AssociationConfig.DEFAULTS), r -> { }).result()
                    .groups();
        }
        assertTrue(offline.stream().anyMatch(g -> g.size() > 1), "the offline run groups nothing: " + offline);
        InetSocketAddress broker = new InetSocketAddress("localhost", Integer.parseInt(KAFKA.bootstrap().split(":")[1]));
        // As `up --kafka HOST:PORT --kafka-config FILE` starts it, without the collector.
        Stack.Settings settings = new Stack.Settings(broker, 0, 1, 0, null, dir.resolve("home"),
                Map.of("sampo.kafka.config", clientProperties.toString(), "sampo.watermark.quiet", "1s"));
        try (Stack stack = Stack.start(settings, new PrintWriter(System.err, true))) {
            stack.status(new PrintWriter(System.err, true)).close(); // its topic views and admin client log in too
            CliRun replay = CliRun.of("replay", LAB_SMALL.toString(), "--kafka", KAFKA.bootstrap(),
                    "--kafka-config", clientProperties.toString());
            assertEquals(0, replay.exit(), replay.err());
            KafkaClientConfig client = KafkaClientConfig.load(clientProperties);
            assertEquals(offline, SubflowsTable.settle(KAFKA.bootstrap(), client, offline));
            try (TopicView sessions = new TopicView(KAFKA.bootstrap(), client, Topics.SESSIONS)) {
                sessions.poll(Duration.ofSeconds(2));
                assertEquals(offline.size(), sessions.table().size(), "one sampo.sessions entry per offline group");
            }
            assertTheDashboardReadsThroughSaslSsl(stack, offline.size());
        }
    }

    /** Its directory, topic tap and health probe each log in with the file's settings, as {@code up} gives them. */
    private static void assertTheDashboardReadsThroughSaslSsl(Stack stack, int sessions) throws Exception {
        Map<String, Object> config = new HashMap<>(Map.of(DashboardConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrap(),
                DashboardConfig.LISTEN_CONFIG, "127.0.0.1:0", DashboardConfig.PUSH_INTERVAL_CONFIG, 200L));
        stack.kafkaClient().settings().forEach((key, value) -> config.put(DashboardConfig.KAFKA_PREFIX + key, value));
        try (Dashboard dashboard = Dashboard.start(new DashboardConfig(config), () -> null)) {
            HttpClient http = HttpClient.newHttpClient();
            JsonNode view = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                view = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(dashboard.url() + "api/view"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body());
                JsonNode health = view.path("health");
                if (view.path("sessions").path("held").asInt() == sessions && health.path("packets").asLong() > 0
                        && health.path("kafka_lag").isNumber()) {
                    break;
                }
                Thread.sleep(200); // the dashboard builds a view every 200 ms
            }
            assertEquals(sessions, view.path("sessions").path("held").asInt(), view.toString());
            assertTrue(view.path("health").path("packets").asLong() > 0, view.toString());
            assertTrue(view.path("health").path("kafka_lag").isNumber(), view.toString());
        }
    }

    /** The shared sink factory logs in too: sflow --kafka --kafka-config publishes what it collects. */
    @Test
    void sflowPublishesThroughSaslSsl() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String topic = "sflow.secured";
        Map<String, Object> admin = new HashMap<>(KAFKA.clientSettings());
        admin.put("bootstrap.servers", KAFKA.bootstrap());
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        CompletableFuture<CliRun> collector = CompletableFuture.supplyAsync(() -> CliRun.of("sflow",
                "--listen", "127.0.0.1:" + port, "--kafka", KAFKA.bootstrap(), "--kafka-config",
                clientProperties.toString(), "--topic", topic, "--duration", "10", "--stats-every", "0"));
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        boolean sent = false;
        while (!sent && !collector.isDone()) {
            try {
                SflowReplay.replay(SFLOW_EXPORT, to, Double.POSITIVE_INFINITY);
                sent = true;
            } catch (PortUnreachableException notYetListening) {
                // the command binds its socket after creating the topics: send again
            }
        }
        CliRun r = collector.get(60, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r.err());
        assertTrue(sent, "the collector stopped before it listened: " + r.err());
        List<ConsumerRecord<byte[], byte[]>> got = KAFKA.consume(topic, 1);
        assertTrue(!got.isEmpty(), "nothing published; collector said " + r.err());
        for (ConsumerRecord<byte[], byte[]> c : got) {
            assertTrue(PacketWire.decode(c.value()).samplingRate() > 1, "not an sFlow sample's record");
        }
    }

    @Test
    void aFileWithoutABrokerIsRefused() {
        CliRun r = CliRun.of("sflow", "--sink", "discard", "--kafka-config", clientProperties.toString(),
                "--duration", "1");
        assertEquals(1, r.exit(), r.err());
        assertEquals("sampo sflow: --kafka-config " + clientProperties + " is for a broker given with --kafka HOST:PORT",
                r.err().strip());
    }

    @Test
    void aWrongPasswordIsOneLineAndExit1() {
        CliRun r = replay("--kafka", KAFKA.bootstrap(), "--kafka-config", wrongPassword.toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals("sampo replay: Kafka at " + KAFKA.bootstrap() + " refused to list topics: Authentication failed"
                + " during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256", r.err().strip());
    }

    @Test
    void theDirectoryServicesSayAWrongPasswordInOneLineToo() {
        for (String command : new String[] {"nf-example", "directive-service"}) {
            CliRun r = CliRun.of(command, "--kafka", KAFKA.bootstrap(), "--kafka-config", wrongPassword.toString(),
                    "--duration", "20");
            assertEquals(1, r.exit(), r.err());
            assertEquals("sampo " + command + ": Kafka at " + KAFKA.bootstrap() + " refused to list topics:"
                    + " Authentication failed during authentication due to invalid credentials with SASL mechanism"
                    + " SCRAM-SHA-256", r.err().strip());
        }
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExit1WithinItsTimeout() throws Exception {
        String nowhere;
        try (ServerSocket probe = new ServerSocket(0)) {
            nowhere = "localhost:" + probe.getLocalPort();
        }
        long start = System.nanoTime();
        CliRun r = replay("--kafka", nowhere, "--kafka-config", clientProperties.toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals("sampo replay: Kafka at " + nowhere + " did not answer within 10 s: is a broker running there?",
                r.err().strip());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(),
                "took " + (System.nanoTime() - start) / 1e9 + " s");
    }

    @Test
    void aMissingTopicIsOneLineAndExit1() {
        CliRun r = replay("--kafka", KAFKA.bootstrap(), "--kafka-config", clientProperties.toString(),
                "--topic", "no.such.topic");
        assertEquals(1, r.exit(), r.err());
        assertEquals("sampo replay: topic no.such.topic does not exist at " + KAFKA.bootstrap()
                + "; create it first (only the sampo.* topics are created for you)", r.err().strip());
    }

    @Test
    void aBadClientPropertiesFileIsAUsageErrorNamingItsLineAndKey() throws Exception {
        Path misspelt = Files.writeString(dir.resolve("misspelt.properties"),
                Files.readString(clientProperties) + "sasl.mechanisms=PLAIN\n");
        long line = Files.readAllLines(misspelt).size();
        CliRun r = replay("--kafka", KAFKA.bootstrap(), "--kafka-config", misspelt.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("sampo replay: Invalid value for option '--kafka-config': " + misspelt + " line " + line
                + ": unknown Kafka client setting sasl.mechanisms", r.err().lines().findFirst().orElseThrow());
    }

    @Test
    void upRefusesAFileForItsEmbeddedPlaintextBroker() {
        CliRun r = CliRun.of("up", "--kafka-config", clientProperties.toString(), "--home", dir.resolve("up").toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals("sampo up: --kafka-config " + clientProperties + " is for a broker given with --kafka HOST:PORT",
                r.err().strip());
    }

    private static CliRun replay(String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "replay";
        command[1] = LAB_SMALL.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        return CliRun.of(command);
    }
}
