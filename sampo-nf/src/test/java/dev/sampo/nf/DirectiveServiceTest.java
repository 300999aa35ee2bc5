package dev.sampo.nf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.OfflineRun;
import dev.sampo.association.Session;
import dev.sampo.directory.DirectoryConfig;
import dev.sampo.directory.OutputTables;
import dev.sampo.flow.SubflowId;
import dev.sampo.ids.DirectivePolicy;
import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.TopicSetup;
import dev.sampo.packet.PacketSource;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.wire.DirectiveRecord;
import dev.sampo.wire.Topics;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The directive service on a real broker, with the sessions sampo-core's engine finds in the
 * bundled IDS capture: an EVE alert on one subflow gives a directive for each subflow the session
 * has, a subflow associated later gets its own, and bad alert records are counted and skipped.
 */
@Timeout(120)
class DirectiveServiceTest {
    @RegisterExtension
    static final BrokerExtension KAFKA = new BrokerExtension();

    private static final Path CAPTURE = Path.of(System.getProperty("sampo.root", ".."), "samples", "ids-split.pcap.gz");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void anAlertOnOneSubflowBlocksTheSessionAndTheSubflowsThatJoinLater() throws Exception {
        TopicSetup.ensure(KAFKA.bootstrap(), 1);
        Session full;
        try (PacketSource source = new CapturePacketSource(CAPTURE, Sampler.parse("none"), true)) {
            full = OfflineRun.run(source, new AssociationEngine(AssociationConfig.DEFAULTS), r -> { }).result()
                    .sessions().stream().filter(s -> s.subflows().size() >= 3).findFirst().orElseThrow();
        }
        // First the engine has associated two of its subflows only.
        Session early = new Session(full.id(), full.token(), full.subflows().subList(0, 2), full.confidence(),
                full.evidence(), full.firstSeenMicros(), full.firstSeenMicros() + 1000);
        SubflowId convicted = full.subflows().get(1).id();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (OutputTables tables = new OutputTables(KAFKA.bootstrap(), Topics.SESSIONS, Topics.SUBFLOWS);
             KafkaProducer<String, String> ids = new KafkaProducer<>(Map.of("bootstrap.servers", KAFKA.bootstrap()),
                     new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> directives = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrap(), ConsumerConfig.GROUP_ID_CONFIG, "test",
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                     new StringDeserializer());
             DirectiveService service = new DirectiveService(new DirectoryConfig(Map.of("bootstrap.servers",
                     KAFKA.bootstrap(), DirectoryConfig.POLL_TIMEOUT_CONFIG, 50L)), Map.of("bootstrap.servers", KAFKA.bootstrap()),
                     Topics.IDS_ALERTS,
                     Topics.DIRECTIVES, true, DirectivePolicy.DEFAULTS,
                     new PrintWriter(new OutputStreamWriter(log, StandardCharsets.UTF_8), true))) {
            tables.publish(early);
            long known = System.nanoTime() + PATIENCE.toNanos();
            while (service.directory().lookup(convicted).isEmpty() && System.nanoTime() < known) {
                Thread.sleep(20); // the directory's own thread reads the table: poll until it has
            }
            assertTrue(service.directory().lookup(convicted).isPresent(), "the directory never read the session");
            directives.subscribe(List.of(Topics.DIRECTIVES));
            long at = full.firstSeenMicros() + 500;
            for (String value : List.of("garbage", eve(at, "10.9.9.9", 1, "10.9.9.8", 2).replace("\"src_port\":1",
                    "\"src_port\":\"http\""), "{\"event_type\":\"stats\",\"timestamp\":\"2026-01-01T00:00:00+0000\"}",
                    eve(at, "10.9.9.9", 1, "10.9.9.8", 2), eve(at, convicted.a().toString(), convicted.aPort(),
                            convicted.b().toString(), convicted.bPort()))) {
                ids.send(new ProducerRecord<>(Topics.IDS_ALERTS, value)).get();
            }
            List<DirectiveRecord> got = new ArrayList<>();
            awaitDirectives(service, directives, got, 2);
            assertEquals(Set.of(full.subflows().get(0).id(), convicted), got.stream().map(DirectiveRecord::subflow)
                    .collect(Collectors.toSet()));
            assertTrue(got.stream().allMatch(d -> d.action().equals("block") && d.trigger().equals("alert")
                    && d.sid() == 4242 && d.session().equals(full.id())), got.toString());

            tables.publish(full); // the engine associates the rest
            awaitDirectives(service, directives, got, full.subflows().size());
            assertEquals(full.subflows().stream().map(Session.Member::id).collect(Collectors.toSet()),
                    got.stream().map(DirectiveRecord::subflow).collect(Collectors.toSet()));
            assertTrue(got.subList(2, got.size()).stream().allMatch(d -> d.trigger().equals("join")
                    && d.action().equals("block")), got.toString());

            DirectiveService.Counters c = service.counters();
            assertEquals(new DirectiveService.Counters(5, 1, 2, full.subflows().size()), c);
            assertEquals(1, service.decisions().unknownFlows);
            String printed = log.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("not JSON") && printed.contains("src_port 'http'"), printed);
        }
    }

    private static void awaitDirectives(DirectiveService service, KafkaConsumer<String, String> directives,
                                        List<DirectiveRecord> got, int count) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            service.poll(Duration.ofMillis(100));
            directives.poll(Duration.ofMillis(100)).forEach(r -> {
                DirectiveRecord d = DirectiveRecord.parse(r.value());
                assertEquals(d.subflow().toString(), r.key());
                got.add(d);
            });
        }
        assertEquals(count, got.size(), "directives: " + got);
    }

    private static String eve(long micros, String src, int sport, String dst, int dport) {
        String t = Instant.ofEpochSecond(0, micros * 1000).toString().replace("Z", "+0000");
        return "{\"timestamp\":\"" + t + "\",\"flow_id\":7,\"in_iface\":\"eth0\",\"event_type\":\"alert\",\"src_ip\":\""
                + src + "\",\"src_port\":" + sport + ",\"dest_ip\":\"" + dst + "\",\"dest_port\":" + dport
                + ",\"proto\":\"TCP\",\"alert\":{\"action\":\"allowed\",\"gid\":1,\"signature_id\":4242,\"rev\":1,"
                + "\"signature\":\"test\",\"category\":\"\",\"severity\":1}}";
    }
}
