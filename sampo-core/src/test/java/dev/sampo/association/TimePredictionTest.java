package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
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

    @Test
    void timeNeighboursFoundInMidOrderAreThoseOfTheDefinition() {
        // Boxes on a coarse time grid, many at one mid time: the neighbours must be the latest box
        // at or before a time and the earliest at or after it, the lowest index among equals.
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 2_000; trial++) {
            int bits = trial % 2 == 0 ? 32 : 64;
            UnpackedTrack p = new UnpackedTrack(randomTrack(random, bits));
            UnpackedTrack q = new UnpackedTrack(randomTrack(random, bits));
            long shift = random.nextLong(-50_000, 50_000);
            assertEquals(byScan(p, shift, q, 0, bits), TimePrediction.chance(p, shift, q, 0, bits), "trial " + trial);
            assertEquals(byScan(q, 0, p, shift, bits), TimePrediction.chance(q, 0, p, shift, bits), "trial " + trial);
        }
    }

    private static Track randomTrack(SplittableRandom random, int bits) {
        Track t = new Track(16);
        int n = random.nextInt(1, 40);
        for (int i = 0; i < n; i++) {
            long time = 1_000L * random.nextInt(12);
            long dsn = 1_000L * random.nextInt(200);
            if (random.nextBoolean()) {
                t.addData(time, dsn, bits, 1_000L * random.nextInt(4));
            } else {
                t.addAck(time, dsn, bits);
            }
        }
        return t;
    }

    /** {@link TimePrediction#chance} with each box's time-neighbours found by a scan of all of p's boxes. */
    private static double byScan(UnpackedTrack p, long pShift, UnpackedTrack q, long qShift, int bits) {
        if (p.count < 2 || q.count == 0 || p.firstTime == p.lastTime) {
            return 1.0;
        }
        double[] lo = new double[q.count];
        double[] hi = new double[q.count];
        double largest = 0;
        for (int j = 0; j < q.count; j++) {
            double t = q.mid[j];
            int before = -1;
            int after = -1;
            for (int i = 0; i < p.count; i++) {
                double c = p.mid[i];
                if (c <= t && (before < 0 || c > p.mid[before])) {
                    before = i;
                }
                if (c >= t && (after < 0 || c < p.mid[after])) {
                    after = i;
                }
            }
            if (before >= 0 && after >= 0) {
                double cb = p.mid[before];
                double ca = p.mid[after];
                double f = ca == cb ? 0 : (t - cb) / (ca - cb);
                double l = p.lo[before] + f * (p.lo[after] - p.lo[before]);
                double h = p.hi[before] + f * (p.hi[after] - p.hi[before]);
                lo[j] = Math.min(l, h) + pShift;
                hi[j] = Math.max(l, h) + pShift;
            } else if (before >= 0) {
                lo[j] = p.lo[before] + pShift;
                hi[j] = p.hi[before] + p.rate * (t - p.mid[before]) + pShift;
            } else {
                lo[j] = p.lo[after] - p.rate * (p.mid[after] - t) + pShift;
                hi[j] = p.hi[after] + pShift;
            }
            largest = Math.max(largest, Math.max(0, Math.max(q.lo[j] + qShift - hi[j], lo[j] - (q.hi[j] + qShift))));
        }
        double from = -Double.MAX_VALUE;
        double to = Double.MAX_VALUE;
        for (int j = 0; j < q.count; j++) {
            from = Math.max(from, lo[j] - largest - (q.hi[j] + qShift));
            to = Math.min(to, hi[j] + largest - (q.lo[j] + qShift));
        }
        return Math.min(1.0, (Math.max(0, to - from) + 1) / Math.scalb(1.0, bits));
    }
}
