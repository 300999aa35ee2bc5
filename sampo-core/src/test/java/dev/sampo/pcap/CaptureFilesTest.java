package dev.sampo.pcap;

import static dev.sampo.pcap.CaptureBytes.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.packet.LinkType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CaptureFilesTest {
    private static final byte[] A = payload(60, 1);
    private static final byte[] B = payload(90, 2);

    @TempDir
    Path dir;

    static Stream<Arguments> captures() {
        return Stream.of(
                Arguments.of("pcap (µs, little-endian)", PcapReader.class,
                        CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 1, 128)
                                .pcapRecord(10, 5, A, 60).pcapRecord(11, 6, B, 90).toByteArray()),
                Arguments.of("pcap (ns, big-endian)", PcapReader.class,
                        CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, PcapReader.MAGIC_NANOS, 1, 128)
                                .pcapRecord(10, 5_000, A, 60).pcapRecord(11, 6_000, B, 90)
                                .toByteArray()),
                Arguments.of("pcapng (little-endian)", PcapngReader.class,
                        new CaptureBytes(ByteOrder.LITTLE_ENDIAN).shb().idb(1, 128)
                                .epb(0, 10_000_005, A, 60).epb(0, 11_000_006, B, 90).toByteArray()),
                Arguments.of("pcapng (big-endian)", PcapngReader.class,
                        new CaptureBytes(ByteOrder.BIG_ENDIAN).shb().idb(1, 128, 9, 0)
                                .epb(0, 10_000_005_000L, A, 60).epb(0, 11_000_006_000L, B, 90)
                                .toByteArray()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void detectsTheFormatByContentNotName(String description, Class<?> type, byte[] file)
            throws IOException {
        Path misnamed = Files.write(dir.resolve("capture.txt"), file);

        CaptureReader reader = CaptureFiles.open(misnamed);

        assertInstanceOf(type, reader);
        assertEquals(description, reader.formatDescription());
        assertEquals(expectedFrames(), CapturedFrame.readAll(reader));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void unwrapsGzip(String description, Class<?> type, byte[] file) throws IOException {
        Path gz = Files.write(dir.resolve("capture"), CaptureBytes.gzip(file));

        CaptureReader reader = CaptureFiles.open(gz);

        assertEquals(description.replace(")", ", gzip)"), reader.formatDescription());
        assertEquals(expectedFrames(), CapturedFrame.readAll(reader));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void readsConcatenatedGzipMembersAsOneStream(String description, Class<?> type, byte[] file)
            throws IOException {
        int split = file.length - 50;
        byte[] twoMembers = CaptureBytes.gzip(Arrays.copyOf(file, split),
                Arrays.copyOfRange(file, split, file.length));

        CaptureReader reader =
                CaptureFiles.open(Files.write(dir.resolve("capture.gz"), twoMembers));

        assertEquals(expectedFrames(), CapturedFrame.readAll(reader));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void gzipCutShortIsATruncatedLastRecord(String description, Class<?> type, byte[] file)
            throws IOException {
        byte[] gz = CaptureBytes.gzip(Arrays.copyOf(file, file.length - 20));
        // Drop the gzip trailer too: the decompressor itself then hits the end of its input.
        byte[] cut = Arrays.copyOf(gz, gz.length - 8);

        CaptureReader reader = CaptureFiles.open(new ByteArrayInputStream(cut), "cut.gz");

        assertEquals(expectedFrames().subList(0, 1), CapturedFrame.readAll(reader));
        assertEquals(1, reader.truncatedRecords());
    }

    @Test
    void nonCaptureIsAnErrorShowingTheFirstBytes() throws IOException {
        Path html = Files.writeString(dir.resolve("x.bin"), "<html><body>not a capture");

        CaptureFormatException e =
                assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(html));

        assertEquals("x.bin is not a pcap or pcapng capture (first bytes: 3c 68 74 6d 6c 3e 3c 62)",
                e.getMessage());
    }

    @Test
    void shortOrEmptyInputIsNotACapture() {
        CaptureFormatException shortOne = assertThrows(CaptureFormatException.class,
                () -> CaptureFiles.open(new ByteArrayInputStream(new byte[] {(byte) 0xd4, 0x1}),
                        "short"));
        CaptureFormatException empty = assertThrows(CaptureFormatException.class,
                () -> CaptureFiles.open(new ByteArrayInputStream(new byte[0]), "empty"));

        assertEquals("short is not a pcap or pcapng capture (first bytes: d4 01)",
                shortOne.getMessage());
        assertEquals("empty is not a pcap or pcapng capture (first bytes: none, it is empty)",
                empty.getMessage());
    }

    @Test
    void gzipOfSomethingElseSaysSo() {
        byte[] gz = CaptureBytes.gzip("hello world".getBytes());

        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureFiles.open(new ByteArrayInputStream(gz), "notes.gz"));

        assertEquals("notes.gz is gzip-compressed but is not a pcap or pcapng capture (first bytes "
                + "after decompression: 68 65 6c 6c 6f 20 77 6f)", e.getMessage());
    }

    @Test
    void brokenGzipHeaderIsAFormatError() {
        byte[] gz = {0x1f, (byte) 0x8b, 99, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3};

        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureFiles.open(new ByteArrayInputStream(gz), "bad.gz"));

        assertTrue(e.getMessage().startsWith("bad.gz starts like gzip but is not a valid gzip "
                + "stream"), e::getMessage);
    }

    @Test
    void failedDetectionClosesTheStream() {
        boolean[] closed = {false};
        ByteArrayInputStream in = new ByteArrayInputStream("nope".getBytes()) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(in, "nope"));

        assertTrue(closed[0]);
    }

    private static List<CapturedFrame> expectedFrames() {
        return List.of(
                new CapturedFrame(1, 10_000_005_000L, LinkType.ETHERNET, 0, A, 60),
                new CapturedFrame(2, 11_000_006_000L, LinkType.ETHERNET, 0, B, 90));
    }
}
