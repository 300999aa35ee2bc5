package dev.sampo.packet;

import static dev.sampo.packet.TestFrames.CLIENT_V4;
import static dev.sampo.packet.TestFrames.SERVER_V4;
import static dev.sampo.packet.TestFrames.concat;
import static dev.sampo.packet.TestFrames.ethernet;
import static dev.sampo.packet.TestFrames.ethernetTagged;
import static dev.sampo.packet.TestFrames.extensionHeader;
import static dev.sampo.packet.TestFrames.fragmentHeader;
import static dev.sampo.packet.TestFrames.ipv4;
import static dev.sampo.packet.TestFrames.ipv6;
import static dev.sampo.packet.TestFrames.nullLink;
import static dev.sampo.packet.TestFrames.ppp;
import static dev.sampo.packet.TestFrames.sll2;
import static dev.sampo.packet.TestFrames.sll;
import static dev.sampo.packet.TestFrames.tcp;
import static dev.sampo.packet.TestFrames.w;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.mptcp.MptcpOption;
import dev.sampo.mptcp.MptcpOptionView;
import dev.sampo.mptcp.MptcpSubtype;
import dev.sampo.pcap.Frame;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Link layers, IP versions, extension headers, fragments and truncation, with hand-made frames. */
class PacketDecoderTest {
    private static final long DSN = 0xF000_0000_0000_0001L;
    private static final long DATA_ACK = 3859960378353209983L;

    /** NOP, NOP, timestamps, then a Linux v1 data DSS (8-byte DATA_ACK and DSN, no checksum). */
    static final byte[] OPTIONS = w().u8(1).u8(1).u8(8).u8(10).u32(1272).u32(1265)
            .u8(30).u8(26).u8(0x20).u8(0x0F).u64(DATA_ACK).u64(DSN).u32(1).u16(31240).build();
    static final byte[] SEGMENT = tcp(40000, 5000, 0xFFFF_FFF0L, 9751625L, Packet.ACK | Packet.PSH, OPTIONS, 100);
    static final byte[] IPV4 = ipv4(SEGMENT);
    static final byte[] IPV6 = ipv6(SEGMENT);

    private final PacketDecoder decoder = new PacketDecoder();
    private final Packet p = new Packet();

    private boolean decode(int linkType, byte[] frame) {
        return decoder.decode(linkType, frame, 0, frame.length, 1, 0, p);
    }

    private void assertSegment(int ipVersion) {
        assertEquals(DecodeError.NONE, p.error);
        assertEquals(Missing.NOTHING, p.missing);
        assertEquals(ipVersion, p.ipVersion);
        if (ipVersion == 4) {
            assertEquals("10.0.0.1", p.src().toString());
            assertEquals("10.0.1.2", p.dst().toString());
            assertEquals(64, p.ttl);
        } else {
            assertEquals("2001:db8::1", p.src().toString());
            assertEquals("2001:db8:0:1::2", p.dst().toString());
            assertEquals(63, p.ttl);
        }
        assertEquals(40000, p.srcPort);
        assertEquals(5000, p.dstPort);
        assertEquals(0xFFFF_FFF0L, p.seq);
        assertEquals(9751625L, p.ack);
        assertEquals(Packet.ACK | Packet.PSH, p.flags);
        assertEquals("A|P", p.flagString());
        assertEquals(20 + 40, p.tcpHeaderLength);
        assertEquals(100, p.payloadLength);
        assertTrue(p.hasTimestamps);
        assertEquals(1272, p.tsVal);
        assertEquals(1265, p.tsEcr);
        assertEquals(1, p.mptcpCount);
        MptcpOptionView dss = p.mptcp[0];
        assertEquals(MptcpSubtype.DSS, dss.subtype);
        assertEquals(DATA_ACK, dss.dataAck);
        assertEquals(DSN, dss.dsn);
        assertEquals(1, dss.ssn);
        assertEquals(31240, dss.dataLevelLength);
    }

    // Link layers ------------------------------------------------------------------------------

    @Test
    void ethernetIpv4AndIpv6() {
        assertTrue(decode(LinkType.ETHERNET, TestFrames.ethernet(0x0800, IPV4)));
        assertSegment(4);
        assertTrue(decode(LinkType.ETHERNET, TestFrames.ethernet(0x86DD, IPV6)));
        assertSegment(6);
    }

