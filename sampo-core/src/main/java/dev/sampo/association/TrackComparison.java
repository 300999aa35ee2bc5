package dev.sampo.association;

/**
 * The paper's decision steps, and the evidence beyond them, for one DSN space as seen by two
 * subflows. See docs/ASSOCIATION.md for every formula.
 *
 * @param bits the width the two tracks were compared at (the narrower of the two)
 * @param gap DSN distance between the two active ranges (0 when they overlap)
 * @param chance probability that two unrelated tracks agree this well in a 2^bits space: the
 *     better of {@code proximity} and {@code onCurve}, each divided by its share of a weighted
 *     Bonferroni split ({@link TrackComparator#CURVE_SHARE}); just {@code proximity} where time
 *     predicts nothing
 * @param phiD1 the paper's first-level Φ_D¹ = sigmoid(k·(gap/scale − 1))
 * @param segmentOverlaps second level: data ranges carried by both, after the reinjection filter
 * @param timeViolations boxes that break one monotone (time × DSN) curve within the skew bound
 * @param phiS3 the paper's third-step lower bound Φ_S³ with G/ϱ
 * @param proximity probability that two unrelated tracks lie this close in DSN, ignoring time
 * @param onCurve probability that an unrelated track lies as close to the curve the other
 *     predicts at its sample times ({@link TimePrediction}); 1 where it predicts nothing
 */
record TrackComparison(int bits, long gap, double chance, double phiD1, int segmentOverlaps,
                       int timeViolations, double phiS3, double proximity, double onCurve) {

    /** Odds by which one violation makes coincidence likelier than same-session (design note §4). */
    static final double VIOLATION_ODDS = 16.0;

    /** Chance of coincidence after the violations' odds are applied. */
    double adjustedChance() {
        int v = timeViolations + (bits < 64 ? segmentOverlaps : 0);
        return Math.min(1.0, chance * Math.pow(VIOLATION_ODDS, v));
    }

    /** Confidence that the two tracks belong to distinct sessions. */
    double phiDistinct(double sameThreshold) {
        double violations = 1 - Math.pow(0.5, timeViolations + (bits < 64 ? segmentOverlaps : 0));
        // Far apart in a 64-bit space is proof; close in one is proof of the opposite, so the
        // paper's sigmoid (calibrated for 32 bits) only speaks when proximity is inconclusive.
        double firstLevel = 1 - chance >= sameThreshold ? 0 : phiD1;
        return Math.max(firstLevel, violations);
    }
}
