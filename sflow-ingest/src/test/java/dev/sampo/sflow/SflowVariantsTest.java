package dev.sampo.sflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.sampling.Sampler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The forms pmacct does not emit, from sflow_variants.py's re-encoding of its real datagrams:
 * IPv6 agent, expanded flow samples, expanded counter samples, and other enterprises' samples and
 * records (skipped by length). Each variant must decode to exactly what its original did.
 */
class SflowVariantsTest {
    private record Seen(String datagram, String sample, String packet) {
    }

    private static List<Seen> flowSamples(String capture, SflowDecoder[] decoder) throws IOException {
        List<Seen> seen = new ArrayList<>();
        decoder[0] = new SflowDecoder((d, s) -> seen.add(new Seen(
                d.agent() + "/" + d.subAgentId + " " + d.sequence + " " + d.uptimeMillis,
                s.sequence + " " + s.sourceIdType + ":" + s.sourceIdIndex + " " + s.samplingRate + " " + s.samplePool
                        + " " + s.drops + " " + s.inputFormat + ":" + s.inputValue + " " + s.outputFormat + ":"
                        + s.outputValue + " " + s.headerProtocol + " " + s.frameLength + " " + s.headerLength,
                s.packet.src() + ":" + s.packet.srcPort + " " + s.packet.seq + " " + s.packet.mptcpCount)));
        try (SflowCaptureReader r = new SflowCaptureReader(Fixtures.path(capture))) {
            while (r.next()) {
                assertEquals(SflowError.NONE, decoder[0].decode(r.frame().data, r.udp().payloadOffset,
                        r.udp().payloadLength, r.frame().timestampNanos));
            }
        }
        return seen;
    }

    @Test
    void expandedSamplesAndAnIpv6AgentDecodeLikeTheirOriginals() throws IOException {
        SflowDecoder[] original = new SflowDecoder[1];
        SflowDecoder[] variant = new SflowDecoder[1];
        List<Seen> originals = flowSamples(Fixtures.PAPER40, original);
        List<Seen> variants = flowSamples(Fixtures.VARIANTS, variant);

        assertEquals(1977, variants.size());
        for (int i = 0; i < variants.size(); i++) {
            Seen o = originals.get(i);
            Seen v = variants.get(i);
            assertEquals(o.sample(), v.sample());
            assertEquals(o.packet(), v.packet());
            assertEquals(o.datagram().replace("192.0.2.10/0", "2001:db8::10/9"), v.datagram());
        }
        SflowStats s = variant[0].stats();
        assertEquals(1977, s.expandedFlowSamples());
        assertEquals(30, s.counterSamples(), "one expanded counter sample every tenth datagram");
        assertEquals(30, s.unknownSamples(), "another enterprise's sample beside each");
        assertEquals(1977, s.unknownFlowRecords(), "another enterprise's record in every flow sample");
        assertEquals(30, s.unknownCounterRecords(), "the Ethernet counters record of each counter sample");
        assertEquals(0, s.errorTotal());
    }

    @Test
    void genericInterfaceCountersOfExpandedCounterSamples() throws IOException {
        List<InterfaceCounters.Snapshot> seen = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        SflowDecoder decoder = new SflowDecoder(new SflowListener() {
            @Override
            public void flowSample(SflowDatagram d, FlowSample s) {
            }

            @Override
            public void counterSample(SflowDatagram d, CounterSample s) {
                assertTrue(s.expanded && s.hasInterfaceCounters);
                sources.add(d.agent() + " " + s.sequence + " " + s.sourceIdType + ":" + s.sourceIdIndex + " "
                        + s.recordCount);
                seen.add(s.interfaceCounters.snapshot());
            }
        });
        try (SflowCaptureReader r = new SflowCaptureReader(Fixtures.path(Fixtures.VARIANTS))) {
            while (r.next()) {
                decoder.decode(r.frame().data, r.udp().payloadOffset, r.udp().payloadLength, 0);
            }
        }

        assertEquals("2001:db8::10 1 0:7 2", sources.get(0));
        InterfaceCounters.Snapshot c = seen.get(0);
        // sflow_variants.py's values for counter sample 1 (tshark shows the same, see its README).
        assertEquals(new InterfaceCounters.Snapshot(7, 6, 10_000_000_000L, 1, 3, 123_456_789_013L, 1001, 2, 3, 4, 5,
                6, 987_654_322L, 2001, 7, 8, 9, 10, 1), c);
        assertEquals(123_456_789_012L + 30, seen.get(29).inOctets());
    }

    @Test
    void recordsOfAnIpv6AgentNameItsObservationPoint() throws IOException {
        try (PacketSource source = new SflowPacketSource(Fixtures.path(Fixtures.VARIANTS), Sampler.parse("none"), true)) {
            PacketRecord first = source.next();
            assertEquals("2001:db8::10/9/1", first.observationPoint());
            assertEquals(50, first.samplingRate());
        }
    }
}