    @Test
    void ethernetWithOne8021QTag() {
        assertTrue(decode(LinkType.ETHERNET, ethernetTagged(new int[] {0x8100, 0x0064}, 0x0800, IPV4)));
        assertSegment(4);
    }

    @Test
    void ethernetWith8021adDoubleTag() {
        assertTrue(decode(LinkType.ETHERNET,
                ethernetTagged(new int[] {0x88A8, 0x0010, 0x8100, 0x0064}, 0x86DD, IPV6)));
        assertSegment(6);
        assertTrue(decode(LinkType.ETHERNET,
                ethernetTagged(new int[] {0x9100, 0x0010, 0x8100, 0x0064}, 0x0800, IPV4)));
        assertSegment(4);
    }

    @Test
    void moreTagsThanAnyNetworkUsesAreNotFollowed() {
        int[] five = {0x8100, 1, 0x8100, 2, 0x8100, 3, 0x8100, 4, 0x8100, 5};
        assertFalse(decode(LinkType.ETHERNET, ethernetTagged(five, 0x0800, IPV4)));
        assertEquals(DecodeError.NOT_IP, p.error);
    }

    @Test
    void linuxCookedV1() {
        assertTrue(decode(LinkType.LINUX_SLL, sll(0x0800, IPV4)));
        assertSegment(4);
        assertTrue(decode(LinkType.LINUX_SLL, sll(0x86DD, IPV6)));
        assertSegment(6);
    }

    @Test
    void linuxCookedV1WithAReinsertedVlanTag() {
        byte[] tagged = sll(0x8100, concat(w().u16(0x0064).u16(0x0800).build(), IPV4));
        assertTrue(decode(LinkType.LINUX_SLL, tagged));
        assertSegment(4);
    }

    @Test
    void linuxCookedV2() {
        assertTrue(decode(LinkType.LINUX_SLL2, sll2(0x0800, IPV4)));
        assertSegment(4);
        assertTrue(decode(LinkType.LINUX_SLL2, sll2(0x86DD, IPV6)));
        assertSegment(6);
        assertTrue(decode(LinkType.LINUX_SLL2, sll2(0x8100, concat(w().u16(7).u16(0x86DD).build(), IPV6))));
        assertSegment(6);
    }

    @Test
    void rawIpOfEitherVersion() {
        for (int linkType : new int[] {LinkType.RAW, LinkType.IPV4, LinkType.IPV6}) {
            assertTrue(decode(linkType, IPV4));
            assertSegment(4);
            assertTrue(decode(linkType, IPV6));
            assertSegment(6);
        }
        assertFalse(decode(LinkType.RAW, w().u8(0x50).zeros(39).build()));
        assertEquals(DecodeError.NOT_IP, p.error);
    }

    @Test
    void bsdLoopbackWithEveryFamilyValue() {
        assertTrue(decode(LinkType.NULL, nullLink(2, IPV4)));
        assertSegment(4);
        for (int af6 : new int[] {24, 28, 30}) {
            assertTrue(decode(LinkType.NULL, nullLink(af6, IPV6)));
            assertSegment(6);
        }
    }

    @Test
    void pppWithAndWithoutHdlcFraming() {
        for (boolean hdlc : new boolean[] {true, false}) {
            assertTrue(decode(LinkType.PPP, ppp(hdlc, 0x0021, IPV4)));
            assertSegment(4);
            assertTrue(decode(LinkType.PPP, ppp(hdlc, 0x0057, IPV6)));
            assertSegment(6);
        }
        assertFalse(decode(LinkType.PPP, ppp(false, 0xC021, new byte[20]))); // LCP
        assertEquals(DecodeError.NOT_IP, p.error);
    }

    @Test
    void pppWithACompressedProtocolField() {
        assertTrue(decode(LinkType.PPP, concat(new byte[] {(byte) 0xFF, 0x03, 0x21}, IPV4)));
        assertSegment(4);
        assertTrue(decode(LinkType.PPP, concat(new byte[] {0x57}, IPV6)));
        assertSegment(6);
    }

