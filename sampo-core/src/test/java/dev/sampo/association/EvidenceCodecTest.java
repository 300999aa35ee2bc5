package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Evidence bytes outlive builds (keyed state, checkpoints): {@code src/test/resources/evidence/NAME.vN.hex}
 * keeps what version N wrote for each sample. Every stored version must decode to the sample's
 * evidence, and the newest must be what this build writes: changing the format without a new
 * version fails here (the failure prints the new file).
 */
class EvidenceCodecTest {
    private static final Path STORED = Path.of("src/test/resources/evidence");

    private static SubflowEvidence collect(SubflowId id, List<PacketRecord> packets) {
        SubflowEvidence s = new SubflowEvidence(id, 8);
        EvidenceCollector c = new EvidenceCollector(AssociationConfig.DEFAULTS);
        for (PacketRecord p : packets) {
            c.collect(p, s);
        }
        return s;
    }

    private static SubflowEvidence sample() {
        SubflowId id = SyntheticSessions.subflow(1, 0, 40000);
        SubflowEvidence s = collect(id, SyntheticSessions.sample(SyntheticSessions.download(List.of(id), -5000, 99, 0,
                400_000, 1_000_000, 8, new SplittableRandom(5)), 7));
        s.addToken(0xDEADBEEFL);
        return s;
    }

    /**
     * IPv6, a 32-bit space whose track learns 64 bits from DATA_ACKs and wraps, boxes of a
     * subflow living past 71 minutes (the wide box layout), no token.
     */
    private static SubflowEvidence longLived() {
        SubflowId id = SubflowId.of(IpAddress.parse("2001:db8::1"), SyntheticSessions.SERVER_PORT,
                IpAddress.parse("2001:db8::2"), 40001);
        return collect(id, SyntheticSessions.sample(SyntheticSessions.download(List.of(id), 0xFFFF_F000L, 12345,
                1_700_000_000_000_000L, 400_000, 50, 4, new SplittableRandom(6)), 3));
    }

    private static Map<String, SubflowEvidence> samples() {
        Map<String, SubflowEvidence> samples = new LinkedHashMap<>();
        samples.put("download-v4", sample());
        samples.put("long-lived-v6", longLived());
        return samples;
    }

    @Test
    void roundTripKeepsEverythingAssociationReads() {
        SubflowEvidence other = sample();
        PairJudge judge = new PairJudge(AssociationConfig.DEFAULTS);
        for (SubflowEvidence s : samples().values()) {
            byte[] bytes = s.toBytes();
            SubflowEvidence back = SubflowEvidence.fromBytes(bytes);
            assertArrayEquals(bytes, back.toBytes());
            assertSame(s, back);
            assertEquals(judge.judge(s, other), judge.judge(back, other));
        }
    }

    /** Random streams: crowded sessions of both widths, sampled, every subflow's evidence read back as it was. */
    @Test
    void randomEvidenceReadsBackExactly() {
        SplittableRandom random = new SplittableRandom(14);
        for (int run = 0; run < 20; run++) {
            Map<SubflowId, SubflowEvidence> live = new LinkedHashMap<>();
            EvidenceCollector c = new EvidenceCollector(AssociationConfig.DEFAULTS);
            for (PacketRecord p : SyntheticSessions.sample(SyntheticSessions.crowded(5, random), 1 + random.nextInt(20))) {
                SubflowId id = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
                SubflowEvidence s = c.apply(p, id, live.get(id));
                if (s != null) {
                    live.put(id, s);
                }
            }
            assertTrue(live.size() > 5);
            for (SubflowEvidence s : live.values()) {
                if (random.nextBoolean()) {
                    s.expire(s.lastSeen - random.nextLong(5_000_000));
                }
                byte[] bytes = s.toBytes();
                SubflowEvidence back = SubflowEvidence.fromBytes(bytes);
                assertSame(s, back);
                assertArrayEquals(bytes, back.toBytes());
            }
        }
    }

