package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.TopicSetup;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.sflow.SflowReplay;
import dev.sampo.wire.PacketWire;
import dev.sampo.wire.Topics;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The commands that publish to Kafka, against a real broker in process. */
@Timeout(120)
class KafkaCliTest {
    private static final Path ROOT = Path.of(System.getProperty("sampo.root", "..")).toAbsolutePath().normalize();
    private static final Path LAB_SMALL = ROOT.resolve("samples/lab-small.pcap.gz");
    private static final Path SFLOW_EXPORT = ROOT.resolve(
            "sflow-ingest/src/test/resources/captures/paper40-sflow-1in50.pcap.gz");

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();

    @Test
    void replayPublishesExactlyTheSampledRecordsToAFreshBroker() throws Exception {
        long expected = 0;
        try (PacketSource s = new CapturePacketSource(LAB_SMALL, Sampler.parse("count:10"), true)) {
            while (s.next() != null) {
                expected++;
            }
        }
        assertTrue(expected > 10, "lab-small at 1 in 10 keeps " + expected + " MPTCP records");

        CliRun r = CliRun.of("replay", LAB_SMALL.toString(), "--kafka", kafka.bootstrap(), "--sample", "count:10");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("published " + expected + " records in [0-9.]+ s, [0-9]+ records/s to "
                + kafka.bootstrap() + " topic sampo.packets\\R"), r.out());
        List<ConsumerRecord<byte[], byte[]>> got = kafka.consume(Topics.PACKETS, expected);
        assertEquals(expected, got.size());
        for (ConsumerRecord<byte[], byte[]> c : got) {
            assertEquals(10, PacketWire.decode(c.value()).samplingRate());
        }
    }

    /** {@code --payload}: each record that carries payload is version 2, with the capture's own bytes. */
    @Test
    void replayWithPayloadPublishesTheSegmentsBytes() throws Exception {
        Path capture = ROOT.resolve("samples/ids-split.pcap.gz");
        Map<Long, byte[]> expected = new HashMap<>();
        try (PacketSource s = new CapturePacketSource(capture, Sampler.parse("none"), true, true)) {
            for (PacketRecord r = s.next(); r != null; r = s.next()) {
                if (r.payload() != null) {
                    expected.put(r.frame(), r.payload());
                }
            }
        }
        String topic = "payload.packets";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        CliRun r = CliRun.of("replay", capture.toString(), "--kafka", kafka.bootstrap(), "--topic", topic, "--payload");
        assertEquals(0, r.exit(), r.err());
        int withPayload = 0;
        for (ConsumerRecord<byte[], byte[]> c : kafka.consume(topic, expected.size())) {
            PacketRecord p = PacketWire.decode(c.value());
            assertEquals(p.payload() == null ? PacketWire.VERSION : PacketWire.PAYLOAD_VERSION, c.value()[0]);
            if (p.payload() != null) {
                assertArrayEquals(expected.get(p.frame()), p.payload(), "frame " + p.frame());
                withPayload++;
            }
        }
        assertEquals(expected.size(), withPayload);
        CliRun sflow = CliRun.of("replay", SFLOW_EXPORT.toString(), "--input", "sflow", "--kafka", kafka.bootstrap(),
                "--payload");
        assertEquals(2, sflow.exit());
        assertTrue(sflow.err().startsWith("sampo replay: --payload needs a pcap capture"), sflow.err());
    }

    @Test
    void replayToAnUnreachableBrokerNamesIt() throws Exception {
        int closed = closedPort();
        CliRun r = CliRun.of("replay", LAB_SMALL.toString(), "--kafka", "localhost:" + closed);
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("sampo replay: Kafka at localhost:" + closed + " did not answer within 10 s"),
                r.err());
    }

    /** Its own arguments first: a broker that does not answer would take 10 s to say so. */
    @Test
    void replayChecksItsArgumentsBeforeAskingKafka() throws Exception {
        String nowhere = "localhost:" + closedPort();
        for (List<String> args : List.of(
                List.of("/nonexistent.pcap", "--kafka", nowhere),
                List.of(LAB_SMALL.toString(), "--kafka", nowhere, "--sample", "count:0"),
                List.of(LAB_SMALL.toString(), "--kafka", nowhere, "--speed", "fast"))) {
            List<String> command = new java.util.ArrayList<>(List.of("replay"));
            command.addAll(args);
            long start = System.nanoTime();
            CliRun r = CliRun.of(command.toArray(String[]::new));
            assertEquals(2, r.exit(), r.err());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "waited for Kafka: " + args);
            assertTrue(r.err().startsWith("sampo replay: Invalid value for "), r.err());
            assertTrue(r.err().contains("no such file or directory") || r.err().contains("bad sampling spec 'count:0'")
                    || r.err().contains("'fast' is not a speed: a positive number or max"), r.err());
        }
    }

    @Test
    void replayToATopicThatDoesNotExistSaysSo() {
        CliRun r = CliRun.of("replay", LAB_SMALL.toString(), "--kafka", kafka.bootstrap(), "--topic", "no.such.topic");
        assertEquals(1, r.exit());
        assertEquals("sampo replay: topic no.such.topic does not exist at " + kafka.bootstrap()
                + "; create it first (only the sampo.* topics are created for you)", r.err().strip());
    }

    /** A port nobody listens on. */
    private static int closedPort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    @Test
    void nfExampleReportsUntilItsDurationEnds() {
        TopicSetup.ensure(kafka.bootstrap(), 1);
        CliRun r = CliRun.of("nf-example", "--kafka", kafka.bootstrap(), "--duration", "2", "--every", "0.5",
                "--set", "max.sessions=10");
        assertEquals(0, r.exit(), r.err());
        long reports = r.out().lines().filter(l -> l.startsWith("session ") && l.contains("packets")).count();
        assertTrue(reports >= 2, r.out());
        assertTrue(r.out().contains("0 sessions; 0 packets read"), r.out());
        assertTrue(r.out().contains("directory: 0 sessions, 0 subflows"), r.out());
    }

    @Test
    void directiveServiceCountsAndSkipsWhatIsNotAnAlert() throws Exception {
        TopicSetup.ensure(kafka.bootstrap(), 1);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrap()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.IDS_ALERTS, "not eve")).get();
        }
        CliRun r = CliRun.of("directive-service", "--kafka", kafka.bootstrap(), "--from-beginning", "--duration", "8",
                "--every", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("ids.alerts-0@0: not JSON"), r.err());
        assertTrue(r.err().contains("1 records, 0 other events, 1 malformed, 0 directives sent"), r.err());
    }

    @Test
    void nfExampleRejectsABadDirectorySettingByName() {
        CliRun r = CliRun.of("nf-example", "--kafka", kafka.bootstrap(), "--set", "max.sessions=0");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("sampo nf-example: ") && r.err().contains("max.sessions"), r.err());
    }

    /** The shared sink factory: sflow --kafka publishes what it collects. */
    @Test
    void sflowPublishesCollectedSamplesToKafka() throws Exception {
        String topic = "sflow-cli";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CompletableFuture<CliRun> collector = CompletableFuture.supplyAsync(() -> CliRun.of("sflow",
                "--listen", "127.0.0.1:" + port, "--kafka", kafka.bootstrap(), "--topic", topic,
                "--duration", "5", "--stats-every", "0"));
        TimeUnit.SECONDS.sleep(2);
        SflowReplay.replay(SFLOW_EXPORT, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        CliRun r = collector.get(30, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r.err());
        List<ConsumerRecord<byte[], byte[]>> got = kafka.consume(topic, 1);
        assertTrue(!got.isEmpty(), "nothing published; collector said " + r.err());
        for (ConsumerRecord<byte[], byte[]> c : got) {
            assertTrue(PacketWire.decode(c.value()).samplingRate() > 1);
        }
    }

    /** Records Kafka refuses (an invalid topic name) stop sflow with exit code 1 and the cause. */
    @Test
    void sflowExitsWithTheCauseWhenItsSinkFails() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CompletableFuture<CliRun> collector = CompletableFuture.supplyAsync(() -> CliRun.of("sflow",
                "--listen", "127.0.0.1:" + port, "--kafka", kafka.bootstrap(), "--topic", "not a topic!"));
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!collector.isDone() && System.nanoTime() < deadline) {
            try {
                SflowReplay.replay(SFLOW_EXPORT, to, Double.POSITIVE_INFINITY); // real datagrams, until it stops
            } catch (PortUnreachableException notYetListening) {
                // the command binds its socket after creating the topics: send again
            }
        }
        CliRun r = collector.get(30, TimeUnit.SECONDS);
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("sampo sflow: the sink refused a sample of agent 192.0.2.10"), r.err());
        assertTrue(r.err().contains("not a topic!"), r.err());
    }
}