    @Test
    void unknownLinkTypesAndNonIpPayloadsAreCountedNotDecoded() {
        assertFalse(decode(147, IPV4));
        assertEquals(DecodeError.UNSUPPORTED_LINK_TYPE, p.error);
        assertFalse(decode(LinkType.ETHERNET, ethernet(0x0806, new byte[28])));
        assertEquals(DecodeError.NOT_IP, p.error);
        assertFalse(decode(LinkType.LINUX_SLL, sll(0x0004, new byte[28])));
        assertEquals(DecodeError.NOT_IP, p.error);
        assertEquals(3, decoder.stats().frames());
        assertEquals(1, decoder.stats().count(DecodeError.UNSUPPORTED_LINK_TYPE));
        assertEquals(2, decoder.stats().count(DecodeError.NOT_IP));
    }

    // IPv4 -------------------------------------------------------------------------------------

    @Test
    void ipv4WithOptions() {
        byte[] options = w().u8(0x94).u8(4).u16(0).u8(1).u8(1).u8(1).u8(0).build(); // router alert, NOPs, EOL
        assertTrue(decode(LinkType.RAW, ipv4(CLIENT_V4, SERVER_V4, 6, 0, options, SEGMENT)));
        assertSegment(4);
    }

    @Test
    void ipv4NonFirstFragmentIsCountedButNotDecoded() {
        assertFalse(decode(LinkType.RAW, ipv4(CLIENT_V4, SERVER_V4, 6, 185, new byte[0], SEGMENT)));
        assertEquals(DecodeError.NON_FIRST_FRAGMENT, p.error);
        assertEquals(4, p.ipVersion);
        assertEquals("10.0.0.1", p.src().toString());
        assertEquals(0, p.srcPort);
        assertEquals(1, decoder.stats().count(DecodeError.NON_FIRST_FRAGMENT));
    }

    @Test
    void ipv4FirstFragmentIsDecoded() {
        // More Fragments set, offset 0: the TCP header is here; its length covers this fragment.
        assertTrue(decode(LinkType.RAW, ipv4(CLIENT_V4, SERVER_V4, 6, 0x2000, new byte[0], SEGMENT)));
        assertSegment(4);
    }

    @Test
    void ipv4OtherProtocolsAreNotTcp() {
        assertFalse(decode(LinkType.RAW, ipv4(CLIENT_V4, SERVER_V4, 17, 0, new byte[0], new byte[8])));
        assertEquals(DecodeError.NOT_TCP, p.error);
    }

    @Test
    void ipv4ZeroTotalLengthTrustsTheCapture() {
        byte[] ip = IPV4.clone();
        ip[2] = 0;
        ip[3] = 0;
        assertTrue(decode(LinkType.RAW, ip));
        assertSegment(4);
    }

    @Test
    void ipv4LengthsWinOverEthernetPadding() {
        byte[] small = ipv4(tcp(40000, 5000, 1, 2, Packet.ACK, new byte[0], 2));
        byte[] frame = concat(ethernet(0x0800, small), new byte[60 - 14 - small.length]);
        assertTrue(decode(LinkType.ETHERNET, frame));
        assertEquals(2, p.payloadLength);
    }

    @Test
    void ipv4HeaderErrors() {
        byte[] ihlTooSmall = IPV4.clone();
        ihlTooSmall[0] = 0x44;
        assertFalse(decode(LinkType.ETHERNET, ethernet(0x0800, ihlTooSmall)));
        assertEquals(DecodeError.BAD_IP_HEADER, p.error);

        byte[] notV4 = IPV4.clone();
        notV4[0] = 0x65;
        assertFalse(decode(LinkType.ETHERNET, ethernet(0x0800, notV4)));
        assertEquals(DecodeError.BAD_IP_HEADER, p.error);

        byte[] totalBelowHeader = IPV4.clone();
        totalBelowHeader[2] = 0;
        totalBelowHeader[3] = 19;
        assertFalse(decode(LinkType.RAW, totalBelowHeader));
        assertEquals(DecodeError.BAD_IP_HEADER, p.error);
    }

    // IPv6 -------------------------------------------------------------------------------------

    @Test
    void ipv6WithHopByHopDestinationAndFragmentHeaders() {
        byte[] chain = concat(extensionHeader(60, 0), extensionHeader(44, 1), fragmentHeader(6, 0, true, 7), SEGMENT);
        assertTrue(decode(LinkType.RAW, ipv6(0, chain)));
        assertSegment(6);
    }

    @Test
    void ipv6RoutingAndAuthenticationHeaders() {
        byte[] ah = w().u8(6).u8(4).u16(0).u32(0x100).u32(1).zeros(12).build(); // (4 + 2) * 4 bytes
        byte[] chain = concat(extensionHeader(51, 2), ah, SEGMENT);
        assertTrue(decode(LinkType.RAW, ipv6(43, chain)));
        assertSegment(6);
    }

