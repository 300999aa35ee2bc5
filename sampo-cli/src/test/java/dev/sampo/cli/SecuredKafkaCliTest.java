package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.OfflineRun;
import dev.sampo.flow.SubflowId;
import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.KafkaClientConfig;
import dev.sampo.kafka.TopicView;
import dev.sampo.packet.PacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.wire.Topics;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
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
        }
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
