package dev.sampo.nf.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.TopicSetup;
import dev.sampo.migration.plan.MigrationProtocol;
import dev.sampo.wire.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The steering point against a real broker: it takes the instances as up once each has reported
 * its load, and counts the records on {@code nf.load} that are not load reports (garbage, a null
 * value, a report without its numbers) instead of stopping on them.
 */
@Timeout(120)
class SteeringPointLoadTest {
    @RegisterExtension
    static final BrokerExtension KAFKA = new BrokerExtension();

    @Test
    void malformedLoadReportsAreCountedAndSkipped() throws Exception {
        TopicSetup.ensure(KAFKA.bootstrap(), 1);
        LiveConfig config = new LiveConfig(Map.of(LiveConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrap()));
        LiveTopics.create(config, List.of("nf-0", "nf-1"));
        List<String> reports = new ArrayList<>(List.of("not json", "{\"instance\":\"nf-0\"}",
                "{\"instance\":\"nf-0\",\"capacity\":100,\"packet_rate\":5,\"queue_depth\":0}",
                "{\"instance\":\"nf-1\",\"capacity\":100,\"packet_rate\":-1,\"queue_depth\":0}",
                "{\"instance\":\"nf-1\",\"capacity\":100,\"packet_rate\":7,\"queue_depth\":2}"));
        reports.add(1, null);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KAFKA.bootstrap()), new StringSerializer(), new StringSerializer())) {
            reports.forEach(r -> producer.send(new ProducerRecord<>(config.loadTopic(), "x", r)));
        }
        SteeringPoint point = new SteeringPoint(config, new SteeringPoint.Settings(Path.of("unused.pcap"), 1, 1,
                MigrationProtocol.SHARP, Map.of("nf-0", 100.0, "nf-1", 100.0), Topics.PACKETS, Topics.STEERING,
                Topics.MIGRATIONS, null, 0, 0), new PrintWriter(new StringWriter()));
        try {
            point.awaitInstances(Duration.ofSeconds(60));
            assertEquals(4, point.badLoadReports(), "garbage, null, no numbers, a negative rate");
        } finally {
            point.close();
        }
    }
}
