package dev.sampo.pcap;

import static dev.sampo.pcap.CaptureBytes.CUSTOM;
import static dev.sampo.pcap.CaptureBytes.EPB;
import static dev.sampo.pcap.CaptureBytes.ISB;
import static dev.sampo.pcap.CaptureBytes.NRB;
import static dev.sampo.pcap.CaptureBytes.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.packet.LinkType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapngReaderTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final byte[] A = payload(60, 1);
    private static final byte[] B = payload(77, 2);
    private static final byte[] C = payload(100, 3);
    private static final long SECOND = 1_000_000_000L;

    /**
     * Interface 0: Ethernet at the default µs resolution; interface 1: SLL2 at ns with a 64-byte
     * snaplen; blocks the reader has no use for sit between the packets.
     */
    private static CaptureBytes twoInterfaces(ByteOrder order) {
        return new CaptureBytes(order).shb()
                .idb(LinkType.ETHERNET, 0)
                .block(CUSTOM, b -> b.u32(32473).bytes(payload(13, 9)))
                .idb(LinkType.LINUX_SLL2, 64, 9, 0)
                .epb(0, 1_700_000_000_123_456L, A, 60)
                .block(NRB, b -> b.u16(1).u16(8).bytes(new byte[] {10, 0, 0, 1, 'a', 0, 0, 0})
                        .u16(0).u16(0))
                .epb(1, 1_700_000_001_123_456_789L, B, 1500)
                .block(ISB, b -> b.u32(0).u32(0).u32(0))
                .spb(A, 60)
                .opb(1, 1_700_000_002_000_000_001L, A, 60);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void readsInterfacesAndPacketBlocksInEitherByteOrder(String orderName) throws IOException {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? BE : LE;
        PcapngReader reader = reader(twoInterfaces(order).toByteArray());

        List<CapturedFrame> frames = CapturedFrame.readAll(reader);

        assertEquals(List.of(
                new CapturedFrame(1, 1_700_000_000_123_456_000L, LinkType.ETHERNET, 0, A, 60),
                new CapturedFrame(2, 1_700_000_001_123_456_789L, LinkType.LINUX_SLL2, 1, B, 1500),
                // SPBs have no timestamp and belong to interface 0.
                new CapturedFrame(3, 0, LinkType.ETHERNET, 0, A, 60),
                new CapturedFrame(4, 1_700_000_002_000_000_001L, LinkType.LINUX_SLL2, 1, A, 60)),
                frames);
        assertEquals(0, reader.truncatedRecords());
        assertEquals("pcapng (" + (order == BE ? "big" : "little") + "-endian)",
                reader.formatDescription());
    }

    @Test
    void binaryResolutionAndOffset() throws IOException {
        long ticks = (5L << 20) + (1L << 19) + 1;
        byte[] file = new CaptureBytes(LE).shb().idb(LinkType.RAW, 0, 0x80 | 20, 100)
                .epb(0, ticks, A, 60).toByteArray();

        CapturedFrame f = CapturedFrame.readAll(reader(file)).get(0);

        // 100 s offset + 5.5 s + one 2^-20 s tick (953.67 ns, rounded down).
        assertEquals(105 * SECOND + 500_000_000L + 953, f.timestampNanos());
    }

    @Test
    void decimalResolutionFinerThanNanoseconds() throws IOException {
        byte[] file = new CaptureBytes(BE).shb().idb(LinkType.RAW, 0, 12, 0)
                .epb(0, 1_000_000_123_456L, A, 60).toByteArray();

        assertEquals(1_000_000_123L, CapturedFrame.readAll(reader(file)).get(0).timestampNanos());
    }

    @Test
    void unsupportedResolutionIsAnError() {
        byte[] file = new CaptureBytes(LE).shb().idb(LinkType.RAW, 0, 30, 0).toByteArray();

        assertError(file, "t.pcapng: block at byte offset 28: interface 0 has unsupported "
                + "if_tsresol 0x1e");
    }

    @ParameterizedTest(name = "snaplen {0}")
    @ValueSource(ints = {0, 40, 1000})
    void simplePacketCapturesWhatSnaplenAndBlockLeave(int snapLength) throws IOException {
        byte[] file = new CaptureBytes(BE).shb().idb(LinkType.ETHERNET, snapLength)
                .spb(C, 1514).spb(payload(30, 4), 30).toByteArray();

        List<CapturedFrame> frames = CapturedFrame.readAll(reader(file));

        int firstLength = snapLength == 40 ? 40 : 100;
        assertArrayEquals(Arrays.copyOf(C, firstLength), frames.get(0).data());
        assertEquals(1514, frames.get(0).originalLength());
        // The block pads 30 bytes to 32; the original length says where the packet ends.
        assertArrayEquals(payload(30, 4), frames.get(1).data());
    }

    @Test
    void newSectionSwitchesByteOrderAndRestartsInterfaces() throws IOException {
        byte[] le = new CaptureBytes(LE).shb().idb(LinkType.ETHERNET, 0)
                .idb(LinkType.PPP, 0, 9, 0).epb(1, 5, A, 60).toByteArray();
        byte[] be = new CaptureBytes(BE).shb().idb(LinkType.LINUX_SLL, 0, 9, 0)
                .epb(0, 7, B, 77).toByteArray();
        PcapngReader reader = reader(concat(le, be));

        List<CapturedFrame> frames = CapturedFrame.readAll(reader);

        assertEquals(List.of(new CapturedFrame(1, 5, LinkType.PPP, 1, A, 60),
                new CapturedFrame(2, 7, LinkType.LINUX_SLL, 0, B, 77)), frames);
        assertEquals("pcapng (big-endian)", reader.formatDescription());
    }

    @Test
    void interfacesOfAnEarlierSectionAreGone() {
        byte[] le = new CaptureBytes(LE).shb().idb(LinkType.ETHERNET, 0)
                .idb(LinkType.PPP, 0).toByteArray();
        byte[] be = new CaptureBytes(BE).shb().idb(LinkType.LINUX_SLL, 0).epb(1, 7, B, 77)
                .toByteArray();

        assertError(concat(le, be), "t.pcapng: block at byte offset " + (le.length + 28 + 20)
                + ": packet refers to interface 1 but the section has described 1");
    }

    @Test
    void packetBeforeAnyInterfaceIsAnError() {
        byte[] file = new CaptureBytes(LE).shb().spb(A, 60).toByteArray();

        assertError(file, "t.pcapng: block at byte offset 28: packet refers to interface 0 but "
                + "the section has described 0");
    }

    @Test
    void largeUnknownBlocksAreStreamedPast() throws IOException {
        byte[] file = new CaptureBytes(LE).shb().idb(LinkType.ETHERNET, 0)
                .block(CUSTOM, b -> b.u32(32473).bytes(payload(3_000_000, 5)))
                .epb(0, 1, A, 60).toByteArray();

        List<CapturedFrame> frames = CapturedFrame.readAll(
                new PcapngReader(new TrickleInputStream(file, 3, 100_000), "t.pcapng"));

        assertEquals(1, frames.size());
        assertArrayEquals(A, frames.get(0).data());
    }

    @ParameterizedTest(name = "cut {0} bytes into the last block")
    @ValueSource(ints = {1, 4, 7, 8, 9, 40, 95})
    void truncatedLastBlockKeepsTheRest(int cut) throws IOException {
        byte[] whole = new CaptureBytes(LE).shb().idb(LinkType.ETHERNET, 0)
                .epb(0, 1, A, 60).epb(0, 2, B, 77).epb(0, 3, C, 100).toByteArray();
        int lastBlock = whole.length - (32 + 100 + 12);
        PcapngReader reader = reader(Arrays.copyOf(whole, lastBlock + cut));

        List<CapturedFrame> frames = CapturedFrame.readAll(reader);

        assertEquals(2, frames.size());
        assertArrayEquals(B, frames.get(1).data());
        assertEquals(1, reader.truncatedRecords());
    }

    @Test
    void truncatedSkippedBlockCountsToo() throws IOException {
        byte[] whole = new CaptureBytes(BE).shb().idb(LinkType.ETHERNET, 0).epb(0, 1, A, 60)
                .block(ISB, b -> b.bytes(payload(400, 6))).toByteArray();
        PcapngReader reader = reader(Arrays.copyOf(whole, whole.length - 3));

        assertEquals(1, CapturedFrame.readAll(reader).size());
        assertEquals(1, reader.truncatedRecords());
    }

    @ParameterizedTest(name = "{0} bytes of the section header")
    @ValueSource(ints = {3, 4, 12, 23, 24, 27})
    void truncatedSectionHeaderIsAnError(int length) {
        byte[] shb = Arrays.copyOf(new CaptureBytes(LE).shb().toByteArray(), length);

        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> reader(shb));

        assertEquals("t.pcapng: truncated inside the pcapng section header block", e.getMessage());
    }

    @Test
    void lengthMismatchIsAnErrorWithTheOffset() {
        byte[] file = new CaptureBytes(LE).shb().idb(LinkType.ETHERNET, 0).epb(0, 1, A, 60)
                .toByteArray();
        file[file.length - 4] += 4;

        assertError(file, "t.pcapng: block at byte offset 48: block says it has 104 bytes but "
                + "ends with length 108");
    }

    @Test
    void lengthMismatchOfASkippedBlockIsAnError() {
        byte[] file = new CaptureBytes(BE).shb().idb(LinkType.ETHERNET, 0)
                .block(CUSTOM, b -> b.u32(1)).epb(0, 1, A, 60).toByteArray();
        file[48 + 12 + 3] += 4;

        assertError(file, "t.pcapng: block at byte offset 48: block says it has 16 bytes but "
                + "ends with length 20");
    }

    @ParameterizedTest(name = "total length {0}")
    @ValueSource(longs = {0, 8, 13, 0x7FFF_FFF0L, 0xFFFF_FFFCL})
    void invalidBlockLengthIsAnError(long total) {
        byte[] file = new CaptureBytes(LE).shb().idb(LinkType.ETHERNET, 0)
                .u32(CUSTOM).u32(total).u32(0).toByteArray();

        assertError(file, "t.pcapng: block at byte offset 48: block type 0xbad has an invalid "
                + "total length " + total);
    }

    @Test
    void packetBlockLargerThanTheBufferIsAnError() {
        byte[] file = new CaptureBytes(LE).shb().idb(LinkType.ETHERNET, 0)
                .u32(EPB).u32(1 << 20).toByteArray();

        assertError(file, "t.pcapng: block at byte offset 48: block type 6 of 1048576 bytes "
                + "exceeds the " + ReadBuffer.MAX_CAPACITY + "-byte limit");
    }

    @Test
    void capturedLengthOverrunningItsBlockIsAnError() {
        byte[] file = new CaptureBytes(LE).shb().idb(LinkType.ETHERNET, 0)
                .block(EPB, b -> b.u32(0).u32(0).u32(0).u32(61).u32(61).bytes(A))
                .toByteArray();

        assertError(file, "t.pcapng: block at byte offset 48: captured length 61 overruns its "
                + "92-byte block");
    }

    @Test
    void interfaceOptionOverrunningItsBlockIsAnError() {
        byte[] file = new CaptureBytes(LE).shb()
                .block(CaptureBytes.IDB, b -> b.u16(1).u16(0).u32(0).u16(9).u16(200).u32(6))
                .toByteArray();

        assertError(file, "t.pcapng: block at byte offset 28: interface option 9 of 200 bytes "
                + "overruns its block");
    }

    @Test
    void badByteOrderMagicIsAnError() {
        byte[] file = new CaptureBytes(LE).shb().toByteArray();
        file[8] = 0;

        assertError(file, "t.pcapng: block at byte offset 0: section header has byte-order magic "
                + "0x3c2b1a, expected 0x1a2b3c4d in either byte order");
    }

    @Test
    void framesCountEveryPacketAcrossSections() throws IOException {
        byte[] section = new CaptureBytes(LE).shb().idb(LinkType.ETHERNET, 0)
                .epb(0, 1, A, 60).spb(B, 77).toByteArray();
        PcapngReader reader = reader(concat(section, section, section));
        Frame f = new Frame();
        long last = 0;

        while (reader.next(f)) {
            assertEquals(last + 1, f.number);
            last = f.number;
        }

        assertEquals(6, last);
        assertFalse(reader.next(f));
    }

    private static PcapngReader reader(byte[] file) throws IOException {
        return new PcapngReader(new ByteArrayInputStream(file), "t.pcapng");
    }

    private static void assertError(byte[] file, String message) {
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CapturedFrame.readAll(reader(file)));
        assertEquals(message, e.getMessage());
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] p : parts) {
            int at = all.length;
            all = Arrays.copyOf(all, at + p.length);
            System.arraycopy(p, 0, all, at, p.length);
        }
        return all;
    }
}