    @Test
    void everyStoredVersionReadsAsItsSample() throws IOException {
        for (Map.Entry<String, SubflowEvidence> e : samples().entrySet()) {
            byte[] now = e.getValue().toBytes();
            List<Path> stored = new ArrayList<>();
            for (int v = 1; Files.exists(fileOf(e.getKey(), v)); v++) {
                stored.add(fileOf(e.getKey(), v));
            }
            Path next = fileOf(e.getKey(), EvidenceCodec.VERSION);
            if (stored.size() < EvidenceCodec.VERSION) {
                fail("no stored evidence " + next + "; write it with:\n" + HexFormat.of().formatHex(now));
            }
            for (Path file : stored) {
                byte[] bytes = HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
                SubflowEvidence read = SubflowEvidence.fromBytes(bytes);
                assertSame(e.getValue(), read);
                assertArrayEquals(now, read.toBytes(), file + " does not read as its sample");
            }
            byte[] newest = HexFormat.of().parseHex(Files.readString(stored.get(stored.size() - 1),
                    StandardCharsets.US_ASCII).strip());
            assertArrayEquals(newest, now, "this build writes other bytes than " + stored.get(stored.size() - 1)
                    + " for version " + EvidenceCodec.VERSION + ": a new format is a new version");
        }
    }

    @Test
    void theCompactFormIsSmaller() throws IOException {
        for (Map.Entry<String, SubflowEvidence> e : samples().entrySet()) {
            int v1 = Files.readString(fileOf(e.getKey(), 1), StandardCharsets.US_ASCII).strip().length() / 2;
            int v2 = e.getValue().toBytes().length;
            assertTrue(v2 * 2 < v1, e.getKey() + ": " + v2 + " bytes, version 1 took " + v1);
        }
    }

    private static Path fileOf(String name, int version) {
        return STORED.resolve(name + ".v" + version + ".hex");
    }

    /** Every field association and the stages read, box by box. */
    private static void assertSame(SubflowEvidence expected, SubflowEvidence actual) {
        assertEquals(expected.id, actual.id);
        assertEquals(List.of(expected.firstSeen, expected.lastSeen, expected.firstEvidence, expected.packets,
                        expected.payloadBytes, expected.samplingRate, expected.backup, expected.responderToken,
                        expected.tokenCount),
                List.of(actual.firstSeen, actual.lastSeen, actual.firstEvidence, actual.packets, actual.payloadBytes,
                        actual.samplingRate, actual.backup, actual.responderToken, actual.tokenCount));
        for (int i = 0; i < expected.tokenCount; i++) {
            assertEquals(expected.tokens[i], actual.tokens[i]);
        }
        for (int d = 0; d < 2; d++) {
            Track x = expected.tracks[d];
            Track y = actual.tracks[d];
            assertEquals(List.of(x.bits(), x.base(), x.count(), x.minOffset(), x.maxOffset()),
                    List.of(y.bits(), y.base(), y.count(), y.minOffset(), y.maxOffset()));
            for (int i = 0; i < x.count(); i++) {
                assertEquals(List.of(x.t0(i), x.t1(i), x.lo(i), x.hi(i), x.kind(i)),
                        List.of(y.t0(i), y.t1(i), y.lo(i), y.hi(i), y.kind(i)));
            }
        }
    }

    @Test
    void unknownVersionsAndCorruptBytesAreRejectedClearly() {
        for (SubflowEvidence s : samples().values()) {
            byte[] bytes = s.toBytes();
            byte[] future = bytes.clone();
            future[0] = 3;
            assertThrows(IllegalArgumentException.class, () -> SubflowEvidence.fromBytes(future));
            for (int cut = 0; cut < bytes.length; cut++) {
                byte[] truncated = Arrays.copyOf(bytes, cut);
                assertThrows(IllegalArgumentException.class, () -> SubflowEvidence.fromBytes(truncated));
            }
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertThrows(IllegalArgumentException.class, () -> SubflowEvidence.fromBytes(longer));
        }
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = new byte[1 + r.nextInt(300)];
            r.nextBytes(garbage);
            garbage[0] = (byte) (1 + r.nextInt(2));
            try {
                SubflowEvidence.fromBytes(garbage);
            } catch (IllegalArgumentException expected) {
                // the only way garbage may fail
            }
        }
    }
}
