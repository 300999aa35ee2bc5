package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrackComparatorTest {
    private final TrackComparator comparator = new TrackComparator(AssociationConfig.DEFAULTS);

    @Test
    void phiS3LowerBoundMatchesTheDomainNotes() {
        // docs/DOMAIN.md §3: p = 1428, G = 10^6; n = m = 50, 20, 10 give 0.974, 0.451, 0.145.
        assertEquals(0.974, TrackComparator.phiS3Bound(50, 50 * 1428, 50 * 1428, 1e6), 5e-4);
        assertEquals(0.451, TrackComparator.phiS3Bound(20, 20 * 1428, 20 * 1428, 1e6), 5e-4);
        assertEquals(0.145, TrackComparator.phiS3Bound(10, 10 * 1428, 10 * 1428, 1e6), 5e-4);
    }

    @Test
    void interleavedSegmentsOfOneSpaceOverlapInRangeButNotInSegments() {
        Track x = new Track(16);
        Track y = new Track(16);
        for (int i = 0; i < 10; i++) {
            x.addData(i * 10, 1_000_000L + 2000L * i, 64, 1000);
            y.addData(i * 10 + 5, 1_001_000L + 2000L * i, 64, 1000);
        }
        TrackComparison c = comparator.compare(x, y, 1);
        assertEquals(0, c.gap());
        assertEquals(0, c.segmentOverlaps());
        assertEquals(0, c.timeViolations());
        assertTrue(c.phiS3() > 0, "interleaving without overlap is Φ_S³ evidence");
        assertTrue(c.chance() < 1e-12, "in a 64-bit space such proximity is no coincidence");
    }

    @Test
    void farApartIn64BitsIsDistinctWithCertainty() {
        Track x = new Track(16);
        Track y = new Track(16);
        x.addData(1, 0x1000_0000_0000_0000L, 64, 1000);
        y.addData(1, 0x9000_0000_0000_0000L, 64, 1000);
        TrackComparison c = comparator.compare(x, y, 1);
        assertEquals(1.0, c.chance());
        assertEquals(1.0, c.phiDistinct(0.9999), 1e-9);
    }

    @Test
    void firstLevelSigmoidHasASteepCutOff() {
        Track x = new Track(16);
        Track y = new Track(16);
        long skew = AssociationConfig.DEFAULTS.skewBytes();
        x.addData(1, 0, 32, 1000);
        y.addData(1, 1000 + 3 * skew, 32, 1000);
        TrackComparison far = comparator.compare(x, y, 1);
        assertTrue(far.phiD1() > 0.999, "three scales apart: distinct, not the plain sigmoid's 0.88");
        Track z = new Track(16);
        z.addData(1, 1000 + skew / 10, 32, 1000);
        assertTrue(comparator.compare(x, z, 1).phiD1() < 0.01, "well inside one scale: not distinct");
    }

    @Test
    void dsnGoingBackwardsInTimeBreaksOneMonotoneCurve() {
        long skew = AssociationConfig.DEFAULTS.skewBytes();
        Track x = new Track(16);
        Track y = new Track(16);
        for (int i = 0; i < 5; i++) {
            x.addData(1000L * i, 10 * skew + skew * i, 32, 1000); // x is ahead early on
            y.addData(100_000L + 1000L * i, skew * i, 32, 1000); // y is far behind, later
        }
        assertTrue(comparator.compare(x, y, 1).timeViolations() >= 4);
    }

    @Test
    void withinTheSkewBoundAnyOrderInTimeIsOneCurveBeyondItOnlyTheRateDecides() {
        long skew = AssociationConfig.DEFAULTS.skewBytes();
        Track x = new Track(16);
        x.addAck(0, 50_000_000L + skew, 64); // earlier, higher by exactly the bound
        Track y = new Track(16);
        y.addAck(1_000, 50_000_000L, 64);
        assertEquals(0, comparator.compare(x, y, 1).timeViolations());
        Track below = new Track(16);
        below.addAck(1_000, 50_000_000L - 1, 64); // one byte further back
        assertEquals(1, comparator.compare(x, below, 1).timeViolations());
        assertEquals(1, comparator.compare(below, x, 1).timeViolations());
        Track later = new Track(16);
        later.addAck(2_000_000, 50_000_000L + 3 * skew, 64); // far ahead, but 2 s later and no rate seen
        assertEquals(0, comparator.compare(x, later, 1).timeViolations());
    }

    @Test
    void partialOverlapOfDataIsSecondLevelDistinctButContainmentIsReinjection() {
        Track x = new Track(16);
        Track y = new Track(16);
        x.addData(1, 10_000, 32, 4000);
        y.addData(2, 12_000, 32, 4000); // overlaps x partially
        assertEquals(1, comparator.compare(x, y, 1).segmentOverlaps());
        Track z = new Track(16);
        z.addData(3, 11_000, 32, 1000); // inside x: a reinjected part of x's mapping
        assertEquals(0, comparator.compare(x, z, 1).segmentOverlaps());
    }
}
