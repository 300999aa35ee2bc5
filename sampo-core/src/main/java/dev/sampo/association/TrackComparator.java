package dev.sampo.association;

/** Compares two {@link Track}s of one DSN space (the paper's steps 1–3 plus time × DSN). */
final class TrackComparator {
    /** Beyond this distance two positions are unrelated whatever the space (2^61 bytes). */
    private static final long FAR = 1L << 61;
    /** The prior scale of DSN gaps between samples: a full segment per sampled packet, 4 subflows. */
    private static final long SEGMENT_SCALE = 4 * 1500;

    /**
     * Two tests of one offset, the better taken after the fact, may claim no more than their
     * combined false-alarm chance (a weighted Bonferroni split). Proximity decided every pair so
     * far and keeps 15/16 of it; the time prediction gets 1/16, so it counts only where it is more
     * than 15 times sharper.
     */
    static final double CURVE_SHARE = 1.0 / 16;

    private final AssociationConfig config;

    TrackComparator(AssociationConfig config) {
        this.config = config;
    }

    TrackComparison compare(Track x, Track y, int samplingRate) {
        return compare(new UnpackedTrack(x), new UnpackedTrack(y), samplingRate);
    }

    TrackComparison compare(UnpackedTrack x, UnpackedTrack y, int samplingRate) {
        int bits = Math.min(x.bits, y.bits);
        long delta = DsnSpace.delta(x.base, y.base, bits);
        if (Math.abs(delta) > FAR) {
            return new TrackComparison(bits, Long.MAX_VALUE, 1.0, 1.0, 0, 0, 0, 1.0, 1.0);
        }
        long xLo = x.minOffset;
        long xHi = x.maxOffset;
        long yLo = delta + y.minOffset;
        long yHi = delta + y.maxOffset;
        long gap = Math.max(0, Math.max(yLo - xHi, xLo - yHi));
        double extent = (double) (xHi - xLo) + (yHi - yLo);
        double proximity = Math.min(1.0, (extent + 2.0 * gap + 1) / DsnSpace.size(bits));
        double onCurve = onCurve(x, y, delta, bits);
        double chance = onCurve < 1
                ? Math.min(1.0, Math.min(proximity / (1 - CURVE_SHARE), onCurve / CURVE_SHARE))
                : proximity;

        double scale = Math.max(Math.max(x.maxGap, y.maxGap),
                Math.max(config.skewBytes(), (double) SEGMENT_SCALE * samplingRate));
        double phiD1 = 1 / (1 + Math.exp(-config.sigmoidSteepness() * (gap / scale - 1)));

        double rate = config.rateSlack() * Math.max(x.rate, y.rate);
        int violations = timeViolations(x, y, delta, rate);
        int overlaps = gap == 0 ? segmentOverlaps(x, y, delta) : 0;
        double phiS3 = gap == 0 && overlaps == 0 ? phiS3(x, y, delta, xLo, xHi, yLo, yHi, samplingRate) : 0;
        return new TrackComparison(bits, gap, chance, phiD1, overlaps, violations, phiS3, proximity, onCurve);
    }

    /**
     * The track with more boxes predicts the other (fixed before looking at residuals, so no
     * choice to pay for); with as many, the larger of the two chances, so that the order of the
     * two subflows does not matter.
     */
    private static double onCurve(UnpackedTrack x, UnpackedTrack y, long delta, int bits) {
        if (x.count != y.count) {
            return x.count > y.count ? TimePrediction.chance(x, 0, y, delta, bits)
                    : TimePrediction.chance(y, delta, x, 0, bits);
        }
        return Math.max(TimePrediction.chance(x, 0, y, delta, bits), TimePrediction.chance(y, delta, x, 0, bits));
    }

    /**
     * Samples of one session lie near one monotone curve in (time, DSN): a box that is earlier
     * than another yet higher by more than the skew bound, or later yet further ahead than the
     * session's own rate allows, breaks it. Counted as the smaller number of boxes involved on
     * either side, so one retransmitted outlier counts once.
     */
    private int timeViolations(UnpackedTrack x, UnpackedTrack y, long delta, double rate) {
        long skew = config.skewBytes();
        if (withinSkew(x, y, delta, skew)) {
            return 0;
        }
        // a session's union of tracks may hold more than 64 boxes
        long[] xInvolved = new long[(x.count + 63) >>> 6];
        long[] yInvolved = new long[(y.count + 63) >>> 6];
        // the arrays in locals: the C1 compiler of batch commands reloads fields in every iteration
        long[] xT0 = x.t0;
        long[] xT1 = x.t1;
        long[] xLo = x.lo;
        long[] xHi = x.hi;
        long[] yT0 = y.t0;
        long[] yT1 = y.t1;
        long[] yLo = y.lo;
        long[] yHi = y.hi;
        for (int i = 0; i < x.count; i++) {
            for (int j = 0; j < y.count; j++) {
                long yl = delta + yLo[j];
                long yh = delta + yHi[j];
                boolean broken;
                if (xT1[i] < yT0[j]) {
                    broken = brokenOrder(xLo[i], xHi[i], yl, yh, yT0[j] - xT1[i], skew, rate);
                } else if (yT1[j] < xT0[i]) {
                    broken = brokenOrder(yl, yh, xLo[i], xHi[i], xT0[i] - yT1[j], skew, rate);
                } else {
                    continue;
                }
                if (broken) {
                    xInvolved[i >>> 6] |= 1L << i;
                    yInvolved[j >>> 6] |= 1L << j;
                }
            }
        }
        return Math.min(bitCount(xInvolved), bitCount(yInvolved));
    }

