package dev.sampo.sflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.OfflineRun;
import dev.sampo.eval.Evaluation;
import dev.sampo.eval.Truth;
import dev.sampo.flow.IpAddress;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The collector on real UDP sockets (loopback), fed pmacct's real datagrams. */
class SflowCollectorTest {
    private static final List<Fixtures.Datagram> PAPER40 = Fixtures.datagrams(Fixtures.PAPER40);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static CollectorConfig loopback() {
        return CollectorConfig.defaults().withListen(new InetSocketAddress("127.0.0.1", 0))
                .withStatsInterval(Duration.ofMillis(50));
    }

    @Test
    void replayedExportReachesTheSinkWhole() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (SflowCollector c = SflowCollector.start(loopback(), sink, null)) {
            SflowReplay.Result sent = SflowReplay.replay(Fixtures.path(Fixtures.PAPER40), c.localAddress(),
                    Double.POSITIVE_INFINITY);
            assertEquals(1148, sent.datagrams());
            assertEquals(3688, sink.await(3688, WAIT));
            CollectorStats s = Udp.await(c, x -> x.datagrams() == 1148, WAIT);

            assertEquals(7521, s.flowSamples());
            assertEquals(3688, s.records());
            assertEquals(0, s.datagramsLost() + s.samplesLost() + s.restarts() + s.datagramsLate());
            assertEquals(0, s.decodeErrors() + s.notAllowed() + s.sinkErrors() + s.internalErrors());
            assertEquals(1, s.agents());
            assertTrue(s.receiveBufferBytes() > 0);
        }
        assertTrue(sink.flushes() > 0, "closing flushes the sink");
        for (PacketRecord r : sink.records()) {
            assertEquals(50, r.samplingRate());
            assertEquals("192.0.2.10/0/1", r.observationPoint());
        }
    }

    /** The live path end to end: UDP → collector → in-memory sink → engine, scored against the truth. */
    @Test
    void liveCollectionAssociatesLikeTheFile() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (SflowCollector c = SflowCollector.start(loopback(), sink, null)) {
            SflowReplay.replay(Fixtures.path(Fixtures.PAPER40), c.localAddress(), 4);
            sink.await(3688, WAIT);
        }
        List<PacketRecord> records = sink.records();
        for (int i = 1; i < records.size(); i++) {
            assertTrue(records.get(i - 1).tsMicros() <= records.get(i).tsMicros(), "arrival time never goes back");
        }
        Evaluation eval = new Evaluation(Truth.read(Fixtures.path(Fixtures.PAPER40_TRUTH)));
        OfflineRun.Outcome run = OfflineRun.run(PacketSource.of(records.iterator()),
                new AssociationEngine(AssociationConfig.DEFAULTS), eval::observe);
        Evaluation.Report r = eval.report(run.result(), run.firstSampled(), records.size(), records.size(), 0);

        assertTrue(r.precision() >= 0.999, r::toString);
        assertTrue(r.recallOfOracle() >= 0.95, r::toString);
    }

    @Test
    void agentsOffTheAllowlistAreCountedAndDropped() throws Exception {
        RecordingSink sink = new RecordingSink();
        CollectorConfig config = loopback().withAllowedAgents(Set.of(IpAddress.parse("198.51.100.1")));
        try (SflowCollector c = SflowCollector.start(config, sink, null);
             Udp udp = new Udp(c.localAddress())) {
            for (int i = 0; i < 10; i++) {
                udp.send(PAPER40.get(i).payload());
            }
            CollectorStats s = Udp.await(c, x -> x.datagrams() == 10, WAIT);

            assertEquals(10, s.notAllowed());
            assertEquals(0, s.flowSamples());
            assertEquals(0, s.agents());
        }
        assertEquals(0, sink.records().size());

        config = loopback().withAllowedAgents(Set.of(IpAddress.parse("192.0.2.10"), IpAddress.parse("::1")));
        try (SflowCollector c = SflowCollector.start(config, sink, null);
             Udp udp = new Udp(c.localAddress())) {
            udp.send(PAPER40.get(0).payload());
            CollectorStats s = Udp.await(c, x -> x.flowSamples() == 1, WAIT);
            assertEquals(0, s.notAllowed());
        }
    }

    @Test
    void sequenceGapsLateDatagramsAndRestartsAreReported() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (SflowCollector c = SflowCollector.start(loopback(), sink, null);
             Udp udp = new Udp(c.localAddress())) {
            // Datagrams 401-500 without 411-415 (5 lost), then 413 late (one of them found), then
            // 1-3: the sequence back by more than any reordering, as after an agent restart.
            for (int i = 400; i < 500; i++) {
                if (i < 410 || i >= 415) {
                    udp.send(PAPER40.get(i).payload());
                }
            }
            udp.send(PAPER40.get(412).payload());
            for (int i = 0; i < 3; i++) {
                udp.send(PAPER40.get(i).payload());
            }
            CollectorStats s = Udp.await(c, x -> x.datagrams() == 99, WAIT);
            int missingSamples = 0;
            for (int i = 410; i < 415; i++) {
                missingSamples += sampleCount(PAPER40.get(i).payload());
            }

            assertEquals(4, s.datagramsLost());
            assertEquals(1, s.datagramsLate());
            assertEquals(1, s.restarts());
            assertEquals(missingSamples - sampleCount(PAPER40.get(412).payload()), s.samplesLost(),
                    "late samples give back their loss");

            CollectorStats.Exporter exporter = s.exporters().get(0);
            assertEquals(List.of(new CollectorStats.Exporter("192.0.2.10", 0, 99, s.flowSamples(), 4,
                    s.samplesLost())), s.exporters(), "the one exporter's row holds its share of every count");
            assertTrue(exporter.samplesLost() > 0);
            assertEquals(0, s.untrackedDatagrams());
        }
    }

    /** A flood of spoofed agent addresses fills the exporter rows to their cap; the rest is counted. */
    @Test
    void spoofedAgentsFillTheExporterRowsToTheirCapAndNoMore() throws Exception {
        RecordingSink sink = new RecordingSink();
        int spoofed = CollectorStats.MAX_EXPORTERS + 76;
        try (SflowCollector c = SflowCollector.start(loopback(), sink, null);
             Udp udp = new Udp(c.localAddress())) {
            for (int i = 0; i < spoofed; i++) {
                byte[] d = PAPER40.get(i).payload().clone();
                // sFlow v5 header: version, address type 1 (IPv4), then the agent address at byte 8.
                assertEquals(1, d[7]);
                d[9] = (byte) (i >> 16);
                d[10] = (byte) (i >> 8);
                d[11] = (byte) i;
                udp.send(d);
            }
            CollectorStats s = Udp.await(c, x -> x.datagrams() == spoofed, WAIT);

            assertEquals(spoofed, s.datagrams());
            assertEquals(CollectorStats.MAX_EXPORTERS, s.exporters().size());
            assertEquals(76, s.untrackedDatagrams());
            assertEquals(spoofed - 76, s.exporters().stream().mapToLong(CollectorStats.Exporter::datagrams).sum());
        }
    }

    /** An IPv6 socket: the collector binds [::1] and receives from an IPv6 sender. */
    @Test
    void listensOnIpv6() throws Exception {
        RecordingSink sink = new RecordingSink();
        CollectorConfig config = loopback().withListen(new InetSocketAddress("::1", 0));
        try (SflowCollector c = SflowCollector.start(config, sink, null);
             Udp udp = new Udp(c.localAddress())) {
            udp.send(PAPER40.get(1).payload());
            CollectorStats s = Udp.await(c, x -> x.flowSamples() == 7, WAIT);
            assertEquals(7, s.flowSamples());
            assertTrue(c.localAddress().getAddress() instanceof java.net.Inet6Address);
        }
    }

    /** Generic interface counters of counter samples are exposed in the stats, per interface. */
    @Test
    void interfaceCountersAreExposed() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (SflowCollector c = SflowCollector.start(loopback(), sink, null)) {
            SflowReplay.replay(Fixtures.path(Fixtures.VARIANTS), c.localAddress(), Double.POSITIVE_INFINITY);
            CollectorStats s = Udp.await(c, x -> x.datagrams() == 300, WAIT);

            assertEquals(30, s.counterSamples());
            InterfaceCounters.Snapshot counters = s.interfaces().get("2001:db8::10/9/7");
            assertEquals(123_456_789_012L + 30, counters.inOctets(), "the latest sample's counters");
            assertEquals(10_000_000_000L, counters.ifSpeed());
            assertEquals(1977, s.flowSamples());
            assertEquals("2001:db8::10/9/1", sink.records().get(0).observationPoint());
        }
    }

    @Test
    void listenAddressesParse() {
        assertEquals(new InetSocketAddress("0.0.0.0", 6343), CollectorConfig.parseAddress("6343", "0.0.0.0"));
        assertEquals(new InetSocketAddress("127.0.0.1", 9), CollectorConfig.parseAddress("127.0.0.1:9", "0.0.0.0"));
        assertEquals(new InetSocketAddress("::1", 6343), CollectorConfig.parseAddress("[::1]:6343", "0.0.0.0"));
        assertEquals(new InetSocketAddress("::", 6343), CollectorConfig.parseAddress(":6343", "::"));
    }

    private static int sampleCount(byte[] datagram) {
        return (int) dev.sampo.bytes.Bytes.u32(datagram, 24);
    }
}
