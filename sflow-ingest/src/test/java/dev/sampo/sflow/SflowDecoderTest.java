package dev.sampo.sflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.mptcp.MptcpSubtype;
import dev.sampo.packet.Missing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder over pmacct's real datagrams (paper40, 1-in-50). */
class SflowDecoderTest {
    private static final List<Fixtures.Datagram> PAPER40 = Fixtures.datagrams(Fixtures.PAPER40);

    @Test
    void everyDatagramAndSampleOfThePaper40Export() {
        List<String> seen = new ArrayList<>();
        long[] mptcp = new long[1];
        SflowDecoder decoder = new SflowDecoder(new SflowListener() {
            @Override
            public boolean datagram(SflowDatagram d) {
                seen.add(d.agent() + " " + d.subAgentId + " " + d.sequence);
                return true;
            }

            @Override
            public void flowSample(SflowDatagram d, FlowSample s) {
                assertEquals(50, s.samplingRate);
                assertTrue(s.hasHeader && s.hasSwitch && s.decoded && s.tcp);
                assertEquals(SflowDecoder.HEADER_ETHERNET, s.headerProtocol);
                assertEquals(d.timestampNanos, s.packet.timestampNanos);
                if (s.packet.mptcpCount > 0) {
                    mptcp[0]++;
                }
            }
        });
        for (Fixtures.Datagram d : PAPER40) {
            assertEquals(SflowError.NONE, decoder.decode(d.payload(), 0, d.payload().length, d.timestampNanos()));
        }

        assertEquals(1148, seen.size());
        assertEquals("192.0.2.10 0 1", seen.get(0));
        assertEquals("192.0.2.10 0 1148", seen.get(1147));
        SflowStats stats = decoder.stats();
        assertEquals(7521, stats.flowSamples());
        assertEquals(7521, stats.tcpSamples());
        assertEquals(0, stats.errorTotal());
        assertEquals(0, stats.counterSamples() + stats.unknownSamples() + stats.unknownFlowRecords());
        assertEquals(7521, decoder.packetStats().tcpSegments());
        assertEquals(3688, mptcp[0], "sampled segments with MPTCP options (the rest are the 60 plain-TCP clients)");
    }

    /** Datagram 1 as tshark shows it: one sample, a 78-byte Ethernet header of a pure ACK with DSS. */
    @Test
    void firstDatagramFieldByField() {
        Fixtures.Datagram first = PAPER40.get(0);
        List<String> samples = new ArrayList<>();
        SflowDecoder decoder = new SflowDecoder((d, s) -> {
            assertEquals(4, d.agentIpVersion);
            assertEquals(0, d.uptimeMillis);
            assertEquals(1, d.sampleCount);
            assertFalse(s.expanded);
            assertEquals(1, s.number);
            assertEquals(1, s.sequence);
            assertEquals(0, s.sourceIdType);
            assertEquals(1, s.sourceIdIndex);
            assertEquals(29, s.samplePool);
            assertEquals(0, s.drops);
            assertEquals(FlowSample.IF_INDEX, s.inputFormat);
            assertEquals(FlowSample.IF_UNKNOWN, s.inputValue);
            assertEquals(FlowSample.IF_UNKNOWN, s.outputValue);
            assertEquals(2, s.recordCount);
            assertEquals(82, s.frameLength);
            assertEquals(4, s.stripped);
            assertEquals(78, s.headerLength);
            assertEquals(0, s.srcVlan + s.dstVlan + s.srcPriority + s.dstPriority);
            assertEquals(Missing.NOTHING, s.packet.missing);
            assertEquals("10.100.8.2", s.packet.src().toString());
            assertEquals(56050, s.packet.srcPort);
            assertEquals(5000, s.packet.dstPort);
            assertEquals(242167133L, s.packet.seq);
            assertEquals(9758725L, s.packet.ack);
            assertEquals(1, s.packet.mptcpCount);
            assertEquals(MptcpSubtype.DSS, s.packet.mptcp[0].subtype);
            samples.add(s.packet.src() + ":" + s.packet.srcPort);
        });

        assertEquals(SflowError.NONE, decoder.decode(first.payload(), 0, first.payload().length, 0));
        assertEquals(List.of("10.100.8.2:56050"), samples);
    }
}