    /**
     * Whether no box of one track lies more than the skew bound above a box of the other: then no
     * order of theirs in time breaks the curve (a session's own rate only adds to the bound), and
     * the pairs need not be visited. Exact only while no difference of offsets overflows, so
     * tracks with offsets beyond ±2^61 take the pairwise test.
     */
    private static boolean withinSkew(UnpackedTrack x, UnpackedTrack y, long delta, long skew) {
        return inRange(x) && inRange(y) && Math.abs(delta) <= FAR
                && x.maxLo - (delta + y.minHi) <= skew && delta + y.maxLo - x.minHi <= skew;
    }

    private static boolean inRange(UnpackedTrack t) {
        return t.minOffset >= -FAR && t.maxOffset <= FAR;
    }

    private static int bitCount(long[] words) {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** Box e came {@code dt} µs before box l: is (e, l) impossible for one session? */
    private static boolean brokenOrder(long eLo, long eHi, long lLo, long lHi, long dt, long skew, double rate) {
        if (eLo - lHi > skew) {
            return true; // the DSN went backwards by more than subflows can be apart
        }
        return rate > 0 && lLo - eHi > skew + rate * dt;
    }

    /**
     * Second level: subflows of one session never carry the same data, except reinjections. A
     * reinjected range is a sub-range of (or equal to) the original mapping, so containment is
     * filtered out; partial overlap counts.
     */
    private static int segmentOverlaps(UnpackedTrack x, UnpackedTrack y, long delta) {
        int overlaps = 0;
        long[] xLo = x.lo;
        long[] xHi = x.hi;
        long[] yLo = y.lo;
        long[] yHi = y.hi;
        for (int i = 0; i < x.count; i++) {
            long xl = xLo[i];
            long xh = xHi[i];
            if (x.kind[i] != Track.DATA || xh == xl) {
                continue;
            }
            for (int j = 0; j < y.count; j++) {
                if (y.kind[j] != Track.DATA || yHi[j] == yLo[j]) {
                    continue;
                }
                long yl = delta + yLo[j];
                long yh = delta + yHi[j];
                boolean overlap = Math.max(xl, yl) < Math.min(xh, yh);
                boolean contained = (xl <= yl && yh <= xh) || (yl <= xl && xh <= yh);
                if (overlap && !contained) {
                    overlaps++;
                }
            }
        }
        return overlaps;
    }

    /**
     * The paper's Φ_S³ with its bounds repaired (docs/DOMAIN.md §3): a lower bound on the probability
     * that distinct sessions' segments would have overlapped somewhere in the overlapped range G,
     * {@code 1 − exp(−(m·ΣpA + ΣpB − m) / (G/ϱ))}, with G widened by 1/ϱ for sampling.
     */
    private static double phiS3(UnpackedTrack x, UnpackedTrack y, long delta, long xLo, long xHi, long yLo, long yHi, int rate) {
        long from = Math.max(xLo, yLo);
        long to = Math.min(xHi, yHi);
        double g = (double) (to - from) * rate;
        if (g <= 0) {
            return 0;
        }
        return phiS3Bound(dataIn(y, delta, from, to, true), dataIn(x, 0, from, to, false),
                dataIn(y, delta, from, to, false), g);
    }

    /** {@code 1 − exp(−(m·ΣpA + ΣpB − m)/G)}: docs/DOMAIN.md §3's consistent lower bound. */
    static double phiS3Bound(double m, double sumA, double sumB, double g) {
        return 1 - Math.exp(-(m * sumA + sumB - m) / g);
    }

    private static double dataIn(UnpackedTrack t, long delta, long from, long to, boolean count) {
        double sum = 0;
        for (int i = 0; i < t.count; i++) {
            long l = delta + t.lo[i];
            long h = delta + t.hi[i];
            if (t.kind[i] == Track.DATA && l >= from && h <= to) {
                sum += count ? 1 : h - l;
            }
        }
        return sum;
    }
}
