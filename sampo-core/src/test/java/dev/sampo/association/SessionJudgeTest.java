package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A subflow judged against the union of a session's members, at 32 bits: where it gains evidence
 * (two spaces held by different siblings: independent offsets, the chances multiply) and where it
 * cannot (one box in one space: one offset, whatever the session's density).
 */
class SessionJudgeTest {
    private static final AssociationConfig BITS_32 = AssociationConfig.builder().dsnBits(32).useTokens(false).build();
    private static final double SPACE = Math.scalb(1.0, 32);
    private final SessionJudge judge = new SessionJudge(BITS_32);
    private int ports = 40000;

    private SubflowEvidence subflow() {
        return new SubflowEvidence(SyntheticSessions.subflow(1, 0, ports++), 16);
    }

    /** 10 KB mappings of a 1 MB/s session from {@code dsn}, every 100 ms from {@code start} µs, into {@code space}. */
    private static void carry(SubflowEvidence s, int space, long start, long dsn, int boxes) {
        for (int i = 0; i < boxes; i++) {
            s.tracks[space].addData(start + 100_000L * i, dsn + 100_000L * i, 32, 10_000);
        }
    }

    @Test
    void twoSpacesHeldByDifferentSiblingsMultiplyTheirChances() {
        SubflowEvidence downloads = subflow(); // carries space 0 only
        carry(downloads, 0, 0, 5_000_000, 10);
        SubflowEvidence uploads = subflow(); // carries space 1 only
        carry(uploads, 1, 0, 900_000_000, 10);
        SubflowEvidence x = subflow(); // one DATA_ACK in each space, on both curves
        x.tracks[0].addAck(250_000, 5_255_000, 32); // predicted [5_250_000, 5_260_000]
        x.tracks[1].addAck(650_000, 900_655_000, 32); // predicted [900_650_000, 900_660_000]

        double withDownloads = judge.assess(x, List.of(downloads)).chance();
        double withUploads = judge.assess(x, List.of(uploads)).chance();
        PairJudge.Assessment session = judge.assess(x, List.of(downloads, uploads));
        double onePoint = (10_000 + 1) / SPACE / TrackComparator.CURVE_SHARE;
        assertEquals(onePoint, withDownloads, 1e-15, "one space: the width predicted at its instant");
        assertEquals(onePoint, withUploads, 1e-15);
        assertEquals(withDownloads * withUploads, session.chance(), 1e-22, "two independent offsets");
        assertTrue(1 - withDownloads * BITS_32.population() < BITS_32.sameThreshold(), "a sibling alone is not enough");
        assertTrue(session.phi() >= BITS_32.sameThreshold(), session.toString());
    }

    @Test
    void oneBoxInOneSpaceGainsNothingFromADenserSession() {
        SubflowEvidence even = subflow(); // boxes at 0, 100, ... ms
        carry(even, 0, 0, 5_000_000, 10);
        SubflowEvidence odd = subflow(); // boxes at 50, 150, ... ms on the same curve
        carry(odd, 0, 50_000, 5_050_000, 10);
        SubflowEvidence x = subflow();
        x.tracks[0].addAck(260_000, 5_262_000, 32); // predicted [5_260_000, 5_270_000] by both
        double alone = judge.assess(x, List.of(even)).chance();
        double session = judge.assess(x, List.of(even, odd)).chance();
        assertEquals((10_000 + 1) / SPACE / TrackComparator.CURVE_SHARE, session, 1e-15,
                "the window is the session's spread at that instant, twice as dense or not");
        assertEquals(alone, session, alone * 0.2);
    }

    @Test
    void aCrossedMemberIsPlacedInTheAnchorsSpaces() {
        SubflowEvidence anchor = subflow();
        carry(anchor, 0, 0, 5_000_000, 10);
        carry(anchor, 1, 0, 900_000_000, 10);
        SubflowEvidence straight = subflow();
        straight.tracks[0].addAck(100_000, 5_100_000, 32);
        straight.tracks[1].addAck(100_000, 900_100_000, 32);
        SubflowEvidence crossed = subflow(); // the same evidence, seen from the other end of its subflow
        crossed.tracks[1].addAck(100_000, 5_100_000, 32);
        crossed.tracks[0].addAck(100_000, 900_100_000, 32);
        SubflowEvidence x = subflow();
        x.tracks[0].addAck(250_000, 5_255_000, 32);
        x.tracks[1].addAck(350_000, 900_355_000, 32);
        assertTrue(judge.assess(x, List.of(anchor)).chance() < 1e-8, "both spaces on the anchor's curves");
        assertEquals(judge.assess(x, List.of(anchor, straight)).chance(), judge.assess(x, List.of(anchor, crossed)).chance());
        assertEquals(judge.assess(x, List.of(anchor, crossed)).chance(), judge.assess(x, List.of(crossed, anchor)).chance(),
                "the order of the members does not matter");
    }

    @Test
    void membersWithAsManyBoxesGiveTheSameUnionInAnyOrder() {
        SubflowEvidence a = subflow();
        a.tracks[0].addAck(100_000, 5_100_000, 32);
        a.tracks[0].addAck(300_000, 5_300_000, 32);
        SubflowEvidence b = subflow(); // as many boxes, in the space on its crossed side: the session sped up
        b.tracks[1].addAck(200_000, 5_230_000, 32);
        b.tracks[1].addAck(400_000, 5_400_000, 32);
        SubflowEvidence x = subflow(); // 12,000 past a's line at 250 ms, 3,000 short of the union's
        x.tracks[0].addAck(250_000, 5_262_000, 32);
        PairJudge.Assessment ab = judge.assess(x, List.of(a, b));
        PairJudge.Assessment ba = judge.assess(x, List.of(b, a));
        assertEquals(ab.chance(), ba.chance());
        assertTrue(ab.chance() < judge.assess(x, List.of(a)).chance(), "the union predicts closer in time: " + ab);
    }

    @Test
    void aBoxOffTheSessionsCurveCountsAgainstAUnionOfMoreThan64Boxes() {
        List<SubflowEvidence> members = new ArrayList<>();
        for (int m = 0; m < 5; m++) {
            SubflowEvidence s = subflow();
            carry(s, 0, 10_000L * m, 5_000_000 + 10_000L * m, 16); // one 1 MB/s curve, 10 ms apart
            members.add(s);
        }
        SubflowEvidence onCurve = subflow();
        onCurve.tracks[0].addAck(250_000, 5_255_000, 32);
        SubflowEvidence behind = subflow(); // the same, then 10 MB behind the session a second later
        behind.tracks[0].addAck(250_000, 5_255_000, 32);
        behind.tracks[0].addAck(1_250_000, 5_255_000 - 10_000_000, 32);
        PairJudge.Assessment clean = judge.assess(onCurve, members);
        PairJudge.Assessment broken = judge.assess(behind, members);
        assertTrue(clean.phiDistinct() < BITS_32.distinctThreshold(), clean.toString());
        assertTrue(broken.chance() > 100 * clean.chance(), broken + " vs " + clean);
        assertTrue(broken.phiDistinct() >= 0.5, "a time violation against the union: " + broken);
    }
}
