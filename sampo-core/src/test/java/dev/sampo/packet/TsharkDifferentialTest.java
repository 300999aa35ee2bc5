package dev.sampo.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sampo.packet.WiresharkFields.Field;
import dev.sampo.pcap.CaptureFiles;
import dev.sampo.pcap.CaptureReader;
import dev.sampo.pcap.Frame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The decoder against Wireshark, field by field, on every frame of real captures. The reference
 * is tshark's output, generated once and committed (tshark/README.md), so the test needs no
 * tshark and does not change with its version; the captures come from ../shared.
 */
class TsharkDifferentialTest {
    private static final int SHOWN_MISMATCHES = 8;

    @Test
    void paper40EthernetMptcpV1() throws IOException {
        Result r = compare(shared("datasets/paper40/full.pcap.gz"), "paper40-fields.tsv.gz", Integer.MAX_VALUE);
        assertEquals(378_208, r.frames);
        assertEquals(378_208, r.tcp, "every frame of the router's capture is TCP");
        assertTrue(r.mptcpOptions >= 183_864, "at least one MPTCP option per MPTCP frame");
    }

    @Test
    void v0OutOfTreeLinuxCookedV1() throws IOException {
        Result r = compare(shared("datasets/v0-outoftree/client_2.pcap"), "v0-client_2-fields.tsv.gz", Integer.MAX_VALUE);
        assertEquals(2_884, r.frames);
        assertTrue(r.mptcpOptions > 2_800);
    }

    @Test
    void v0OutOfTreePpp() throws IOException {
        Result r = compare(shared("datasets/v0-outoftree/iperf-mptcp-0-0.pcap"), "v0-iperf-mptcp-0-0-fields.tsv.gz",
                Integer.MAX_VALUE);
        assertEquals(2_560, r.frames);
        assertTrue(r.mptcpOptions > 2_500);
    }

    /** Runs everywhere: the committed first 200 frames of paper40 against the fixture's first 200 rows. */
    @Test
    void paper40First200FramesWithoutTheSharedDatasets() throws IOException, URISyntaxException {
        Path capture = Path.of(TsharkDifferentialTest.class.getResource("/captures/paper40-200.pcap").toURI());
        Result r = compare(capture, "paper40-fields.tsv.gz", 200);
        assertEquals(200, r.frames);
        assertTrue(r.mptcpOptions > 50);
    }

    static final class Result {
        long frames;
        long tcp;
        long mptcpOptions;
        long mismatches;
        final Map<String, Long> byField = new TreeMap<>();
        final List<String> shown = new ArrayList<>();
    }

    /**
     * Decodes every frame of {@code capture} and compares each fixture column with the decoder's
     * rendering; row i of the fixture is frame i + 1. Fails listing the first mismatches in full.
     */
    static Result compare(Path capture, String fixture, int maxFrames) throws IOException {
        PacketDecoder decoder = new PacketDecoder();
        Packet p = new Packet();
        Frame frame = new Frame();
        Result r = new Result();
        try (CaptureReader reader = CaptureFiles.open(capture); BufferedReader rows = fixture(fixture)) {
            String[] header = rows.readLine().split("\t", -1);
            Field[] fields = new Field[header.length];
            for (int i = 0; i < header.length; i++) {
                fields[i] = WiresharkFields.BY_NAME.get(header[i]);
                assertNotNull(fields[i], () -> "the fixture has a column the test cannot check");
            }
            while (r.frames < maxFrames && reader.next(frame)) {
                String row = rows.readLine();
                assertNotNull(row, () -> fixture + " has fewer rows than " + capture + " has frames");
                String[] cells = row.split("\t", -1);
                assertEquals(header.length, cells.length, row);
                r.frames++;
                if (frame.decodeWith(decoder, p)) {
                    r.tcp++;
                    r.mptcpOptions += p.mptcpCount;
                }
                for (int i = 0; i < fields.length; i++) {
                    List<String> ours = WiresharkFields.values(fields[i], p);
                    if (!WiresharkFields.same(fields[i], cells[i], ours)) {
                        mismatch(r, frame, p, fields[i].name(), cells[i], ours, row);
                    }
                }
            }
            if (maxFrames == Integer.MAX_VALUE) {
                assertEquals(null, rows.readLine(), fixture + " has more rows than " + capture + " has frames");
            }
        }
        assertEquals(r.frames, decoder.stats().frames());
        if (r.mismatches > 0) {
            fail(r.mismatches + " mismatches with Wireshark in " + r.frames + " frames of " + capture
                    + ", by field " + r.byField + "; the first:\n" + String.join("\n", r.shown));
        }
        return r;
    }

    private static void mismatch(Result r, Frame frame, Packet p, String field, String theirs, List<String> ours,
                                 String row) {
        r.mismatches++;
        r.byField.merge(field, 1L, Long::sum);
        if (r.shown.size() < SHOWN_MISMATCHES) {
            byte[] bytes = Arrays.copyOfRange(frame.data, frame.offset, frame.offset + frame.capturedLength);
            r.shown.add("frame " + frame.number + " " + field + ": tshark '" + theirs + "', decoder " + ours
                    + " (error " + p.error + ", missing " + p.missing + ", " + p.mptcpCount + " MPTCP options)"
                    + "\n  tshark row: " + row.replace('\t', '|')
                    + "\n  frame: " + HexFormat.of().formatHex(bytes));
        }
    }

    private static BufferedReader fixture(String name) throws IOException {
        InputStream in = TsharkDifferentialTest.class.getResourceAsStream("/tshark/" + name);
        assertNotNull(in, name);
        return new BufferedReader(new InputStreamReader(new GZIPInputStream(in, 1 << 16), StandardCharsets.US_ASCII),
                1 << 16);
    }

    /** A file under ../shared, or a skipped test where that checkout is absent. */
    private static Path shared(String relative) {
        String root = System.getProperty("sampo.shared");
        assumeTrue(root != null, "sampo.shared is not set: run through Maven to use ../shared");
        Path file = Path.of(root, relative);
        assumeTrue(Files.isReadable(file), () -> file + " is absent: the shared datasets are not here");
        return file;
    }

}
