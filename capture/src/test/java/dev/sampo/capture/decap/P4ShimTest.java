package dev.sampo.capture.decap;

import static dev.sampo.capture.Frames.ETH_IPV4;
import static dev.sampo.capture.Frames.concat;
import static dev.sampo.capture.Frames.ethernet;
import static dev.sampo.capture.Frames.ipv4;
import static dev.sampo.capture.Frames.mptcpSyn;
import static dev.sampo.capture.Frames.tcpMpCapableSyn;
import static dev.sampo.capture.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.capture.Frames;
import dev.sampo.packet.LinkType;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class P4ShimTest {
    private static final long TS_NANOS = 1_763_900_000_123_456_789L;

    private final InnerFrame inner = new InnerFrame();

    /** The example layout's shim: switch 7, ports 300 → 5, a timestamp, 1-in-64 sampling. */
    private static byte[] exampleShim(int switchId, int in, int out, long ts, int rate) {
        long portsAndPad = ((long) in << 23) | ((long) out << 14);
        return new Frames.Out().u32(switchId).u32(portsAndPad).u16((int) (ts >>> 32)).u32(ts & 0xFFFFFFFFL)
                .u16(rate).bytes();
    }

    private static P4ShimFormat layout(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return P4ShimFormat.of(p);
    }

    private Outcome decap(P4ShimFormat format, byte[] frame, int len) {
        return new Decapsulator(new Decapsulation(Decapsulation.Mode.P4, format))
                .decap(LinkType.ETHERNET, frame, 0, len, 99, inner);
    }

    @Test
    void theShippedExampleLayout() throws IOException {
        P4ShimFormat format = P4ShimFormat.read(Path.of("examples/p4-shim.properties"));
        assertEquals(P4ShimFormat.Position.FRAME, format.position());
        assertEquals(16, format.length());
        long ts = TS_NANOS & 0xFFFF_FFFF_FFFFL;
        byte[] frame = concat(exampleShim(7, 300, 5, ts, 64), mptcpSyn());
        assertEquals(Outcome.P4, decap(format, frame, frame.length));
        assertArrayEquals(mptcpSyn(), Arrays.copyOfRange(frame, inner.offset, inner.offset + inner.length));
        assertEquals(LinkType.ETHERNET, inner.linkType);
        assertEquals("encap=p4 switch=7 in=300 out=5", inner.point.label());
        assertEquals(64, inner.upstreamSamplingRate);
        assertEquals(ts, inner.timestampNanos);
        assertEquals("", format.defaultFilter());
    }

    @Test
    void withoutOptionalFieldsTheCaptureTimeAndRateStand() throws IOException {
        P4ShimFormat format = layout("length = 4\nswitch_id = 0:16\n");
        byte[] frame = concat(new byte[] {0, 42, 0, 0}, mptcpSyn());
        assertEquals(Outcome.P4, decap(format, frame, frame.length));
        assertEquals(99, inner.timestampNanos);
        assertEquals(1, inner.upstreamSamplingRate);
        assertEquals("encap=p4 switch=42", inner.point.label());
    }

    @Test
    void afterAnEtherTypeWithAnIpPacketInside() throws IOException {
        P4ShimFormat format = layout("position = ethertype:0x88B5\nlength = 8\ninner = ip\n"
                + "ingress_port = 0:16\negress_port = 16:16\nsampling_rate = 32:32\n");
        byte[] ip = ipv4(6, 0x0A010002, 0x0A020002, tcpMpCapableSyn(40000, 5000));
        byte[] frame = ethernet(0x88B5, concat(new Frames.Out().u16(3).u16(4).u32(0).bytes(), ip));
        assertEquals(Outcome.P4, decap(format, frame, frame.length));
        assertEquals(LinkType.RAW, inner.linkType);
        assertArrayEquals(ip, Arrays.copyOfRange(frame, inner.offset, inner.offset + inner.length));
        assertEquals("encap=p4 in=3 out=4", inner.point.label());
        assertEquals(1, inner.upstreamSamplingRate, "a rate of 0 means unsampled");
        assertEquals("ether proto 34997", format.defaultFilter());
        assertEquals(Outcome.NOT_ENCAPSULATED, decap(format, mptcpSyn(), mptcpSyn().length));
    }

    @Test
    void inAUdpDatagram() throws IOException {
        P4ShimFormat format = layout("position = udp:50000\nlength = 4\nswitch_id = 0:32\n");
        byte[] frame = ethernet(ETH_IPV4, ipv4(17, 0x0A000001, 0x0A000002,
                udp(50000, concat(new byte[] {0, 0, 1, 0}, mptcpSyn()))));
        assertEquals(Outcome.P4, decap(format, frame, frame.length));
        assertArrayEquals(mptcpSyn(), Arrays.copyOfRange(frame, inner.offset, inner.offset + inner.length));
        assertEquals("encap=p4 switch=256 from=10.0.0.1", inner.point.label());
        byte[] other = ethernet(ETH_IPV4, ipv4(17, 0x0A000001, 0x0A000002, udp(50001, new byte[30])));
        assertEquals(Outcome.NOT_ENCAPSULATED, decap(format, other, other.length));
    }

    @Test
    void aShortShimIsTruncated() throws IOException {
        P4ShimFormat format = P4ShimFormat.read(Path.of("examples/p4-shim.properties"));
        byte[] frame = concat(exampleShim(1, 2, 3, 4, 5), mptcpSyn());
        for (int len = 0; len <= 16; len++) {
            assertEquals(Outcome.TRUNCATED, decap(format, frame, len), "cut at " + len);
        }
        assertEquals(Outcome.P4, decap(format, frame, 17));
    }

    @Test
    void bitFieldsReadAcrossByteBoundaries() {
        byte[] b = {(byte) 0b1010_1010, (byte) 0b1100_1100, (byte) 0xFF, 0, 0, 0, 0, 0, 0, 1};
        assertEquals(0b1, new BitField(0, 1).read(b, 0));
        assertEquals(0b0101_0101_1, new BitField(1, 9).read(b, 0));
        assertEquals(0b1100_1100_1111, new BitField(8, 12).read(b, 0));
        assertEquals(0xFF, new BitField(16, 8).read(b, 0));
        assertEquals(0xFF00000000000001L, new BitField(16, 64).read(b, 0));
        assertEquals(0xAACCFF0000000000L, new BitField(0, 64).read(b, 0));
    }

    @Test
    void layoutMistakesAreReportedClearly() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> layout("length = 4\nswitchid = 0:8\n"))
                .getMessage().contains("unknown key(s) [switchid]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> layout("length = 4\nswitch_id = 24:16\n"))
                .getMessage().contains("ends past the 4-byte shim"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> layout("length = 4\nposition = vlan\n"))
                .getMessage().contains("use frame, ethertype:0xHHHH or udp:PORT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> layout("switch_id = 0:8\n"))
                .getMessage().contains("'length'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> layout("length = 16\nswitch_id = 4:64\n"))
                .getMessage().contains("unaligned"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> layout("length = 16\ntimestamp.unit = ps\n"))
                .getMessage().contains("ns, us, ms or s"));
    }
}
