package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The time × DSN prediction and its explicit coincidence probability, at 32 bits. */
class TimePredictionTest {
    private static final double SPACE = Math.scalb(1.0, 32);
    private final TrackComparator comparator = new TrackComparator(AssociationConfig.builder().dsnBits(32).build());

    /** Mappings of 10 KB every 100 ms from DSN 0: 100 KB/s, 100 KB in all. */
    private static Track steady() {
        Track p = new Track(16);
        for (int i = 0; i < 10; i++) {
            p.addData(100_000L * i, 10_000L * i, 32, 10_000);
        }
        return p;
    }

    /** The chance of q against p, each at its own place in the space (offsets are from a track's first value). */
    private static double predict(Track p, Track q) {
        return TimePrediction.chance(new UnpackedTrack(p), 0, new UnpackedTrack(q), DsnSpace.delta(p.base(), q.base(), 32), 32);
    }

    @Test
    void aPointOnTheInterpolatedCurveHasTheChanceOfItsPredictedWidth() {
        Track q = new Track(16);
        q.addAck(250_000, 27_000, 32); // between the boxes of 200 and 300 ms, at their midpoint
        // predicted [25_000, 35_000] at 250 ms; the point lies inside: residual 0
        assertEquals((10_000 + 1) / SPACE, predict(steady(), q), 1e-15);
    }

    @Test
    void theLargestResidualWidensTheWindowForEveryBoxAndOneOffsetMustFitThemAll() {
        Track q = new Track(16);
        q.addAck(250_000, 27_000, 32); // predicted [25_000, 35_000]: offsets [-7_000, 13_000] keep it within 5,000
        q.addAck(650_000, 60_000, 32); // predicted [65_000, 75_000]: 5,000 behind, offsets [0, 20_000]
        assertEquals((13_000 + 1) / SPACE, predict(steady(), q), 1e-15);
    }

    @Test
    void boxesAtOppositeEndsOfTheirPredictionsLeaveFewOffsets() {
        Track q = new Track(16);
        q.addAck(250_000, 25_000, 32); // the bottom of [25_000, 35_000]: offsets [0, 10_000]
        q.addAck(450_000, 55_000, 32); // the top of [45_000, 55_000]: offsets [-10_000, 0]
        assertEquals(1 / SPACE, predict(steady(), q), 1e-15, "one offset fits both");
        Track one = new Track(16);
        one.addAck(250_000, 25_000, 32);
        assertEquals((10_000 + 1) / SPACE, predict(steady(), one), 1e-15, "one box alone: its predicted width");
    }

    @Test
    void outsideItsTimeSpanTheCurveGoesOnAtItsOwnRate() {
        Track q = new Track(16);
        q.addAck(1_900_000, 150_000, 32); // 1 s after the last box: at most 100 KB further, never back
        // predicted [90_000, 100_000 + rate · 1 s]: the track's rate is 100 KB over 0.9 s
        double rate = 100_000.0 / 900_000;
        assertEquals((100_000 + rate * 1_000_000 - 90_000 + 1) / SPACE,
                predict(steady(), q), 1e-12);
    }

    @Test
    void aTrackAtOneInstantPredictsNothing() {
        Track p = new Track(16);
        p.addData(5, 0, 32, 1000);
        p.addData(5, 5000, 32, 1000);
        assertEquals(1.0, TimePrediction.chance(new UnpackedTrack(p), 0, new UnpackedTrack(steady()), 0, 32));
        assertEquals(1.0, TimePrediction.chance(new UnpackedTrack(steady()), 0, new UnpackedTrack(new Track(16)), 0, 32));
    }

    @Test
    void theComparisonTakesTheSharperTestAtItsShareOfTheFalseAlarmBudget() {
        // A subflow carrying a tenth of a 1 MB/s session: 10 KB mappings, 100 KB apart, every 100 ms.
        Track sibling = new Track(16);
        for (int i = 0; i < 10; i++) {
            sibling.addData(100_000L * i, 100_000L * i, 32, 10_000);
        }
        Track q = new Track(16);
        q.addAck(250_000, 255_000, 32);
        TrackComparison c = comparator.compare(sibling, q, 1);
        assertEquals((910_000 + 1) / SPACE, c.proximity(), 1e-15, "the sibling's extent, the point inside it");
        assertEquals((10_000 + 1) / SPACE, c.onCurve(), 1e-15, "the width predicted at 250 ms, the point on it");
        assertEquals(c.onCurve() / TrackComparator.CURVE_SHARE, c.chance(), 1e-15);
        // Far off the curve, though inside the range: proximity decides, at its 15/16 share.
        Track off = new Track(16);
        off.addAck(50_000, 800_000, 32);
        TrackComparison d = comparator.compare(sibling, off, 1);
        assertTrue(d.onCurve() > d.proximity(), d.toString());
        assertEquals(d.proximity() / (1 - TrackComparator.CURVE_SHARE), d.chance(), 1e-15);
    }

    @Test
    void theOrderOfTheTwoTracksDoesNotMatter() {
        Track q = new Track(16);
        q.addAck(250_000, 27_000, 32);
        q.addData(420_000, 41_000, 32, 3_000);
        TrackComparison xy = comparator.compare(steady(), q, 1);
        TrackComparison yx = comparator.compare(q, steady(), 1);
        assertEquals(xy.onCurve(), yx.onCurve());
        assertEquals(xy.chance(), yx.chance());
    }
}
