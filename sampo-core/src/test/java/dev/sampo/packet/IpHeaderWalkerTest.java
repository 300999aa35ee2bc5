package dev.sampo.packet;

import static dev.sampo.packet.TestFrames.CLIENT_V4;
import static dev.sampo.packet.TestFrames.SERVER_V4;
import static dev.sampo.packet.TestFrames.concat;
import static dev.sampo.packet.TestFrames.ethernet;
import static dev.sampo.packet.TestFrames.extensionHeader;
import static dev.sampo.packet.TestFrames.fragmentHeader;
import static dev.sampo.packet.TestFrames.ipv4;
import static dev.sampo.packet.TestFrames.ipv6;
import static dev.sampo.packet.TestFrames.sll;
import static dev.sampo.packet.TestFrames.w;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one walk from link layer to transport header, over real TCP segments (from
 * {@link RealFrames}) behind every link layer and every IPv6 extension header of RFC 8200.
 */
class IpHeaderWalkerTest {
    /** paper40/full.pcap.gz #1, the MP_CAPABLE SYN: 20 bytes of IPv4, then a 44-byte TCP header. */
    private static final byte[] IPV4 = RealFrames.ipv4Packets().get(0);
    private static final byte[] SEGMENT = Arrays.copyOfRange(IPV4, 20, IPV4.length);

    private final IpHeaderWalker ip = new IpHeaderWalker();
    private final IpFields header = new IpFields();

    private DecodeError walk(int linkType, byte[] frame) {
        return ip.walk(linkType, frame, 0, frame.length, header);
    }

    /** The walk reached {@link #SEGMENT} at {@code offset} as TCP, with its length from the IP header. */
    private void assertSegmentAt(int offset, byte[] frame) {
        assertEquals(Missing.NOTHING, ip.missing);
        assertEquals(6, ip.protocol);
        assertEquals(offset, ip.transportOffset);
        assertEquals(SEGMENT.length, ip.transportLength);
        assertEquals(frame.length, ip.transportEnd());
        assertTrue(Arrays.equals(SEGMENT, 0, SEGMENT.length, frame, offset, frame.length));
    }

    @Test
    void everyRealSeedUnderEveryLinkLayerReachesItsTcpHeader() {
        for (RealFrames.Seed seed : RealFrames.seeds()) {
            byte[] f = seed.frame();
            assertEquals(DecodeError.NONE, walk(seed.linkType(), f), seed.name());
            assertEquals(seed.ipOffset(), ip.networkOffset, seed.name());
            assertEquals(6, ip.protocol, seed.name());
            boolean v4 = (f[seed.ipOffset()] & 0xF0) == 0x40;
            assertEquals(v4 ? 4 : 6, header.ipVersion, seed.name());
            assertEquals(v4 ? IpHeaderWalker.ETHERTYPE_IPV4 : IpHeaderWalker.ETHERTYPE_IPV6, ip.etherType);
            assertEquals(f.length, ip.transportEnd(), seed.name());
            // One seed was cut by its capture's snaplen: the IP header says more than was captured.
            assertTrue(ip.transportLength >= f.length - ip.transportOffset, seed.name());
        }
    }

    @Test
    void addressesAndTtlOfBothVersions() {
        assertEquals(DecodeError.NONE, walk(LinkType.RAW, IPV4));
        assertEquals("10.100.8.2", header.src().toString());
        assertEquals("10.100.0.2", header.dst().toString());
        assertEquals(64, header.ttl);
        assertSegmentAt(20, IPV4);

        byte[] v6 = ipv6(SEGMENT);
        assertEquals(DecodeError.NONE, walk(LinkType.RAW, v6));
        assertEquals("2001:db8::1", header.src().toString());
        assertEquals("2001:db8:0:1::2", header.dst().toString());
        assertEquals(63, header.ttl);
        assertSegmentAt(40, v6);
    }

    /** Hop-by-hop, routing, destination options, mobility, HIP and shim6 share RFC 8200's 8-byte-unit length. */
    @ParameterizedTest
    @ValueSource(ints = {0, 43, 60, 135, 139, 140})
    void extensionHeadersInEightByteUnits(int header) {
        byte[] f = ipv6(header, concat(extensionHeader(6, 2), SEGMENT));
        assertEquals(DecodeError.NONE, walk(LinkType.RAW, f));
        assertSegmentAt(40 + 24, f);
    }

