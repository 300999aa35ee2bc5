package dev.sampo.capture.decap;

import static dev.sampo.capture.Frames.ETH_IPV4;
import static dev.sampo.capture.Frames.ETH_IPV6;
import static dev.sampo.capture.Frames.erspanII;
import static dev.sampo.capture.Frames.erspanIII;
import static dev.sampo.capture.Frames.ethernet;
import static dev.sampo.capture.Frames.ethernetVlan;
import static dev.sampo.capture.Frames.gre;
import static dev.sampo.capture.Frames.ipv4;
import static dev.sampo.capture.Frames.ipv6;
import static dev.sampo.capture.Frames.mptcpSyn;
import static dev.sampo.capture.Frames.tcpMpCapableSyn;
import static dev.sampo.capture.Frames.udp;
import static dev.sampo.capture.Frames.vxlan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.capture.Frames;
import dev.sampo.capture.decap.Decapsulation.Mode;
import dev.sampo.packet.LinkType;
import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketDecoder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecapsulatorTest {
    private static final int MIRROR = 0x0A000001; // 10.0.0.1, the mirroring switch
    private static final int COLLECTOR = 0x0A000002;

    private final InnerFrame inner = new InnerFrame();

    private static byte[] overGre(byte[] gre) {
        return ethernet(ETH_IPV4, ipv4(47, MIRROR, COLLECTOR, gre));
    }

    private static byte[] overVxlan4(int vni) {
        return ethernet(ETH_IPV4, ipv4(17, MIRROR, COLLECTOR, udp(4789, vxlan(vni, mptcpSyn()))));
    }

    private Outcome decap(Mode mode, byte[] frame) {
        return new Decapsulator(Decapsulation.of(mode)).decap(LinkType.ETHERNET, frame, 0, frame.length, 7, inner);
    }

    /** The inner window must be exactly the mirrored frame, and decode as the MPTCP SYN. */
    private void assertInnerIsTheSyn(byte[] expected) {
        assertArrayEquals(expected, Arrays.copyOfRange(currentFrame, inner.offset, inner.offset + inner.length));
        Packet p = new Packet();
        assertTrue(new PacketDecoder().decode(inner.linkType, currentFrame, inner.offset, inner.length, 1,
                inner.timestampNanos, p));
        assertEquals(40000, p.srcPort);
        assertEquals(5000, p.dstPort);
        assertEquals(1, p.mptcpCount);
    }

    private byte[] currentFrame;

    private Outcome run(Mode mode, byte[] frame) {
        currentFrame = frame;
        return decap(mode, frame);
    }

    @Test
    void erspanTypeII() {
        byte[] f = overGre(gre(Gre.ERSPAN, null, 77L, erspanII(513, 0xABCDE, mptcpSyn())));
        assertEquals(Outcome.ERSPAN_II, run(Mode.AUTO, f));
        assertInnerIsTheSyn(mptcpSyn());
        assertEquals(LinkType.ETHERNET, inner.linkType);
        assertEquals("encap=erspan2 session=513 index=703710 from=10.0.0.1", inner.point.label());
        assertEquals(Outcome.ERSPAN_II, run(Mode.ERSPAN, f));
    }

    @Test
    void erspanTypeIHasNoErspanHeader() {
        byte[] f = overGre(gre(Gre.ERSPAN, null, null, mptcpSyn()));
        assertEquals(Outcome.ERSPAN_I, run(Mode.ERSPAN, f));
        assertInnerIsTheSyn(mptcpSyn());
        assertEquals("encap=erspan1 from=10.0.0.1", inner.point.label());
    }

    @Test
    void erspanTypeIIIWithoutSubheader() {
        byte[] f = overGre(gre(Gre.ERSPAN_III, null, 9L, erspanIII(1023, 5, false, 0, false, mptcpSyn())));
        assertEquals(Outcome.ERSPAN_III, run(Mode.AUTO, f));
        assertInnerIsTheSyn(mptcpSyn());
        assertEquals("encap=erspan3 session=1023 hw=5 dir=ingress from=10.0.0.1", inner.point.label());
    }

    @Test
    void erspanTypeIIIWithPlatformSubheader() {
        byte[] f = overGre(gre(Gre.ERSPAN_III, null, 9L, erspanIII(12, 63, true, 0, true, mptcpSyn())));
        assertEquals(Outcome.ERSPAN_III, run(Mode.ERSPAN, f));
        assertInnerIsTheSyn(mptcpSyn());
        assertEquals("encap=erspan3 session=12 hw=63 dir=egress from=10.0.0.1", inner.point.label());
    }

    @Test
    void erspanTypeIIICarryingAnIpPacket() {
        byte[] ip = ipv4(6, 0x0A010002, 0x0A020002, tcpMpCapableSyn(40000, 5000));
        byte[] f = overGre(gre(Gre.ERSPAN_III, null, 9L, erspanIII(12, 1, false, 2, true, ip)));
        assertEquals(Outcome.ERSPAN_III, run(Mode.AUTO, f));
        assertEquals(LinkType.RAW, inner.linkType);
        assertInnerIsTheSyn(ip);
    }

    @Test
    void greTransparentEthernetBridgingWithKey() {
        byte[] f = overGre(gre(Gre.TEB, 0xFFFFFFFEL, null, mptcpSyn()));
        assertEquals(Outcome.GRE_TEB, run(Mode.GRE, f));
        assertInnerIsTheSyn(mptcpSyn());
        assertEquals("encap=gre key=4294967294 from=10.0.0.1", inner.point.label());
    }

    @Test
    void greWithoutKeyCarryingIp() {
        byte[] ip = ipv4(6, 0x0A010002, 0x0A020002, tcpMpCapableSyn(40000, 5000));
        byte[] f = overGre(gre(0x0800, null, null, ip));
        assertEquals(Outcome.GRE_IP, run(Mode.AUTO, f));
        assertEquals(LinkType.RAW, inner.linkType);
        assertInnerIsTheSyn(ip);
        assertEquals("encap=gre from=10.0.0.1", inner.point.label());
    }

    @Test
    void vxlanOverIpv4() {
        byte[] f = overVxlan4(4242);
        assertEquals(Outcome.VXLAN, run(Mode.VXLAN, f));
        assertInnerIsTheSyn(mptcpSyn());
        assertEquals("encap=vxlan vni=4242 from=10.0.0.1", inner.point.label());
    }

    @Test
    void vxlanOverIpv6() {
        byte[] f = ethernet(ETH_IPV6, ipv6(17, udp(4789, vxlan(0xFFFFFF, mptcpSyn()))));
        assertEquals(Outcome.VXLAN, run(Mode.AUTO, f));
        assertInnerIsTheSyn(mptcpSyn());
        assertEquals("encap=vxlan vni=16777215 from=2001:db8::1", inner.point.label());
    }

    @Test
    void vxlanOverIpv6WithAnExtensionHeader() {
        byte[] dstOpts = new byte[] {17, 0, 1, 4, 0, 0, 0, 0}; // next header UDP, 8 bytes, PadN
        byte[] f = ethernet(ETH_IPV6, ipv6(60, Frames.concat(dstOpts, udp(4789, vxlan(7, mptcpSyn())))));
        assertEquals(Outcome.VXLAN, run(Mode.VXLAN, f));
        assertInnerIsTheSyn(mptcpSyn());
    }

    @Test
    void vlanTaggedUnderlayAndEthernetPadding() {
        byte[] f = Frames.concat(ethernetVlan(42, ETH_IPV4, ipv4(17, MIRROR, COLLECTOR, udp(4789,
                vxlan(9, mptcpSyn())))), new byte[6]);
        assertEquals(Outcome.VXLAN, run(Mode.AUTO, f));
        assertInnerIsTheSyn(mptcpSyn()); // the padding after the IP packet is not part of the inner frame
    }

    @Test
    void underlayBehindPppAndBehindACookedHeaderWithAVlanTag() {
        byte[] ip = ipv4(17, MIRROR, COLLECTOR, udp(4789, vxlan(9, mptcpSyn())));
        byte[] ppp = Frames.concat(new byte[] {(byte) 0xFF, 0x03, 0x00, 0x21}, ip);
        byte[] sll = new Frames.Out().u16(0).u16(1).u16(6).bytes(new byte[8]).u16(0x8100).u16(42).u16(ETH_IPV4)
                .bytes(ip).bytes();
        Decapsulator d = new Decapsulator(Decapsulation.of(Mode.VXLAN));

        currentFrame = ppp;
        assertEquals(Outcome.VXLAN, d.decap(LinkType.PPP, ppp, 0, ppp.length, 0, inner));
        assertInnerIsTheSyn(mptcpSyn());
        currentFrame = sll;
        assertEquals(Outcome.VXLAN, d.decap(LinkType.LINUX_SLL, sll, 0, sll.length, 0, inner));
        assertInnerIsTheSyn(mptcpSyn());
        assertEquals("encap=vxlan vni=9 from=10.0.0.1", inner.point.label());
    }

    /** Mobility, HIP and shim6 headers (8-byte units), AH (4-byte units) and a first fragment before the tunnel. */
    @Test
    void ipv6UnderlayThroughEveryExtensionHeader() {
        byte[] chain = Frames.concat(
                new byte[] {(byte) 135, 0, 0, 0, 0, 0, 0, 0},
                new byte[] {(byte) 139, 0, 0, 0, 0, 0, 0, 0},
                new byte[] {(byte) 140, 0, 0, 0, 0, 0, 0, 0},
                new byte[] {51, 0, 0, 0, 0, 0, 0, 0},
                new Frames.Out().u8(44).u8(1).u16(0).u32(0x100).u32(1).bytes(), // AH: (1 + 2) * 4 bytes
                new Frames.Out().u8(17).u8(0).u16(1).u32(5).bytes()); // fragment: offset 0, more to come
        byte[] f = ethernet(ETH_IPV6, ipv6(0, Frames.concat(chain, udp(4789, vxlan(7, mptcpSyn())))));
        assertEquals(Outcome.VXLAN, run(Mode.VXLAN, f));
        assertInnerIsTheSyn(mptcpSyn());

        byte[] later = f.clone();
        later[14 + 40 + 32 + 12 + 3] = 8; // fragment offset 1: no tunnel header in it
        assertEquals(Outcome.NOT_ENCAPSULATED, run(Mode.VXLAN, later));
    }

    @Test
    void interfaceNameLeadsTheLabel() {
        inner.point.iface("ul0");
        run(Mode.VXLAN, overVxlan4(4242));
        assertEquals("if=ul0 encap=vxlan vni=4242 from=10.0.0.1", inner.point.label());
        run(Mode.AUTO, mptcpSyn());
        assertEquals("if=ul0", inner.point.label());
    }

    @Test
    void autoPassesPlainFramesThroughAndStrictModesDoNot() {
        byte[] plain = mptcpSyn();
        assertEquals(Outcome.PLAIN, run(Mode.AUTO, plain));
        assertInnerIsTheSyn(plain);
        assertEquals(Outcome.PLAIN, run(Mode.NONE, overVxlan4(1)));
        assertEquals(0, inner.offset);
        assertEquals(Outcome.NOT_ENCAPSULATED, run(Mode.VXLAN, plain));
        assertEquals(Outcome.NOT_ENCAPSULATED, run(Mode.ERSPAN, overVxlan4(1)));
        assertEquals(Outcome.NOT_ENCAPSULATED, run(Mode.GRE, overGre(gre(Gre.ERSPAN, null, 1L,
                erspanII(1, 1, mptcpSyn())))));
        assertEquals(Outcome.NOT_ENCAPSULATED, run(Mode.VXLAN,
                ethernet(ETH_IPV4, ipv4(17, MIRROR, COLLECTOR, udp(53, new byte[12])))));
        assertEquals(Outcome.NOT_ENCAPSULATED, run(Mode.VXLAN, ethernet(0x0806, new byte[28])));
    }

    @Test
    void malformedAndUnsupportedEncapsulationsAreCounted() {
        Decapsulator d = new Decapsulator(Decapsulation.of(Mode.AUTO));
        byte[][] malformed = {
            overGre(gre(Gre.ERSPAN, null, 1L, erspanIII(1, 1, false, 0, false, mptcpSyn()))), // v2 header in 0x88BE
            overGre(gre(Gre.ERSPAN_III, null, 1L, erspanII(1, 1, mptcpSyn()))), // v1 header in 0x22EB
            ethernet(ETH_IPV4, ipv4(17, MIRROR, COLLECTOR, udp(4789, Frames.concat(new byte[] {0, 0, 0, 0, 0, 0, 1, 0},
                    mptcpSyn())))), // I flag clear
            ethernet(ETH_IPV4, ipv4(17, MIRROR, COLLECTOR, new Frames.Out().u16(1).u16(4789).u16(12).u16(0)
                    .u32(0).bytes())), // UDP length below the VXLAN header
            ethernet(ETH_IPV4, new Frames.Out().u8(0x43).bytes(new byte[40]).bytes()), // IHL 3
        };
        byte[][] unsupported = {
            overGre(new Frames.Out().u16(0x0001).u16(0x880B).bytes(new byte[20]).bytes()), // GRE version 1 (PPTP)
            overGre(new Frames.Out().u16(0x4000).u16(Gre.TEB).bytes(mptcpSyn()).bytes()), // routing present
            overGre(gre(0x880B, null, null, new byte[20])), // PPP in GRE
            overGre(gre(Gre.ERSPAN_III, null, 1L, erspanIII(1, 1, false, 7, false, mptcpSyn()))), // frame type 7
        };
        for (byte[] f : malformed) {
            assertEquals(Outcome.MALFORMED, d.decap(LinkType.ETHERNET, f, 0, f.length, 0, inner));
        }
        for (byte[] f : unsupported) {
            assertEquals(Outcome.UNSUPPORTED, d.decap(LinkType.ETHERNET, f, 0, f.length, 0, inner));
        }
        assertEquals(malformed.length, d.stats().count(Outcome.MALFORMED));
        assertEquals(unsupported.length, d.stats().count(Outcome.UNSUPPORTED));
        assertEquals(0, d.stats().decapsulated());
    }

    /** Cut every encapsulated frame at every length: short of the inner frame it is TRUNCATED, never thrown. */
    @Test
    void everyTruncationIsCounted() {
        byte[][] frames = {
            overGre(gre(Gre.ERSPAN, 5L, 77L, erspanII(513, 1, mptcpSyn()))),
            overGre(gre(Gre.ERSPAN_III, null, 9L, erspanIII(1, 5, false, 0, true, mptcpSyn()))),
            overGre(gre(Gre.TEB, 1L, null, mptcpSyn())),
            overVxlan4(4242),
            ethernet(ETH_IPV6, ipv6(17, udp(4789, vxlan(1, mptcpSyn())))),
        };
        for (byte[] f : frames) {
            Decapsulator d = new Decapsulator(Decapsulation.of(Mode.AUTO));
            Outcome full = d.decap(LinkType.ETHERNET, f, 0, f.length, 0, inner);
            int innerOffset = inner.offset;
            assertTrue(full.hasFrame());
            for (int len = 0; len < f.length; len++) {
                Outcome o = d.decap(LinkType.ETHERNET, f, 0, len, 0, inner);
                if (len <= innerOffset) {
                    assertEquals(Outcome.TRUNCATED, o, "cut at " + len);
                } else {
                    assertEquals(full, o, "cut at " + len);
                    assertEquals(len - innerOffset, inner.length);
                }
            }
            assertEquals(innerOffset + 1, d.stats().count(Outcome.TRUNCATED));
        }
    }

    /** Random bytes and random corruptions of valid frames: every mode counts them and never throws. */
    @Test
    void garbageNeverThrows() {
        SplittableRandom random = new SplittableRandom(42);
        byte[][] seeds = {overVxlan4(1), overGre(gre(Gre.ERSPAN, 5L, 77L, erspanII(513, 1, mptcpSyn()))),
            overGre(gre(Gre.ERSPAN_III, null, 9L, erspanIII(1, 5, false, 0, true, mptcpSyn())))};
        for (Mode mode : new Mode[] {Mode.AUTO, Mode.ERSPAN, Mode.GRE, Mode.VXLAN}) {
            Decapsulator d = new Decapsulator(Decapsulation.of(mode));
            long frames = 0;
            for (int i = 0; i < 20_000; i++) {
                byte[] f;
                if (i % 2 == 0) {
                    f = new byte[random.nextInt(120)];
                    random.nextBytes(f);
                } else {
                    f = seeds[random.nextInt(seeds.length)].clone();
                    for (int k = random.nextInt(1, 4); k > 0; k--) {
                        f[random.nextInt(f.length)] = (byte) random.nextInt(256);
                    }
                }
                int len = random.nextInt(f.length + 1);
                Outcome o = d.decap(LinkType.ETHERNET, f, 0, len, 0, inner);
                if (o.hasFrame()) {
                    assertTrue(inner.offset >= 0 && inner.length > 0 && inner.offset + inner.length <= len);
                }
                frames++;
            }
            assertEquals(frames, d.stats().nonZero().values().stream().mapToLong(Long::longValue).sum());
        }
    }

    /** The per-frame path allocates nothing once labels are cached: measured on this thread. */
    @Test
    void decapsulationAllocatesNothingPerFrame() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        byte[][] frames = {overVxlan4(4242), overGre(gre(Gre.ERSPAN, null, 77L, erspanII(513, 1, mptcpSyn()))),
            overGre(gre(Gre.ERSPAN_III, null, 9L, erspanIII(1, 5, false, 0, true, mptcpSyn()))),
            overGre(gre(Gre.TEB, 1L, null, mptcpSyn())), mptcpSyn(), new byte[7]};
        Decapsulator d = new Decapsulator(Decapsulation.of(Mode.AUTO));
        long sink = 0;
        for (int round = 0; round < 2; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                byte[] f = frames[i % frames.length];
                if (d.decap(LinkType.ETHERNET, f, 0, f.length, i, inner).hasFrame()) {
                    sink += inner.point.label().length() + inner.offset;
                }
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                assertTrue(allocated < 10_000, "allocated " + allocated + " bytes for 200,000 frames");
            }
        }
        assertTrue(sink > 0);
    }
}
