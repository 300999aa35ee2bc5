package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each cause of a miss, from evidence built by hand in a 32-bit space. */
class MissedPairsTest {
    private static final AssociationConfig BITS_32 = AssociationConfig.builder().dsnBits(32).useTokens(false).build();
    private final MissedPairs diagnosis = new MissedPairs(BITS_32);

    /** A subflow that carried 3 mappings of 60 KB, 0.1 s apart, from DSN 1,000,000 at t = 1 s. */
    private static SubflowEvidence carrier() {
        SubflowEvidence a = new SubflowEvidence(SyntheticSessions.subflow(1, 0, 40000), 16);
        for (int i = 0; i < 3; i++) {
            a.tracks[0].addData(1_000_000 + 100_000L * i, 1_000_000 + 60_000L * i, 32, 60_000);
        }
        return a;
    }

    private static SubflowEvidence acker(long... timeAndAck) {
        SubflowEvidence b = new SubflowEvidence(SyntheticSessions.subflow(1, 1, 40001), 16);
        for (int i = 0; i < timeAndAck.length; i += 2) {
            b.tracks[0].addAck(timeAndAck[i], timeAndAck[i + 1], 32);
        }
        return b;
    }

    @Test
    void aSubflowWithoutDsnEvidence() {
        assertEquals(MissCause.NO_DSN_EVIDENCE, diagnosis.cause(carrier(), acker()));
    }

    @Test
    void aSingleDataAckInsideTheSiblingsRange() {
        assertEquals(MissCause.SINGLE_SAMPLE, diagnosis.cause(carrier(), acker(1_150_000, 1_090_000)));
    }

    @Test
    void consistentDataAcksInOneSpaceOnly() {
        SubflowEvidence b = acker(1_050_000, 1_030_000, 1_250_000, 1_150_000);
        assertEquals(MissCause.LOOSE_COINCIDENCE, diagnosis.cause(carrier(), b));
        assertTrue(diagnosis.describe(carrier(), b).contains("viol=0"), diagnosis.describe(carrier(), b));
    }

    @Test
    void aDataAckFarBehindLaterData() {
        // 10 s after the last mapping, 8 MB behind it: the session's DSN went backwards.
        assertEquals(MissCause.CONFLICTING_TIME, diagnosis.cause(carrier(),
                acker(11_000_000, 1_150_000 - 8_000_000, 11_100_000, 1_150_000 - 7_900_000)));
    }

    @Test
    void aPairJudgedTheSameIsNotMissedForLackOfEvidence() {
        SubflowEvidence a = carrier();
        a.tracks[1].addAck(1_000_000, 777, 32);
        SubflowEvidence b = acker(1_050_000, 1_030_000, 1_250_000, 1_150_000);
        b.tracks[1].addData(1_000_000, 777, 32, 0);
        b.tracks[1].addAck(1_100_000, 777, 32);
        a.tracks[1].addAck(1_200_000, 777, 32);
        assertEquals(PairDecision.Verdict.SAME, new PairJudge(BITS_32).judge(a, b).verdict());
        assertEquals(MissCause.OTHER, diagnosis.cause(a, b));
    }
}
