package dev.sampo.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.wire.PacketWire;
import dev.sampo.wire.Topics;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(120)
class KafkaPacketSinkTest {
    private static final Path LAB_SMALL = Path.of(System.getProperty("sampo.root", ".."), "samples",
            "lab-small.pcap.gz");

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();

    @Test
    void publishesEveryRecordOfACaptureDecodableAndPartitionedBySubflow() throws Exception {
        String topic = "packets-4";
        kafka.createTopic(topic, 4);
        List<PacketRecord> published = new ArrayList<>();
        try (PacketSource source = new CapturePacketSource(LAB_SMALL, Sampler.parse("none"), true);
             KafkaPacketSink sink = new KafkaPacketSink(kafka.bootstrap(), topic)) {
            for (PacketRecord r = source.next(); r != null; r = source.next()) {
                sink.accept(r);
                published.add(r);
            }
            sink.flush();
            assertEquals(published.size(), sink.sent());
        }
        assertTrue(published.size() > 100, "lab-small has " + published.size() + " MPTCP records");

        List<ConsumerRecord<byte[], byte[]>> consumed = kafka.consume(topic, published.size());
        assertEquals(published.size(), consumed.size());
        Map<SubflowId, Set<Integer>> partitions = new HashMap<>();
        Map<SubflowId, Set<String>> senders = new HashMap<>();
        List<PacketRecord> decoded = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> c : consumed) {
            PacketRecord r = PacketWire.decode(c.value());
            decoded.add(r);
            SubflowId id = SubflowId.of(r.src(), r.sport(), r.dst(), r.dport());
            assertEquals(id.toString(), new String(c.key(), StandardCharsets.UTF_8));
            partitions.computeIfAbsent(id, k -> new HashSet<>()).add(c.partition());
            senders.computeIfAbsent(id, k -> new HashSet<>()).add(r.src() + ":" + r.sport());
        }
        assertEquals(new HashSet<>(published), new HashSet<>(decoded));
        partitions.forEach((id, p) -> assertEquals(1, p.size(), id + " is spread over partitions " + p));
        assertTrue(senders.values().stream().anyMatch(s -> s.size() == 2), "no subflow seen in both directions");
        assertTrue(partitions.values().stream().map(p -> p.iterator().next()).distinct().count() > 1,
                "all subflows hashed to one partition: the test would not notice a wrong key");
    }

    @Test
    void anUnreachableBrokerIsAClearErrorNotAHang() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        Properties quick = new Properties();
        quick.put("max.block.ms", "1500");
        String bootstrap = "localhost:" + closedPort;
        PacketRecord record;
        try (PacketSource source = new CapturePacketSource(LAB_SMALL, Sampler.parse("none"), true)) {
            record = source.next();
        }
        long start = System.nanoTime();
        KafkaPacketSink sink = new KafkaPacketSink(bootstrap, Topics.PACKETS, quick);
        sink.accept(record); // only queued: the failure comes from the next call
        UncheckedIOException e = assertThrows(UncheckedIOException.class, sink::flush);
        assertTrue(e.getMessage().contains("Kafka at " + bootstrap + " topic " + Topics.PACKETS + " failed"), e.getMessage());
        assertThrows(UncheckedIOException.class, () -> sink.accept(record), "a failed sink keeps failing");
        assertThrows(UncheckedIOException.class, sink::close);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos());
    }

    @Test
    void aTopicThatDoesNotExistFailsTheNextCallInsteadOfDroppingRecords() throws Exception {
        Properties quick = new Properties();
        quick.put("max.block.ms", "1500");
        PacketRecord record;
        try (PacketSource source = new CapturePacketSource(LAB_SMALL, Sampler.parse("none"), true)) {
            record = source.next();
        }
        KafkaPacketSink sink = new KafkaPacketSink(kafka.bootstrap(), "no-such-topic", quick);
        sink.accept(record);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, sink::flush);
        assertTrue(e.getMessage().contains("no-such-topic"), e.getMessage());
        assertThrows(UncheckedIOException.class, () -> sink.accept(record), "a failed sink keeps failing");
        assertThrows(UncheckedIOException.class, sink::close);
    }
}