    @Test
    void ipv6NonFirstFragmentIsCountedButNotDecoded() {
        byte[] chain = concat(extensionHeader(44, 0), fragmentHeader(6, 181, false, 7), SEGMENT);
        assertFalse(decode(LinkType.RAW, ipv6(0, chain)));
        assertEquals(DecodeError.NON_FIRST_FRAGMENT, p.error);
        assertEquals(6, p.ipVersion);
        assertEquals(1, decoder.stats().count(DecodeError.NON_FIRST_FRAGMENT));
    }

    @Test
    void ipv6ZeroPayloadLengthTrustsTheCapture() {
        // A jumbogram or an offloaded super-segment: hop-by-hop first, as BIG TCP sends it.
        byte[] ip = ipv6(0, concat(extensionHeader(6, 0), SEGMENT));
        ip[4] = 0;
        ip[5] = 0;
        assertTrue(decode(LinkType.RAW, ip));
        assertSegment(6);
    }

    @Test
    void ipv6HeadersThatOverrunThePayloadLength() {
        byte[] ip = ipv6(0, concat(extensionHeader(6, 0), SEGMENT));
        ip[4] = 0;
        ip[5] = 4; // less than the hop-by-hop header
        assertFalse(decode(LinkType.RAW, ip));
        assertEquals(DecodeError.BAD_IP_HEADER, p.error);

        assertFalse(decode(LinkType.RAW, ipv6(59, new byte[8]))); // no next header
        assertEquals(DecodeError.NOT_TCP, p.error);
        assertFalse(decode(LinkType.RAW, ipv6(58, new byte[8]))); // ICMPv6
        assertEquals(DecodeError.NOT_TCP, p.error);
    }

    // TCP --------------------------------------------------------------------------------------

    @Test
    void plainTcpOptions() {
        byte[] options = w().u8(2).u8(4).u16(1460).u8(4).u8(2).u8(1).u8(3).u8(3).u8(7)
                .u8(5).u8(18).u32(1).u32(2).u32(3).u32(4).build();
        assertTrue(decode(LinkType.RAW, ipv4(tcp(1, 2, 3, 0, Packet.SYN, options, 0))));
        assertEquals(1460, p.mss);
        assertEquals(7, p.windowScale);
        assertTrue(p.sackPermitted);
        assertEquals(2, p.sackBlocks);
        assertFalse(p.hasTimestamps);
        assertEquals(0, p.mptcpCount);
        assertEquals("S", p.flagString());
    }

    @Test
    void severalMptcpOptionsInOneSegment() {
        // v0 third ACK: MP_CAPABLE with both keys, then a DSS with a 4-byte DATA_ACK.
        byte[] options = w().u8(30).u8(20).u8(0x00).u8(0x81).u64(-1L).u64(1L)
                .u8(30).u8(8).u8(0x20).u8(0x01).u32(3851022548L).build();
        assertTrue(decode(LinkType.RAW, ipv4(tcp(options))));
        assertEquals(2, p.mptcpCount);
        assertEquals(MptcpSubtype.MP_CAPABLE, p.mptcp[0].subtype);
        assertEquals(-1L, p.mptcp[0].senderKey);
        assertEquals(MptcpSubtype.DSS, p.mptcp[1].subtype);
        assertEquals(3851022548L, p.mptcp[1].dataAck);
        assertEquals(1, decoder.stats().mptcpSegments());
    }

    @Test
    void badTcpHeaders() {
        byte[] shortOffset = SEGMENT.clone();
        shortOffset[12] = 0x40;
        assertFalse(decode(LinkType.RAW, ipv4(shortOffset)));
        assertEquals(DecodeError.BAD_TCP_HEADER, p.error);

        byte[] ip = ipv4(tcp(new byte[0]));
        ip[3] = 20 + 16; // total length leaves 16 bytes for a 20-byte header
        assertFalse(decode(LinkType.RAW, ip));
        assertEquals(DecodeError.BAD_TCP_HEADER, p.error);
    }

