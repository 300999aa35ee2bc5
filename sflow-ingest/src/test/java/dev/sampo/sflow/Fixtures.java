package dev.sampo.sflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The committed fixtures (src/test/resources/captures, see its README) and their datagrams. */
final class Fixtures {
    /** 1,148 sFlow v5 datagrams by pmacct 1.7.7 from paper40/full.pcap, 1-in-50, to UDP 16343. */
    static final String PAPER40 = "captures/paper40-sflow-1in50.pcap.gz";
    static final String PAPER40_TRUTH = "captures/paper40-truth.json";
    /** The first 300 of those re-encoded: IPv6 agent, expanded samples, counters, foreign records. */
    static final String VARIANTS = "captures/paper40-variants-sflow.pcap.gz";
    /** pmacct over raw IPv4 frames: header protocol 11, router and gateway records, counters. */
    static final String RAW4 = "captures/raw4-sflow.pcap.gz";
    /** pmacct over the same frames as IPv6: header protocol 12. */
    static final String RAW6 = "captures/raw6-sflow.pcap.gz";

    private Fixtures() {
    }

    static Path path(String resource) {
        try {
            var url = Fixtures.class.getClassLoader().getResource(resource);
            if (url == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One captured UDP datagram: its payload (copied) and capture time. */
    record Datagram(long frame, long timestampNanos, byte[] payload) {
    }

    static List<Datagram> datagrams(String resource) {
        List<Datagram> out = new ArrayList<>();
        try (SflowCaptureReader r = new SflowCaptureReader(path(resource))) {
            while (r.next()) {
                var f = r.frame();
                byte[] payload = new byte[r.udp().payloadLength];
                System.arraycopy(f.data, r.udp().payloadOffset, payload, 0, payload.length);
                out.add(new Datagram(f.number, f.timestampNanos, payload));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
