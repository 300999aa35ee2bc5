package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The evidence real packet streams build, after every packet and every retention, is what the
 * collector and tracks built before applying packets was made cheaper (f04a20d): the digests
 * below are of that build's serialized evidence. A change to the evidence (which boxes, their
 * order, which merge) fails here; a deliberate one must say so by changing a digest.
 */
class EvidenceCollectorTest {
    /**
     * SHA-256 over the serialized evidence of each packet's subflow after the packet and, with a
     * retention period, of every live subflow after each boundary's retention (horizon 3 periods,
     * idle timeout 20): expiry then runs in the middle of the stream, between merges.
     */
    static String digest(List<PacketRecord> packets, int dsnBits, int boxes, long retainMicros)
            throws NoSuchAlgorithmException {
        AssociationConfig.Builder b = AssociationConfig.builder().dsnBits(dsnBits);
        if (retainMicros > 0) {
            b.horizon(Duration.ofNanos(3000 * retainMicros)).idleTimeout(Duration.ofNanos(20_000 * retainMicros));
        }
        EvidenceCollector collector = new EvidenceCollector(b.build());
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Map<SubflowId, SubflowEvidence> live = new LinkedHashMap<>();
        long boundary = Long.MIN_VALUE;
        for (PacketRecord p : packets) {
            if (retainMicros > 0) {
                if (boundary == Long.MIN_VALUE) {
                    boundary = p.tsMicros() + retainMicros;
                }
                for (; p.tsMicros() >= boundary; boundary += retainMicros) {
                    for (Iterator<SubflowEvidence> it = live.values().iterator(); it.hasNext();) {
                        SubflowEvidence s = it.next();
                        if (collector.retain(s, boundary)) {
                            md.update(s.toBytes());
                        } else {
                            it.remove();
                        }
                    }
                }
            }
            SubflowId id = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
            SubflowEvidence s = live.get(id);
            if (s == null) {
                if (p.mptcp().isEmpty()) {
                    continue;
                }
                s = new SubflowEvidence(id, boxes);
                live.put(id, s);
            }
            collector.collect(p, s);
            md.update(s.toBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * @param capture {@code bundled} for the repository's lab sample, or a capture under
     *                {@code ../shared/datasets}
     */
    @ParameterizedTest
    @CsvSource({
        "bundled, count:1, 64, 16, 0, 054f35939d71458eb992561d42cae5b257a0f7f0cfec54285710ef93efc968f0",
        "bundled, count:1, 32, 4, 100000, 787d45b889023314205c94c4a8166294474c39e622f5598fe3fccf667beadca3",
        "bundled, count:3, 64, 2, 0, f4b7e42d778a363c78373d49300927dda19732b50eba6b6fc26dbe6bfa00208b",
        "bundled, count:1, 64, 64, 0, cbd029d4ba37e3c9f9e2d527c82d7c9e02db58f9a247d8c4095d2a06149bc115",
        "paper40/full.pcap.gz, count:1, 64, 16, 0, c5b0b26a82070f0998aadd961eff0520fed9380a21182baee525e00ca7b58103",
        "paper40/full.pcap.gz, count:10, 64, 16, 0, 4e1d8c91e58e7f5f63ffd235c14936f1052c9f8e629910a0b25b78ecf977574a",
        "paper40/full.pcap.gz, count:100, 64, 16, 0, baaf19712a471a9096ac21de7674b6b11b131aa16da68fc943f466ee682fe185",
        "paper40/full.pcap.gz, count:1, 32, 4, 100000, a9f1d07d1520bd1d4f27cc99e37512742271f7a03d18e09395e8fca3b652e22a",
        "paper40/full.pcap.gz, count:1, 64, 64, 0, 1eb0e5cdb47132742f81648491cc7be65968836e191682c59b6f1025dcc3f296",
        "paper40/full.pcap.gz, count:3, 64, 2, 0, 8bf3a627ae6dc2566f93ede844a7ccf7efdbd25d3c55c68be524c15d9c8d3616",
    })
    void buildsTheSameEvidence(String capture, String sampling, int dsnBits, int boxes, long retainMicros,
            String expected) throws IOException, NoSuchAlgorithmException {
        Path path = capture.equals("bundled") ? Captures.bundledSample() : Captures.shared(capture);
        assertEquals(expected, digest(Captures.read(path, sampling), dsnBits, boxes, retainMicros));
    }
}