    @Test
    void aMalformedOptionStopsTheWalkButKeepsTheSegmentAndEarlierOptions() {
        byte[] lengthZero = w().u8(30).u8(8).u8(0x20).u8(0x01).u32(5).u8(2).u8(0).u16(0).build();
        assertTrue(decode(LinkType.RAW, ipv4(tcp(lengthZero))));
        assertEquals(DecodeError.BAD_OPTION, p.error);
        assertEquals(1, p.mptcpCount);
        assertEquals(5, p.mptcp[0].dataAck);

        byte[] overrun = w().u8(8).u8(14).u32(1).u32(2).build();
        assertTrue(decode(LinkType.RAW, ipv4(tcp(overrun))));
        assertEquals(DecodeError.BAD_OPTION, p.error);
        assertFalse(p.hasTimestamps);

        byte[] badMptcpLength = w().u8(30).u8(10).u8(0x20).u8(0x03).u32(0).u16(0).build();
        assertTrue(decode(LinkType.RAW, ipv4(tcp(badMptcpLength))));
        assertEquals(DecodeError.BAD_OPTION, p.error);
        assertEquals(0, p.mptcpCount);
        assertEquals(3, decoder.stats().count(DecodeError.BAD_OPTION));
        assertEquals(3, decoder.stats().tcpSegments());
    }

    @Test
    void aKindWithoutRoomForItsLengthIsMalformed() {
        byte[] options = w().u8(1).u8(1).u8(1).u8(2).build(); // MSS kind in the header's last byte
        assertTrue(decode(LinkType.RAW, ipv4(tcp(options))));
        assertEquals(DecodeError.BAD_OPTION, p.error);
        assertEquals(Missing.NOTHING, p.missing);
    }

    // Truncation -------------------------------------------------------------------------------

    @Test
    void thePayloadIsWhereTheWalkFoundTheTcpHeaderAndEndsBeforePaddingOrTheSnaplen() {
        byte[] frame = concat(ethernet(0x0800, IPV4), new byte[6]); // Ethernet trailer after the IP datagram
        int payload = 14 + 20 + 20 + 40;
        assertTrue(decoder.decode(LinkType.ETHERNET, frame, 0, frame.length, 1, 0, p));
        assertEquals(payload, decoder.payloadOffset());
        assertEquals(100, decoder.capturedPayload(), "the trailer is not payload");
        assertTrue(decoder.decode(LinkType.ETHERNET, frame, 0, payload + 30, 2, 0, p));
        assertEquals(payload, decoder.payloadOffset());
        assertEquals(30, decoder.capturedPayload(), "a snaplen keeps what fitted");
        assertTrue(decoder.decode(LinkType.ETHERNET, frame, 0, payload - 1, 3, 0, p));
        assertEquals(-1, decoder.payloadOffset(), "options cut short: no payload to locate");
        assertEquals(0, decoder.capturedPayload());
        assertFalse(decoder.decode(LinkType.ETHERNET, ethernet(0x0806, new byte[28]), 0, 42, 4, 0, p));
        assertEquals(-1, decoder.payloadOffset(), "not TCP: nothing left over from the frame before");
    }

    @Test
    void truncatedOptionsDecodeAsFarAsTheBytesGo() {
        byte[] frame = ethernet(0x0800, IPV4);
        int dssStart = 14 + 20 + 20 + 12;
        int cut = dssStart + 4 + 8 + 3; // the DATA_ACK and 3 bytes of the DSN
        assertTrue(decoder.decode(LinkType.ETHERNET, frame, 0, cut, 1, 0, p));
        assertEquals(DecodeError.NONE, p.error);
        assertEquals(Missing.TCP_OPTIONS, p.missing);
        assertEquals(100, p.payloadLength, "lengths come from the IP header, not the capture");
        assertTrue(p.hasTimestamps);
        assertEquals(1, p.mptcpCount);
        MptcpOptionView dss = p.mptcp[0];
        assertTrue(dss.truncated);
        assertTrue(dss.has(MptcpOptionView.DATA_ACK));
        assertEquals(DATA_ACK, dss.dataAck);
        assertFalse(dss.has(MptcpOptionView.DSN) || dss.has(MptcpOptionView.SSN));
        assertEquals(1, decoder.stats().truncatedHeaders());

        PacketRecord record = PacketRecord.of(p, 1, null);
        assertEquals(Missing.TCP_OPTIONS, record.missing());
        MptcpOption.Dss option = (MptcpOption.Dss) record.mptcp().get(0);
        assertEquals(DATA_ACK, option.dataAck());
        assertEquals(null, option.dsn());
    }

