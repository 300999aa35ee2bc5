package dev.sampo.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.wire.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Sampo's Kafka clients reach a broker that takes only SASL/SCRAM over TLS through a client properties file. */
@Timeout(120)
class SecuredClientsTest {
    private static final Path LAB_SMALL = Path.of(System.getProperty("sampo.root", ".."), "samples",
            "lab-small.pcap.gz");

    @RegisterExtension
    static final BrokerExtension KAFKA = BrokerExtension.saslSsl();

    @TempDir
    Path dir;

    @Test
    void topicsPacketsAndTablesGoThroughSaslSsl() throws Exception {
        KafkaClientConfig client = KafkaClientConfig.load(KAFKA.clientProperties(dir));
        TopicSetup.ensure(KAFKA.bootstrap(), client, 2);
        long published = 0;
        try (PacketSource source = new CapturePacketSource(LAB_SMALL, Sampler.parse("none"), true);
             KafkaPacketSink sink = new KafkaPacketSink(KAFKA.bootstrap(), Topics.PACKETS, client.properties())) {
            for (PacketRecord r = source.next(); r != null; r = source.next()) {
                sink.accept(r);
                published++;
            }
        }
        assertTrue(published > 100, "published " + published);
        assertEquals(published, KAFKA.consume(Topics.PACKETS, published).size());

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(client.with(KAFKA.bootstrap(), Map.of()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SESSIONS, "s1", "{\"session\":1}")).get();
        }
        try (TopicView sessions = new TopicView(KAFKA.bootstrap(), client, Topics.SESSIONS)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (sessions.table().isEmpty() && System.nanoTime() < deadline) {
                sessions.poll(Duration.ofMillis(200));
            }
            assertEquals(Map.of("s1", "{\"session\":1}"), sessions.table());
        }
    }

    @Test
    void aWrongPasswordIsOneClearErrorAtOnce() throws Exception {
        KafkaClientConfig wrong = KafkaClientConfig.load(KAFKA.clientProperties(dir, "not-the-password"));
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TopicSetup.ensure(KAFKA.bootstrap(), wrong, 1));
        assertEquals("Kafka at " + KAFKA.bootstrap() + " refused to list topics: Authentication failed during"
                + " authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256", e.getMessage());
        assertTrue(System.nanoTime() - start < 10e9, "took " + (System.nanoTime() - start) / 1e9 + " s");
        IllegalStateException view = assertThrows(IllegalStateException.class,
                () -> new TopicView(KAFKA.bootstrap(), wrong, Topics.SESSIONS));
        assertTrue(view.getMessage().contains("invalid credentials"), view.getMessage());
    }
}
