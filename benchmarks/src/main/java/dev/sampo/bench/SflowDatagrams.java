package dev.sampo.bench;

import dev.sampo.sflow.SflowCaptureReader;
import dev.sampo.sflow.SflowDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The UDP payloads of an sFlow recording, in memory, with how many flow samples each holds and how
 * many of those are TCP (the samples a collector forwards as records with {@code mptcpOnly} off).
 */
final class SflowDatagrams {
    /** The committed copy of pmacct's paper40 export (1,148 datagrams, 7,521 flow samples). */
    static final String PAPER40 = "sflow-ingest/src/test/resources/captures/paper40-sflow-1in50.pcap.gz";

    final List<byte[]> payloads;
    final int[] samples;
    final int[] tcpSamples;
    final long totalSamples;

    private SflowDatagrams(List<byte[]> payloads, int[] samples, int[] tcpSamples) {
        this.payloads = payloads;
        this.samples = samples;
        this.tcpSamples = tcpSamples;
        this.totalSamples = Arrays.stream(samples).asLongStream().sum();
    }

    static SflowDatagrams load(String capture) throws IOException {
        Path file = Path.of(capture);
        if (!Files.isReadable(file)) {
            throw new IOException(capture + " is not readable from " + Path.of("").toAbsolutePath()
                    + " (run from the repository root, or pass the capture)");
        }
        List<byte[]> payloads = new ArrayList<>();
        try (SflowCaptureReader r = new SflowCaptureReader(file)) {
            while (r.next()) {
                payloads.add(Arrays.copyOfRange(r.frame().data, r.udp().payloadOffset,
                        r.udp().payloadOffset + r.udp().payloadLength));
            }
        }
        int[] samples = new int[payloads.size()];
        int[] tcpSamples = new int[payloads.size()];
        int[] i = new int[1];
        SflowDecoder counter = new SflowDecoder((d, s) -> {
            samples[i[0]]++;
            if (s.tcp) {
                tcpSamples[i[0]]++;
            }
        });
        for (; i[0] < payloads.size(); i[0]++) {
            byte[] p = payloads.get(i[0]);
            counter.decode(p, 0, p.length, 0);
        }
        return new SflowDatagrams(payloads, samples, tcpSamples);
    }
}