    @Test
    void cutAtEveryLengthSaysWhatIsMissing() {
        byte[] frame = ethernet(0x0800, IPV4);
        int headers = 14 + 20 + 60;
        for (int cut = 0; cut <= frame.length; cut++) {
            boolean tcp = decoder.decode(LinkType.ETHERNET, frame, 0, cut, cut, 0, p);
            String at = "cut at " + cut;
            Missing expected = cut < 14 ? Missing.LINK_HEADER
                    : cut < 14 + 20 ? Missing.IP_HEADER
                    : cut < 14 + 40 ? Missing.TCP_HEADER
                    : cut < headers ? Missing.TCP_OPTIONS : Missing.NOTHING;
            assertEquals(expected, p.missing, at);
            assertEquals(cut >= 14 + 40, tcp, at);
            assertEquals(tcp ? DecodeError.NONE : DecodeError.TRUNCATED, p.error, at);
            if (tcp) {
                assertEquals(0xFFFF_FFF0L, p.seq, at);
                assertEquals(100, p.payloadLength, at);
                assertEquals(cut >= 14 + 40 + 14 ? 1 : 0, p.mptcpCount, at);
            }
        }
        assertEquals(frame.length + 1, decoder.stats().frames());
    }

    // The decoder's contract -------------------------------------------------------------------

    @Test
    void aReusedPacketKeepsNothingFromThePreviousFrame() {
        assertTrue(decode(LinkType.ETHERNET, ethernet(0x0800, IPV4)));
        assertFalse(decode(LinkType.ETHERNET, ethernet(0x0806, new byte[28])));
        assertEquals(0, p.ipVersion);
        assertEquals(0, p.srcLo);
        assertEquals(0, p.dstLo);
        assertEquals(0, p.ttl);
        assertEquals(0, p.mptcpCount);
        assertFalse(p.hasTimestamps);
        assertEquals(0, p.tsVal);
    }

    @Test
    void decodesAFrameAtAnOffsetOfItsBuffer() {
        byte[] frame = ethernet(0x0800, IPV4);
        byte[] buffer = concat(new byte[37], frame, new byte[5]);
        Frame f = new Frame().set(42, 1_700_000_000_123_456_789L, LinkType.ETHERNET, 0, buffer, 37,
                frame.length, frame.length);
        assertTrue(f.decodeWith(decoder, p));
        assertSegment(4);
        assertEquals(42, p.frameNumber);
        PacketRecord r = PacketRecord.of(p, 50, "agent:3");
        assertEquals(1_700_000_000_123_456L, r.tsMicros());
        assertEquals(50, r.samplingRate());
        assertEquals(List.of(new MptcpOption.Dss(DSN, 1L, 31240, DATA_ACK, false, 8, 8, null)), r.mptcp());
    }

    @Test
    void aRangeOutsideTheBufferIsTheCallersBug() {
        byte[] frame = ethernet(0x0800, IPV4);
        assertThrows(IndexOutOfBoundsException.class,
                () -> decoder.decode(LinkType.ETHERNET, frame, 10, frame.length, 1, 0, p));
        assertEquals(0, decoder.stats().frames());
    }

    @Test
    void statsCountEveryFrameOnce() {
        decode(LinkType.ETHERNET, ethernet(0x0800, IPV4));
        decode(LinkType.ETHERNET, ethernet(0x0806, new byte[28]));
        decode(LinkType.RAW, ipv4(CLIENT_V4, SERVER_V4, 17, 0, new byte[0], new byte[8]));
        decoder.decode(LinkType.ETHERNET, ethernet(0x0800, IPV4), 0, 20, 4, 0, p);
        decode(LinkType.RAW, ipv4(tcp(new byte[0])));
        DecodeStats s = decoder.stats();
        assertEquals(5, s.frames());
        assertEquals(2, s.tcpSegments());
        assertEquals(1, s.mptcpSegments());
        assertEquals(1, s.truncatedHeaders());
        assertEquals(2, s.count(DecodeError.NONE));
        long sum = Arrays.stream(DecodeError.values()).mapToLong(s::count).sum();
        assertEquals(s.frames(), sum);
        assertArrayEquals(new Object[] {DecodeError.NOT_IP, DecodeError.NOT_TCP, DecodeError.TRUNCATED},
                s.errors().keySet().toArray());
    }
}
