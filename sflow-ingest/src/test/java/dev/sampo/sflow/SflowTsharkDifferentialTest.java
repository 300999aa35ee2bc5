package dev.sampo.sflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every flow sample as this decoder reads it against Wireshark 4.0's sFlow dissector (the TSVs in
 * src/test/resources/tshark, made by generate.sh there): sequence numbers, data source, sampling
 * rate, sample pool, drops, input and output interfaces, and the sampled header's protocol,
 * lengths and bytes.
 */
class SflowTsharkDifferentialTest {
    @ParameterizedTest
    @CsvSource({
        Fixtures.PAPER40 + ", tshark/paper40-sflow-1in50.tsv.gz, 7521",
        Fixtures.VARIANTS + ", tshark/paper40-variants-sflow.tsv.gz, 1977",
        Fixtures.RAW4 + ", tshark/raw4-sflow.tsv.gz, 483",
        Fixtures.RAW6 + ", tshark/raw6-sflow.tsv.gz, 481",
    })
    void everySampleMatchesWireshark(String capture, String tsv, int samples) throws IOException {
        List<String> expected = read(tsv);
        List<String> actual = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        long[] frame = new long[1];
        long[] datagramSequence = new long[1];
        byte[][] buffer = new byte[1][];
        SflowDecoder decoder = new SflowDecoder(new SflowListener() {
            @Override
            public boolean datagram(SflowDatagram d) {
                datagramSequence[0] = d.sequence;
                return true;
            }

            @Override
            public void flowSample(SflowDatagram d, FlowSample s) {
                actual.add(String.join("\t", List.of(
                        Long.toString(frame[0]), Long.toString(datagramSequence[0]), Long.toString(s.sequence),
                        Integer.toString(s.sourceIdType), Long.toString(s.sourceIdIndex),
                        Long.toString(s.samplingRate), Long.toString(s.samplePool), Long.toString(s.drops),
                        Integer.toString(s.inputFormat), Long.toString(s.inputValue),
                        Integer.toString(s.outputFormat), Long.toString(s.outputValue),
                        Integer.toString(s.headerProtocol), Long.toString(s.frameLength), Long.toString(s.stripped),
                        Integer.toString(s.headerLength),
                        hex.formatHex(buffer[0], s.headerOffset, s.headerOffset + s.headerLength))));
            }
        });
        try (SflowCaptureReader r = new SflowCaptureReader(Fixtures.path(capture))) {
            while (r.next()) {
                frame[0] = r.frame().number;
                buffer[0] = r.frame().data;
                decoder.decode(r.frame().data, r.udp().payloadOffset, r.udp().payloadLength, r.frame().timestampNanos);
            }
        }

        assertEquals(samples, expected.size());
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "sample " + (i + 1));
        }
        assertEquals(0, decoder.stats().errorTotal());
    }

    private static List<String> read(String resource) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(Fixtures.path(resource))), StandardCharsets.US_ASCII))) {
            return in.lines().toList();
        }
    }
}
