package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.ids.ContentMatcher;
import dev.sampo.ids.IdsAlert;
import dev.sampo.ids.IdsRun;
import dev.sampo.ids.Reassembler;
import dev.sampo.ids.RuleParser;
import dev.sampo.ids.RuleSet;
import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketRecord;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.wire.HeaderNames;
import dev.sampo.wire.Schemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's IDS stage against a real KRaft broker and a real MiniCluster: the bundled capture with
 * planted signatures ({@code samples/ids-split.*}, two MPTCP sessions of two subflows, 600-byte
 * signatures every 3000 bytes, split over subflows), replayed with payload into the packets topic,
 * gives on the alerts topic what {@code ./sampo ids} ({@link IdsRun}) finds in the capture; the
 * rule whose content was never sent stays silent, and records without payload are counted.
 */
class IdsJobTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CAPTURE = ROOT.resolve("samples/ids-split.pcap.gz");
    private static final Path RULES = ROOT.resolve("samples/ids-split.rules");
    private static final long NEVER_SENT = 2100;
    /** Records of a made-up connection that carry TCP data but no payload bytes. */
    private static final int PAYLOADLESS = 5;

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();
    @TempDir
    static Path dir;
    static EmbeddedFlink flink;
    /** What {@code ./sampo ids} reports for the MPTCP sessions (the replay publishes MPTCP records only). */
    static List<IdsAlert> offline;

    @BeforeAll
    static void replayTheCaptureWithPayloadAndStartTheCluster() throws Exception {
        RuleSet rules = RuleParser.read(RULES);
        assertTrue(rules.rules().stream().anyMatch(r -> r.sid() == NEVER_SENT), "the silent rule is in the file");
        List<IdsAlert> all = new ArrayList<>();
        IdsRun.run(CAPTURE, new ContentMatcher(rules.rules()), Reassembler.Mode.SESSION,
                Reassembler.DEFAULT_WINDOW_BYTES, Reassembler.DEFAULT_IDLE_MICROS, AssociationConfig.DEFAULTS, all::add);
        offline = all.stream().filter(a -> a.session() != null).toList();
        assertTrue(offline.stream().anyMatch(a -> a.subflows().size() > 1), "no split signature: a useless reference");

        TestTopics.create(kafka.bootstrap(), "ids.packets", 4, false);
        TestTopics.create(kafka.bootstrap(), "ids.alerts", 1, false);
        List<PacketRecord> records = new ArrayList<>();
        try (CapturePacketSource source = new CapturePacketSource(CAPTURE, Sampler.parse("none"), true, true)) {
            for (PacketRecord r = source.next(); r != null; r = source.next()) {
                records.add(r);
            }
        }
        assertTrue(records.stream().anyMatch(r -> r.payload() != null), "the replay carries no payload");
        records.addAll(payloadless(records.get(records.size() - 1).tsMicros()));
        try (KafkaPacketSink sink = new KafkaPacketSink(kafka.bootstrap(), "ids.packets")) {
            records.forEach(sink::accept);
        }
        flink = EmbeddedFlink.start(4, 0, dir.resolve("checkpoints"));
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        if (flink != null) {
            flink.close();
        }
    }

    @Test
    void alertsEqualWhatTheOfflineMatcherFindsInTheCapture() throws Exception {
        TestTopics.create(kafka.bootstrap(), "ids.pairs", 1, false);
        TestTopics.create(kafka.bootstrap(), "ids.sessions", 1, true);
        TestTopics.create(kafka.bootstrap(), "ids.subflows", 1, true);
        JobID job = flink.submit(config());
        assertEquals(PAYLOADLESS, flink.awaitMetric(job, "sampoIdsPayloadlessRecords", PAYLOADLESS, Duration.ofSeconds(60)),
                "records with data and no payload are counted, and matching goes on");
        List<ConsumerRecord<byte[], byte[]>> got = kafka.consume("ids.alerts", offline.size());
        assertEquals(0, flink.metric(job, "sampoIdsSkippedBytes"), "the window held every reordering");
        flink.cancel(job);

        List<IdsAlert> streamed = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : got) {
            IdsAlert a = IdsAlert.parse(new String(r.value(), StandardCharsets.UTF_8));
            assertEquals(a.session(), new String(r.key(), StandardCharsets.UTF_8), "alerts are keyed by session");
            assertEquals(Schemas.ALERT_V1, new String(r.headers().lastHeader(HeaderNames.SCHEMA).value(),
                    StandardCharsets.UTF_8));
            streamed.add(a);
        }
        assertTrue(streamed.stream().noneMatch(a -> a.sid() == NEVER_SENT), "a rule that does not match alerted");
        // Every match, at the same place of the same stream, over the same subflows.
        assertEquals(matches(offline, false), matches(streamed, false));
        // A split signature is found once both subflows are in the session: it names the session as
        // ./sampo ids does. (A match before a session's later subflows joined names the session as
        // association knew it then.)
        assertEquals(matches(offline.stream().filter(a -> a.subflows().size() > 1).toList(), true),
                matches(streamed.stream().filter(a -> a.subflows().size() > 1).toList(), true));
    }

    /** An alert without its time (which segment completed a match depends on arrival order), sorted. */
    private static List<String> matches(List<IdsAlert> alerts, boolean withSession) {
        return alerts.stream()
                .map(a -> a.sid() + " " + (withSession ? a.session() + " " : "") + a.subflows() + " " + a.direction()
                        + " " + Long.toUnsignedString(a.dsn()))
                .sorted(Comparator.naturalOrder()).toList();
    }

    /** Data segments of a connection no capture holds, as a source that keeps no payload publishes them. */
    private static List<PacketRecord> payloadless(long tsMicros) {
        IpAddress client = IpAddress.parse("192.0.2.1");
        IpAddress server = IpAddress.parse("192.0.2.2");
        List<PacketRecord> out = new ArrayList<>();
        for (int i = 0; i < PAYLOADLESS; i++) {
            out.add(new PacketRecord(1_000_000 + i, tsMicros, null, client, 40000, server, 80, 1000 + 100L * i, 1, 100,
                    Packet.ACK | Packet.PSH, 1, null, List.of()));
        }
        assertEquals(SubflowId.of(client, 40000, server, 80), SubflowId.of(out.get(0).src(), out.get(0).sport(),
                out.get(0).dst(), out.get(0).dport()));
        return out;
    }

    private static JobConfig config() {
        Map<String, String> c = new HashMap<>();
        c.put("sampo.kafka.bootstrap", kafka.bootstrap());
        c.put("sampo.topic.packets", "ids.packets");
        c.put("sampo.topic.pairs", "ids.pairs");
        c.put("sampo.topic.sessions", "ids.sessions");
        c.put("sampo.topic.subflows", "ids.subflows");
        c.put("sampo.topic.dead-letters", "");
        c.put("sampo.topic.nf-load", "");
        c.put("sampo.group.id", "ids");
        c.put("sampo.parallelism", "2");
        c.put("sampo.checkpoint.interval", "1s");
        c.put("sampo.ids.rules", RULES.toString());
        c.put("sampo.topic.alerts", "ids.alerts");
        c.put("sampo.ids.hold", "2s"); // the made-up connection is matched alone after it
        return JobConfig.defaultsWith(c);
    }
}
