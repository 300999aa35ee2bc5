package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvidenceCodecTest {
    private static SubflowEvidence sample() {
        SubflowId id = SyntheticSessions.subflow(1, 0, 40000);
        SubflowEvidence s = new SubflowEvidence(id, 8);
        EvidenceCollector c = new EvidenceCollector(AssociationConfig.DEFAULTS);
        for (PacketRecord p : SyntheticSessions.sample(SyntheticSessions.download(List.of(id), -5000, 99, 0,
                400_000, 1_000_000, 8, new SplittableRandom(5)), 7)) {
            c.collect(p, s);
        }
        s.addToken(0xDEADBEEFL);
        return s;
    }

    @Test
    void roundTripKeepsEverythingAssociationReads() {
        SubflowEvidence s = sample();
        byte[] bytes = s.toBytes();
        SubflowEvidence back = SubflowEvidence.fromBytes(bytes);
        assertArrayEquals(bytes, back.toBytes());
        assertEquals(s.id, back.id);
        SubflowEvidence other = sample();
        PairJudge judge = new PairJudge(AssociationConfig.DEFAULTS);
        assertEquals(judge.judge(s, other), judge.judge(back, other));
    }

    @Test
    void unknownVersionsAndCorruptBytesAreRejectedClearly() {
        byte[] bytes = sample().toBytes();
        byte[] future = bytes.clone();
        future[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> SubflowEvidence.fromBytes(future));
        for (int cut = 0; cut < bytes.length; cut += 7) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThrows(IllegalArgumentException.class, () -> SubflowEvidence.fromBytes(truncated));
        }
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 500; i++) {
            byte[] garbage = new byte[1 + r.nextInt(300)];
            r.nextBytes(garbage);
            garbage[0] = 1;
            try {
                SubflowEvidence.fromBytes(garbage);
            } catch (IllegalArgumentException expected) {
                // the only way garbage may fail
            }
        }
    }
}