    @Test
    void authenticationHeaderCountsFourByteUnitsMinusTwo() {
        byte[] ah = w().u8(6).u8(4).u16(0).u32(0x100).u32(1).zeros(12).build(); // (4 + 2) * 4 = 24 bytes
        byte[] f = ipv6(60, concat(extensionHeader(51, 0), ah, SEGMENT));
        assertEquals(DecodeError.NONE, walk(LinkType.RAW, f));
        assertSegmentAt(40 + 8 + 24, f);
    }

    @Test
    void espEndsTheWalkBecauseItsNextHeaderIsEncrypted() {
        byte[] esp = w().u32(0x1001).u32(7).bytes(SEGMENT).build(); // SPI, sequence, ciphertext
        byte[] f = ipv6(0, concat(extensionHeader(IpHeaderWalker.PROTOCOL_ESP, 0), esp));
        assertEquals(DecodeError.NONE, walk(LinkType.RAW, f));
        assertEquals(IpHeaderWalker.PROTOCOL_ESP, ip.protocol);
        assertEquals(48, ip.transportOffset);
    }

    @Test
    void theChainIsFollowedUpToItsLimitAndNoFurther() {
        int limit = IpHeaderWalker.MAX_EXTENSION_HEADERS;
        byte[] atLimit = ipv6(60, concat(destinationOptions(limit - 1), SEGMENT));
        assertEquals(DecodeError.NONE, walk(LinkType.RAW, atLimit));
        assertSegmentAt(40 + 8 * limit, atLimit);

        byte[] beyond = ipv6(60, concat(destinationOptions(limit), SEGMENT));
        assertEquals(DecodeError.BAD_IP_HEADER, walk(LinkType.RAW, beyond));
    }

    /** {@code n} destination-options headers, then one more whose next header is TCP. */
    private static byte[] destinationOptions(int n) {
        byte[] chain = extensionHeader(6, 0);
        for (int i = 0; i < n; i++) {
            chain = concat(extensionHeader(60, 0), chain);
        }
        return chain;
    }

    /** IPv6 fragment field: offset in its top 13 bits (0xFFF8), two reserved bits, M in bit 0. */
    @Test
    void ipv6FragmentOffsetAndMoreFlagAreTold() {
        byte[] first = ipv6(44, concat(fragmentHeader(6, 0, true, 9), SEGMENT));
        assertEquals(DecodeError.NONE, walk(LinkType.RAW, first));
        assertTrue(ip.moreFragments);
        assertSegmentAt(48, first);

        byte[] whole = ipv6(44, concat(fragmentHeader(6, 0, false, 9), SEGMENT));
        whole[40 + 3] |= 0x06; // the reserved bits are neither offset nor M
        assertEquals(DecodeError.NONE, walk(LinkType.RAW, whole));
        assertFalse(ip.moreFragments);

        for (int offset8 : new int[] {1, 0x1FFF}) {
            byte[] later = ipv6(44, concat(fragmentHeader(6, offset8, false, 9), SEGMENT));
            assertEquals(DecodeError.NON_FIRST_FRAGMENT, walk(LinkType.RAW, later));
            assertEquals(6, header.ipVersion);
            assertEquals("2001:db8::1", header.src().toString());
        }
    }

    @Test
    void ipv4FragmentOffsetAndMoreFlagAreTold() {
        assertEquals(DecodeError.NONE, walk(LinkType.RAW, ipv4(CLIENT_V4, SERVER_V4, 6, 0x2000, new byte[0], SEGMENT)));
        assertTrue(ip.moreFragments);
        assertEquals(DecodeError.NONE, walk(LinkType.RAW, ipv4(CLIENT_V4, SERVER_V4, 6, 0x4000, new byte[0], SEGMENT)));
        assertFalse(ip.moreFragments, "Don't Fragment is not More Fragments");
        assertEquals(DecodeError.NON_FIRST_FRAGMENT,
                walk(LinkType.RAW, ipv4(CLIENT_V4, SERVER_V4, 6, 0x2001, new byte[0], SEGMENT)));
        assertEquals("10.0.0.1", header.src().toString());
    }

