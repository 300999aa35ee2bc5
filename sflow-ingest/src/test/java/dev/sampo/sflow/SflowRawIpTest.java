package dev.sampo.sflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.packet.Missing;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.sampling.Sampler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * pmacct's exports of raw IP frames (make-pmacct-fixtures.sh): sampled headers of protocol IPv4
 * (11) and IPv6 (12), which start at the IP header, with the MPTCP options they hold; extended
 * router records; extended gateway records (skipped); counter samples.
 */
class SflowRawIpTest {
    private static SflowDecoder decodeAll(String capture, SflowListener listener) throws IOException {
        SflowDecoder decoder = new SflowDecoder(listener);
        try (SflowCaptureReader r = new SflowCaptureReader(Fixtures.path(capture))) {
            while (r.next()) {
                assertEquals(SflowError.NONE, decoder.decode(r.frame().data, r.udp().payloadOffset,
                        r.udp().payloadLength, r.frame().timestampNanos));
            }
        }
        return decoder;
    }

    @Test
    void ipv4HeadersWithRouterAndGatewayRecordsAndCounterSamples() throws IOException {
        int[] counterSamples = new int[1];
        List<String> mptcp = new ArrayList<>();
        SflowDecoder decoder = decodeAll(Fixtures.RAW4, new SflowListener() {
            @Override
            public void flowSample(SflowDatagram d, FlowSample s) {
                assertEquals(3, d.subAgentId);
                assertEquals(SflowDecoder.HEADER_IPV4, s.headerProtocol);
                assertTrue(s.decoded && s.tcp && s.hasRouter && s.hasSwitch);
                assertEquals(4, s.nextHopIpVersion);
                assertEquals("0.0.0.0", s.nextHop().toString());
                assertEquals(4, s.packet.ipVersion);
                assertTrue(s.packet.src().toString().startsWith("10.10"));
                if (s.packet.mptcpCount > 0) {
                    mptcp.add(s.packet.mptcp[0].subtype.name());
                }
            }

            @Override
            public void counterSample(SflowDatagram d, CounterSample s) {
                counterSamples[0]++;
                assertTrue(!s.expanded && s.recordCount == 0 && !s.hasInterfaceCounters);
                assertEquals(1, s.sourceIdIndex);
            }
        });
        SflowStats s = decoder.stats();

        assertEquals(483, s.flowSamples());
        assertEquals(483, s.unknownFlowRecords(), "one extended gateway record (1003) per sample, skipped");
        assertEquals(3, counterSamples[0]);
        assertEquals(0, s.errorTotal() + decoder.packetStats().truncatedHeaders());
        assertTrue(mptcp.size() > 200 && mptcp.contains("DSS"), () -> mptcp.size() + " MPTCP samples");
    }

    @Test
    void ipv6HeadersKeepTheirMptcpOptions() throws IOException {
        List<PacketRecord> records = new ArrayList<>();
        try (PacketSource source = new SflowPacketSource(Fixtures.path(Fixtures.RAW6), Sampler.parse("none"), true)) {
            for (PacketRecord p = source.next(); p != null; p = source.next()) {
                records.add(p);
            }
            assertEquals(481, source.frames());
            assertEquals(0, source.decodeStats().errors().size());
        }

        assertTrue(records.size() > 200, records.size() + " MPTCP records");
        for (PacketRecord p : records) {
            assertTrue(!p.src().isV4() && p.src().toString().startsWith("2001:db8::a6"), p::toString);
            assertEquals(20, p.samplingRate());
            assertEquals("192.0.2.10/0/1", p.observationPoint());
        }
        assertTrue(records.stream().anyMatch(p -> p.missing() == null));
        assertTrue(records.stream().noneMatch(p -> p.missing() == Missing.IP_HEADER));
    }
}
