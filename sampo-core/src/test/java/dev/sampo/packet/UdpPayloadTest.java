package dev.sampo.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UdpPayloadTest {
    private static final HexFormat HEX = HexFormat.of();
    /** 127.0.0.1:59681 → 127.0.0.1:16343, 4 payload bytes, as the first sFlow frame of paper40. */
    private static final String IPV4_UDP = "450000200000400040110000" + "7f0000017f000001" + "e9213fd7000c0000";
    private static final String PAYLOAD = "00000005";

    private final UdpPayload udp = new UdpPayload();

    @Test
    void ethernetIpv4() {
        byte[] f = HEX.parseHex("000000000000" + "000000000000" + "0800" + IPV4_UDP + PAYLOAD);

        assertTrue(udp.find(LinkType.ETHERNET, f, 0, f.length));
        assertEquals(4, udp.ipVersion);
        assertEquals("127.0.0.1", udp.src().toString());
        assertEquals(59681, udp.srcPort);
        assertEquals(16343, udp.dstPort);
        assertEquals(42, udp.payloadOffset);
        assertEquals(4, udp.payloadLength);
        assertFalse(udp.truncated);
    }

    @Test
    void vlanTaggedIpv6WithHopByHopHeader() {
        String ipv6 = "60000000" + "0014" + "00" + "40" + "20010db8000000000000000000000001"
                + "20010db8000000000000000000000002";
        String hopByHop = "11" + "00" + "010400000000";
        String udpHeader = "18c7" + "18c7" + "000c" + "0000";
        byte[] f = HEX.parseHex("aaaaaaaaaaaa" + "bbbbbbbbbbbb" + "8100" + "0064" + "86dd" + ipv6 + hopByHop
                + udpHeader + PAYLOAD);

        assertTrue(udp.find(LinkType.ETHERNET, f, 0, f.length));
        assertEquals(6, udp.ipVersion);
        assertEquals("2001:db8::1", udp.src().toString());
        assertEquals("2001:db8::2", udp.dst().toString());
        assertEquals(6343, udp.dstPort);
        assertEquals(f.length - 4, udp.payloadOffset);
        assertEquals(4, udp.payloadLength);
    }

    @Test
    void snaplenCutsThePayload() {
        byte[] f = HEX.parseHex(IPV4_UDP + PAYLOAD.substring(0, 4));

        assertTrue(udp.find(LinkType.RAW, f, 0, f.length));
        assertEquals(2, udp.payloadLength);
        assertTrue(udp.truncated);
    }

    @Test
    void notUdpFragmentsAndShortHeadersAreRefused() {
        byte[] tcp = HEX.parseHex(IPV4_UDP.replace("40110000", "40060000") + PAYLOAD);
        byte[] firstFragment = HEX.parseHex(IPV4_UDP.replace("00004000", "00002000") + PAYLOAD);
        byte[] laterFragment = HEX.parseHex(IPV4_UDP.replace("00004000", "00000010") + PAYLOAD);
        byte[] shortUdp = HEX.parseHex(IPV4_UDP.substring(0, IPV4_UDP.length() - 4));

        assertFalse(udp.find(LinkType.RAW, tcp, 0, tcp.length));
        assertFalse(udp.find(LinkType.RAW, firstFragment, 0, firstFragment.length));
        assertFalse(udp.find(LinkType.RAW, laterFragment, 0, laterFragment.length));
        assertFalse(udp.find(LinkType.RAW, shortUdp, 0, shortUdp.length));
        assertFalse(udp.find(LinkType.PPP, tcp, 0, tcp.length));
    }

    @Test
    void pppAndAVlanTagAfterACookedHeader() {
        byte[] ip = HEX.parseHex(IPV4_UDP + PAYLOAD);
        byte[] ppp = TestFrames.ppp(true, 0x0021, ip);
        byte[] sll = TestFrames.sll(0x8100, TestFrames.concat(HEX.parseHex("0064" + "0800"), ip));

        assertTrue(udp.find(LinkType.PPP, ppp, 0, ppp.length));
        assertEquals(ppp.length - 4, udp.payloadOffset);
        assertTrue(udp.find(LinkType.LINUX_SLL, sll, 0, sll.length));
        assertEquals(16343, udp.dstPort);
        assertEquals(sll.length - 4, udp.payloadOffset);
        assertEquals(4, udp.payloadLength);
    }

    @Test
    void ipv6AuthenticationAndMobilityHeadersBeforeUdp() {
        byte[] datagram = HEX.parseHex("18c7" + "18c7" + "000c" + "0000" + PAYLOAD);
        byte[] ah = TestFrames.w().u8(135).u8(1).u16(0).u32(0x100).u32(1).build(); // (1 + 2) * 4 bytes
        byte[] f = TestFrames.ipv6(51, TestFrames.concat(ah, TestFrames.extensionHeader(17, 0), datagram));

        assertTrue(udp.find(LinkType.RAW, f, 0, f.length));
        assertEquals(6343, udp.srcPort);
        assertEquals(40 + 12 + 8 + 8, udp.payloadOffset);
        assertEquals(4, udp.payloadLength);
    }

    /** Only a whole datagram is read: an atomic fragment (RFC 6946) is one, a first or later fragment is not. */
    @Test
    void ipv6FragmentsAreRefusedButAnAtomicFragmentIsWhole() {
        byte[] datagram = HEX.parseHex("18c7" + "18c7" + "000c" + "0000" + PAYLOAD);
        byte[] atomic = TestFrames.ipv6(44, TestFrames.concat(TestFrames.fragmentHeader(17, 0, false, 1), datagram));
        byte[] first = TestFrames.ipv6(44, TestFrames.concat(TestFrames.fragmentHeader(17, 0, true, 1), datagram));
        byte[] later = TestFrames.ipv6(44, TestFrames.concat(TestFrames.fragmentHeader(17, 3, false, 1), datagram));

        assertTrue(udp.find(LinkType.RAW, atomic, 0, atomic.length));
        assertEquals(4, udp.payloadLength);
        assertFalse(udp.find(LinkType.RAW, first, 0, first.length));
        assertFalse(udp.find(LinkType.RAW, later, 0, later.length));
    }

    @Test
    void randomBytesNeverThrowAndStayInBounds() {
        SplittableRandom random = new SplittableRandom(20261123);
        int[] linkTypes = {LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL};
        byte[] valid = HEX.parseHex("000000000000" + "000000000000" + "0800" + IPV4_UDP + PAYLOAD);
        for (int i = 0; i < 20_000; i++) {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            int n = random.nextInt(80);
            for (int j = 0; j < n; j++) {
                // Mostly a valid frame with a few bytes flipped, sometimes pure noise.
                frame.write(j < valid.length && random.nextInt(4) != 0 ? valid[j] : random.nextInt(256));
            }
            byte[] f = frame.toByteArray();
            int linkType = linkTypes[random.nextInt(linkTypes.length)];
            if (udp.find(linkType, f, 0, f.length)) {
                assertTrue(udp.payloadOffset >= 0 && udp.payloadLength >= 0
                        && udp.payloadOffset + udp.payloadLength <= f.length);
            }
        }
    }
}
