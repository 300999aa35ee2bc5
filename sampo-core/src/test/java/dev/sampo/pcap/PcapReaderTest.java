package dev.sampo.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PcapReaderTest {
    private static final byte[] FIRST = CaptureBytes.payload(60, 1);
    private static final byte[] SECOND = CaptureBytes.payload(128, 2);

    @ParameterizedTest(name = "{0}, nanos={1}")
    @CsvSource({"LITTLE_ENDIAN,false", "BIG_ENDIAN,false", "LITTLE_ENDIAN,true", "BIG_ENDIAN,true"})
    void readsEveryByteOrderAndPrecision(String orderName, boolean nanos) throws IOException {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN;
        byte[] file = CaptureBytes.pcap(order,
                        nanos ? PcapReader.MAGIC_NANOS : PcapReader.MAGIC_MICROS, 1, 65535)
                .pcapRecord(1_700_000_000L, nanos ? 123_456_789 : 123_456, FIRST, 60)
                .pcapRecord(0xF000_0000L, nanos ? 999_999_999 : 999_999, SECOND, 1514)
                .toByteArray();

        PcapReader reader = new PcapReader(new ByteArrayInputStream(file), "t.pcap");
        List<CapturedFrame> frames = CapturedFrame.readAll(reader);

        assertEquals(List.of(
                new CapturedFrame(1, nanos ? 1_700_000_000_123_456_789L : 1_700_000_000_123_456_000L,
                        LinkType.ETHERNET, 0, FIRST, 60),
                // Seconds are unsigned 32-bit: this one is past 2038.
                new CapturedFrame(2, 0xF000_0000L * 1_000_000_000L
                        + (nanos ? 999_999_999L : 999_999_000L), LinkType.ETHERNET, 0, SECOND, 1514)),
                frames);
        assertEquals(0, reader.truncatedRecords());
        assertEquals("pcap (" + (nanos ? "ns" : "µs") + ", "
                + (order == ByteOrder.BIG_ENDIAN ? "big-endian" : "little-endian") + ")",
                reader.formatDescription());
        assertEquals(65535, reader.snapLength());
    }

    @Test
    void linkTypeLeavesOutTheFcsBits() throws IOException {
        int fcsOf4BytesPresent = (4 << 28) | 0x0400_0000;
        byte[] file = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS,
                fcsOf4BytesPresent | LinkType.LINUX_SLL2, 128).pcapRecord(1, 0, FIRST, 60).toByteArray();

        PcapReader reader = new PcapReader(new ByteArrayInputStream(file), "t.pcap");

        assertEquals(LinkType.LINUX_SLL2, reader.linkType());
        assertEquals(LinkType.LINUX_SLL2, CapturedFrame.readAll(reader).get(0).linkType());
    }

    @ParameterizedTest(name = "cut {0} bytes into the third record")
    @ValueSource(ints = {1, 8, 15, 16, 17, 59})
    void truncatedLastRecordKeepsTheRest(int cut) throws IOException {
        byte[] whole = twoRecordsThen(CaptureBytes.payload(60, 3));
        int thirdStart = whole.length - 16 - 60;
        byte[] file = Arrays.copyOf(whole, thirdStart + cut);

        PcapReader reader = new PcapReader(new ByteArrayInputStream(file), "t.pcap");
        Frame f = new Frame();

        assertTrue(reader.next(f));
        assertTrue(reader.next(f));
        assertEquals(2, f.number);
        assertFalse(reader.next(f));
        assertFalse(reader.next(f));
        assertEquals(1, reader.truncatedRecords());
    }

    @Test
    void endOnARecordBoundaryIsNotTruncation() throws IOException {
        PcapReader reader = new PcapReader(
                new ByteArrayInputStream(twoRecordsThen(new byte[0])), "t.pcap");

        assertEquals(3, CapturedFrame.readAll(reader).size());
        assertEquals(0, reader.truncatedRecords());
    }

    @Test
    void emptyRecordsAreFrames() throws IOException {
        byte[] file = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 1, 0)
                .pcapRecord(1, 0, new byte[0], 0).pcapRecord(2, 0, FIRST, 60).toByteArray();

        List<CapturedFrame> frames =
                CapturedFrame.readAll(new PcapReader(new ByteArrayInputStream(file), "t.pcap"));

        assertEquals(0, frames.get(0).data().length);
        assertArrayEquals(FIRST, frames.get(1).data());
    }

    @ParameterizedTest(name = "{0} header bytes")
    @ValueSource(ints = {0, 4, 23})
    void truncatedGlobalHeaderIsAnError(int length) {
        byte[] header = Arrays.copyOf(twoRecordsThen(new byte[0]), length);

        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> new PcapReader(new ByteArrayInputStream(header), "t.pcap"));

        assertTrue(e.getMessage().contains("truncated inside the pcap global header"), e::getMessage);
    }

    @ParameterizedTest(name = "captured length {0}")
    @ValueSource(longs = {Frame.MAX_CAPTURED_LENGTH + 1, 0x7FFF_FFFFL, 0xFFFF_FFF0L})
    void absurdCapturedLengthNamesRecordAndOffset(long capturedLength) throws IOException {
        byte[] file = CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, PcapReader.MAGIC_MICROS, 1, 65535)
                .pcapRecord(1, 0, FIRST, 60)
                .u32(2).u32(0).u32(capturedLength).u32(60).bytes(FIRST)
                .toByteArray();
        PcapReader reader = new PcapReader(new ByteArrayInputStream(file), "t.pcap");
        Frame f = new Frame();
        assertTrue(reader.next(f));

        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> reader.next(f));

        assertEquals("t.pcap: record 2 at byte offset 100: captured length " + capturedLength
                + " exceeds the 262144-byte limit", e.getMessage());
    }

    @Test
    void unsupportedVersionIsAnError() {
        byte[] file = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).u32(PcapReader.MAGIC_MICROS).u16(1)
                .u16(0).u32(0).u32(0).u32(0).u32(1).toByteArray();

        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> new PcapReader(new ByteArrayInputStream(file), "t.pcap"));

        assertEquals("t.pcap: unsupported pcap version 1.0", e.getMessage());
    }

    @Test
    void notPcapMagicIsAnError() {
        byte[] file = new byte[24];

        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> new PcapReader(new ByteArrayInputStream(file), "t.pcap"));

        assertEquals("t.pcap: not a pcap file (magic 0)", e.getMessage());
    }

    @Test
    void largestRecordsGrowTheBufferWithinItsBound() throws IOException {
        byte[] largest = CaptureBytes.payload(Frame.MAX_CAPTURED_LENGTH, 4);
        byte[] file = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_NANOS, 1, 0)
                .pcapRecord(1, 0, FIRST, 60).pcapRecord(2, 0, largest, largest.length)
                .pcapRecord(3, 0, SECOND, 128).toByteArray();

        List<CapturedFrame> frames = CapturedFrame.readAll(
                new PcapReader(new TrickleInputStream(file, 7, 50_000), "t.pcap"));

        assertEquals(3, frames.size());
        assertArrayEquals(largest, frames.get(1).data());
        assertArrayEquals(SECOND, frames.get(2).data());
    }

    @Test
    void framesAreViewsOfOneReusedBuffer() throws IOException {
        PcapReader reader = new PcapReader(
                new ByteArrayInputStream(twoRecordsThen(new byte[0])), "t.pcap");
        Frame f = new Frame();
        reader.next(f);
        byte[] first = f.data;

        reader.next(f);

        assertSame(first, f.data);
        assertEquals(24 + 16 + 60 + 16, f.offset);
    }

    /** Two 60- and 128-byte records, then one record holding {@code third}. */
    private static byte[] twoRecordsThen(byte[] third) {
        return CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 1, 65535)
                .pcapRecord(1, 1, FIRST, 60).pcapRecord(2, 2, SECOND, 128)
                .pcapRecord(3, 3, third, third.length).toByteArray();
    }
}
