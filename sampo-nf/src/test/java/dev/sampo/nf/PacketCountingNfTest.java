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
import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.kafka.TopicSetup;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.wire.Topics;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example NF against the bundled lab capture: its packets on {@code sampo.packets}, the sessions
 * sampo-core's engine finds in it on {@code sampo.sessions}; the NF's per-session counts must be
 * the capture's packets per session.
 */
@Timeout(120)
class PacketCountingNfTest {
    @RegisterExtension
    static final BrokerExtension KAFKA = new BrokerExtension();

    private static final Path CAPTURE = Path.of(System.getProperty("sampo.root", ".."), "samples", "lab-small.pcap.gz");

    @Test
    void countsThePacketsOfEachSessionAndReportsEndedSessions() throws Exception {
        TopicSetup.ensure(KAFKA.bootstrap(), 2);
        Map<SubflowId, Session> sessionOf = new HashMap<>();
        try (PacketSource source = new CapturePacketSource(CAPTURE, Sampler.parse("none"), true)) {
            for (Session s : OfflineRun.run(source, new AssociationEngine(AssociationConfig.DEFAULTS), r -> { })
                    .result().sessions()) {
                s.subflows().forEach(m -> sessionOf.put(m.id(), s));
            }
        }
        Map<String, Long> expected = new TreeMap<>();
        long unassociated = 0;
        long packets = 0;
        try (PacketSource source = new CapturePacketSource(CAPTURE, Sampler.parse("none"), true);
             KafkaPacketSink sink = new KafkaPacketSink(KAFKA.bootstrap(), Topics.PACKETS)) {
            for (PacketRecord p = source.next(); p != null; p = source.next()) {
                Session s = sessionOf.get(SubflowId.of(p.src(), p.sport(), p.dst(), p.dport()));
                if (s == null) {
                    unassociated++;
                } else {
                    expected.merge(s.id(), 1L, Long::sum);
                }
                sink.accept(p);
                packets++;
            }
        }
        assertTrue(expected.size() > 1, "the capture has sessions: " + expected);
        try (OutputTables tables = new OutputTables(KAFKA.bootstrap(), Topics.SESSIONS, Topics.SUBFLOWS)) {
            for (Session s : new LinkedHashSet<>(sessionOf.values())) {
                tables.publish(s);
            }
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            try (PacketCountingNf nf = new PacketCountingNf(new DirectoryConfig(Map.of("bootstrap.servers",
                    KAFKA.bootstrap())), Map.of("bootstrap.servers", KAFKA.bootstrap()), Topics.PACKETS, true, 10_000,
                    new PrintWriter(new OutputStreamWriter(printed, StandardCharsets.UTF_8), true))) {
                assertTrue(nf.directory().awaitReady(Duration.ofSeconds(30)));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (nf.tally().packets() < packets && System.nanoTime() < deadline) {
                    nf.poll(Duration.ofMillis(100));
                }
                PacketCountingNf.Tally tally = nf.tally();
                Map<String, Long> counted = new TreeMap<>();
                tally.sessions().forEach((id, c) -> counted.put(id, c.packets()));
                assertEquals(packets, tally.packets());
                assertEquals(expected, counted);
                assertEquals(unassociated, tally.unassociatedPackets());
                assertEquals(0, tally.malformed());

                String first = expected.keySet().iterator().next();
                String endedLine = "session " + first + " ended: " + expected.get(first) + " packets on "
                        + nf.directory().session(first).orElseThrow().subflows().size() + " subflows";
                tables.endSession(first);
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!printed.toString(StandardCharsets.UTF_8).contains(endedLine) && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                assertTrue(printed.toString(StandardCharsets.UTF_8).contains(endedLine),
                        printed.toString(StandardCharsets.UTF_8));
                assertEquals(expected.size() - 1, nf.tally().sessions().size());
                nf.report(3);
                assertTrue(printed.toString(StandardCharsets.UTF_8).contains((expected.size() - 1) + " sessions; "
                        + packets + " packets read"), printed.toString(StandardCharsets.UTF_8));
            }
        }
    }
}
