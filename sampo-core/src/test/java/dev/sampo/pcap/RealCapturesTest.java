package dev.sampo.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sampo.packet.LinkType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Captures written by real tools: the small fixtures committed beside the tests (see
 * captures/README.md) and, where ../shared is present (as in CI), the full datasets.
 */
class RealCapturesTest {
    /** Wireshark's frame.time_epoch of the first and last of the 200 paper40 frames. */
    private static final long PAPER40_FIRST = 1_795_458_329_288_356_000L;
    private static final long PAPER40_LAST = 1_795_458_329_349_889_000L;
    private static final long SLL2_FIRST = 1_795_459_463_679_627_557L;
    private static final long SLL2_LAST = 1_795_459_463_691_948_521L;

    @Test
    void pcapNanosecondPcapPcapngAndGzipGiveIdenticalFrames() throws IOException {
        List<CapturedFrame> pcap = read("paper40-200.pcap", "pcap (µs, little-endian)");

        assertEquals(200, pcap.size());
        assertEquals(PAPER40_FIRST, pcap.get(0).timestampNanos());
        assertEquals(PAPER40_LAST, pcap.get(199).timestampNanos());
        for (CapturedFrame f : pcap) {
            assertEquals(LinkType.ETHERNET, f.linkType());
            assertTrue(f.data().length <= 128 && f.data().length <= f.originalLength(), f::toString);
        }
        assertEquals(pcap, read("paper40-200-ns.pcap", "pcap (ns, little-endian)"));
        assertEquals(pcap, read("paper40-200.pcapng", "pcapng (little-endian)"));
        assertEquals(pcap, read("paper40-200.pcapng.gz", "pcapng (little-endian, gzip)"));
    }

    @Test
    void linuxCookedV2FromTcpdump() throws IOException {
        List<CapturedFrame> sll2 = read("loopback-sll2-ns.pcap", "pcap (ns, little-endian)");

        assertEquals(24, sll2.size());
        assertTrue(sll2.stream().allMatch(f -> f.linkType() == LinkType.LINUX_SLL2));
        assertEquals(SLL2_FIRST, sll2.get(0).timestampNanos());
        assertEquals(SLL2_LAST, sll2.get(23).timestampNanos());
        // SLL2's protocol type field: IPv4.
        assertEquals(0x0800, (sll2.get(0).data()[0] & 0xFF) << 8 | sll2.get(0).data()[1] & 0xFF);
    }

    /** mergecap's two interfaces: Ethernet at µs, then SLL2 with if_tsresol 9. */
    @Test
    void pcapngWithTwoInterfacesOfDifferentLinkTypesAndResolutions() throws IOException {
        List<CapturedFrame> ethernet = read("paper40-200.pcap", "pcap (µs, little-endian)");
        List<CapturedFrame> sll2 = read("loopback-sll2-ns.pcap", "pcap (ns, little-endian)");

        List<CapturedFrame> mixed = read("mixed-eth-sll2.pcapng", "pcapng (little-endian)");

        assertEquals(224, mixed.size());
        for (int i = 0; i < 200; i++) {
            assertEquals(0, mixed.get(i).interfaceId());
            assertTrue(mixed.get(i).samePacketAs(ethernet.get(i)), mixed.get(i)::toString);
        }
        for (int i = 0; i < 24; i++) {
            CapturedFrame f = mixed.get(200 + i);
            assertEquals(201 + i, f.number());
            assertEquals(1, f.interfaceId());
            assertTrue(f.samePacketAs(sll2.get(i)), f::toString);
        }
    }

    @Test
    void paper40FullCapture() throws IOException {
        CaptureReader reader = CaptureFiles.open(shared("datasets/paper40/full.pcap.gz"));
        List<CapturedFrame> fixture = read("paper40-200.pcap", "pcap (µs, little-endian)");
        Frame f = new Frame();
        long frames = 0;
        long notEthernet = 0;

        try (reader) {
            while (reader.next(f)) {
                if (frames < fixture.size()) {
                    assertEquals(fixture.get((int) frames), CapturedFrame.copyOf(f));
                }
                frames++;
                notEthernet += f.linkType == LinkType.ETHERNET ? 0 : 1;
            }
        }

        assertEquals(378_208, frames);
        assertEquals(0, notEthernet);
        assertEquals(0, reader.truncatedRecords());
        assertEquals("pcap (µs, little-endian, gzip)", reader.formatDescription());
    }

    @Test
    void mptcpV0CapturesWithCookedAndPppLinkTypes() throws IOException {
        assertAll(shared("datasets/v0-outoftree/client_2.pcap"), 2_884, LinkType.LINUX_SLL);
        assertAll(shared("datasets/v0-outoftree/iperf-mptcp-0-0.pcap"), 2_560, LinkType.PPP);
    }

    private static void assertAll(Path file, int count, int linkType) throws IOException {
        List<CapturedFrame> frames = CapturedFrame.readAll(CaptureFiles.open(file));

        assertEquals(count, frames.size(), file::toString);
        assertTrue(frames.stream().allMatch(f -> f.linkType() == linkType), file::toString);
        assertEquals(count, frames.get(count - 1).number());
    }

    private static List<CapturedFrame> read(String fixture, String description)
            throws IOException {
        try {
            Path file = Path.of(RealCapturesTest.class.getResource("/captures/" + fixture).toURI());
            CaptureReader reader = CaptureFiles.open(file);
            assertEquals(description, reader.formatDescription(), fixture);
            List<CapturedFrame> frames = CapturedFrame.readAll(reader);
            assertEquals(0, reader.truncatedRecords(), fixture);
            return frames;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file under ../shared, or a skipped test where that checkout is absent. */
    private static Path shared(String relative) {
        String root = System.getProperty("sampo.shared");
        assumeTrue(root != null, "sampo.shared is not set: run through Maven to use ../shared");
        Path file = Path.of(root, relative);
        assumeTrue(Files.isReadable(file), () -> file + " is absent: datasets are only in CI");
        return file;
    }
}