    @Test
    void truncationNamesTheHeaderThatWasCut() {
        byte[] f = ethernet(0x86DD, ipv6(60, concat(extensionHeader(6, 1), SEGMENT)));
        for (int cut = 0; cut < 14 + 40 + 16; cut++) {
            assertEquals(DecodeError.TRUNCATED, ip.walk(LinkType.ETHERNET, f, 0, cut, header), "cut at " + cut);
            assertEquals(cut < 14 ? Missing.LINK_HEADER : Missing.IP_HEADER, ip.missing, "cut at " + cut);
        }
        assertEquals(DecodeError.NONE, ip.walk(LinkType.ETHERNET, f, 0, 14 + 40 + 16, header));
        assertEquals(14 + 40 + 16, ip.transportEnd(), "a snaplen cut ends the transport bytes");
        assertEquals(SEGMENT.length, ip.transportLength);
    }

    @Test
    void lengthsCutPaddingAndCatchHeadersThatOverrunThem() {
        byte[] padded = concat(ethernet(0x0800, IPV4), new byte[6]);
        assertEquals(DecodeError.NONE, walk(LinkType.ETHERNET, padded));
        assertEquals(padded.length - 6, ip.transportEnd());

        byte[] overrun = ipv6(0, concat(extensionHeader(6, 1), SEGMENT));
        overrun[4] = 0;
        overrun[5] = 8; // the payload length ends inside the 16-byte hop-by-hop header
        assertEquals(DecodeError.BAD_IP_HEADER, walk(LinkType.RAW, overrun));
    }

    @Test
    void vlanTagsAfterACookedHeaderAndOtherEtherTypes() {
        byte[] tagged = sll(0x8100, concat(w().u16(0x0064).u16(0x0800).build(), IPV4));
        assertEquals(DecodeError.NONE, walk(LinkType.LINUX_SLL, tagged));
        assertSegmentAt(16 + 4 + 20, tagged);

        byte[] arp = ethernet(0x0806, new byte[28]);
        assertEquals(DecodeError.NOT_IP, walk(LinkType.ETHERNET, arp));
        assertEquals(DecodeError.NONE, ip.linkLayer(LinkType.ETHERNET, arp, 0, arp.length));
        assertEquals(0x0806, ip.etherType);
        assertEquals(14, ip.networkOffset);
        assertEquals(0, header.ipVersion);
    }

    /** What says how far a walk got is reset by every walk; what it guards is written as reached. */
    @Test
    void aReusedWalkerSaysHowFarTheNewFrameGot() {
        assertEquals(DecodeError.NONE, walk(LinkType.RAW, ipv4(CLIENT_V4, SERVER_V4, 6, 0x2000, new byte[0], SEGMENT)));
        assertTrue(ip.moreFragments);
        assertEquals(DecodeError.UNSUPPORTED_LINK_TYPE, walk(147, IPV4));
        assertEquals(0, header.ipVersion);
        assertFalse(ip.moreFragments);

        assertEquals(DecodeError.NONE, walk(LinkType.RAW, ipv6(SEGMENT)));
        assertEquals(DecodeError.TRUNCATED, ip.walk(LinkType.RAW, IPV4, 0, 19, header));
        assertEquals(Missing.IP_HEADER, ip.missing);
        assertEquals(0, header.ipVersion);
        assertEquals(DecodeError.NONE, walk(LinkType.RAW, IPV4));
        assertEquals(Missing.NOTHING, ip.missing);
        assertEquals(0, header.srcHi, "an IPv4 address after an IPv6 one is mapped, not mixed");
        assertEquals("10.100.8.2", header.src().toString());
    }

    @Test
    void aRangeOutsideTheBufferIsTheCallersBug() {
        assertThrows(IndexOutOfBoundsException.class, () -> ip.walk(LinkType.RAW, IPV4, 4, IPV4.length + 1, header));
    }
}
