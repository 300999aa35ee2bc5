package dev.sampo.capture;

import static dev.sampo.capture.Frames.ETH_IPV4;
import static dev.sampo.capture.Frames.concat;
import static dev.sampo.capture.Frames.ethernet;
import static dev.sampo.capture.Frames.ipv4;
import static dev.sampo.capture.Frames.mptcpSyn;
import static dev.sampo.capture.Frames.tcpMpCapableSyn;
import static dev.sampo.capture.Frames.udp;
import static dev.sampo.capture.Frames.vxlan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.capture.decap.Decapsulation;
import dev.sampo.capture.decap.Outcome;
import dev.sampo.capture.decap.P4ShimFormat;
import dev.sampo.packet.LinkType;
import dev.sampo.packet.PacketRecord;
import dev.sampo.sampling.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class FramePipelineTest {
    private final List<PacketRecord> records = new ArrayList<>();

    private static byte[] plainTcp() {
        byte[] f = mptcpSyn();
        f[14 + 20 + 12] = 5 << 4; // data offset 20: the MPTCP option is now payload
        return f;
    }

    @Test
    void countSamplingKeepsEveryNthFrameAndRecordsTheRate() {
        FramePipeline p = new FramePipeline(LinkType.ETHERNET, "mirror0", Sampler.parse("count:4"),
                Decapsulation.of(Decapsulation.Mode.NONE), true, false, records::add);
        byte[] f = mptcpSyn();
        for (int i = 0; i < 100; i++) {
            p.accept(f, 0, f.length, 1_000_000_000L * i);
        }
        assertEquals(100, p.frames());
        assertEquals(25, p.sampled());
        assertEquals(25, records.size());
        assertTrue(records.stream().allMatch(r -> r.samplingRate() == 4 && r.observationPoint().equals("if=mirror0")));
        assertEquals(4, records.get(0).frame(), "frame numbers count every captured frame");
        assertEquals(3_000_000, records.get(0).tsMicros());
    }

    @Test
    void onlyMptcpSegmentsUnlessAllTcp() {
        byte[] plain = plainTcp();
        byte[] arp = ethernet(0x0806, new byte[28]);
        FramePipeline mptcpOnly = new FramePipeline(LinkType.ETHERNET, "eth0", Sampler.parse("none"),
                Decapsulation.of(Decapsulation.Mode.NONE), true, false, records::add);
        mptcpOnly.accept(plain, 0, plain.length, 0);
        mptcpOnly.accept(arp, 0, arp.length, 0);
        assertEquals(0, records.size());
        FramePipeline all = new FramePipeline(LinkType.ETHERNET, "eth0", Sampler.parse("none"),
                Decapsulation.of(Decapsulation.Mode.NONE), false, false, records::add);
        all.accept(plain, 0, plain.length, 0);
        all.accept(arp, 0, arp.length, 0);
        assertEquals(1, records.size());
        assertEquals(1L, all.decodeStats().errors().values().iterator().next());
    }

    @Test
    void payloadIsKeptOnlyWhenAsked() {
        byte[] data = "GET / HTTP/1.1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] f = ethernet(ETH_IPV4, ipv4(6, 0x0A010002, 0x0A020002, concat(tcpMpCapableSyn(40000, 5000), data)));
        new FramePipeline(LinkType.ETHERNET, "eth0", Sampler.parse("none"), Decapsulation.of(Decapsulation.Mode.NONE),
                true, false, records::add).accept(f, 0, f.length, 0);
        new FramePipeline(LinkType.ETHERNET, "eth0", Sampler.parse("none"), Decapsulation.of(Decapsulation.Mode.NONE),
                true, true, records::add).accept(f, 0, f.length, 0);
        assertEquals(2, records.size());
        assertEquals(data.length, records.get(0).len());
        assertEquals(null, records.get(0).payload());
        assertArrayEquals(data, records.get(1).payload());
    }

    @Test
    void vxlanRecordsCarryTheVniAndTheTunnelSource() {
        byte[] f = ethernet(ETH_IPV4, ipv4(17, 0xAC1FFF01, 0xAC1FFF02, udp(4789, vxlan(4242, mptcpSyn()))));
        FramePipeline p = new FramePipeline(LinkType.ETHERNET, "ul0", Sampler.parse("none"),
                Decapsulation.of(Decapsulation.Mode.VXLAN), true, false, records::add);
        p.accept(f, 0, f.length, 5_000);
        byte[] underlayChatter = plainTcp();
        p.accept(underlayChatter, 0, underlayChatter.length, 6_000);
        assertEquals(1, records.size());
        PacketRecord r = records.get(0);
        assertEquals("if=ul0 encap=vxlan vni=4242 from=172.31.255.1", r.observationPoint());
        assertEquals("10.1.0.2", r.src().toString());
        assertEquals(40000, r.sport());
        assertEquals(1, r.mptcp().size());
        assertEquals(1, p.decapStats().count(Outcome.NOT_ENCAPSULATED));
    }

    @Test
    void upstreamSamplingMultipliesTheAgentsRate() {
        Properties layout = new Properties();
        layout.setProperty("length", "4");
        layout.setProperty("switch_id", "0:16");
        layout.setProperty("sampling_rate", "16:16");
        FramePipeline p = new FramePipeline(LinkType.ETHERNET, "cpu0", Sampler.parse("count:2"),
                new Decapsulation(Decapsulation.Mode.P4, P4ShimFormat.of(layout)), true, false, records::add);
        byte[] f = concat(new byte[] {0, 9, 0, 50}, mptcpSyn());
        p.accept(f, 0, f.length, 0);
        p.accept(f, 0, f.length, 0);
        assertEquals(1, records.size());
        assertEquals(100, records.get(0).samplingRate());
        assertEquals("if=cpu0 encap=p4 switch=9", records.get(0).observationPoint());
    }
}
