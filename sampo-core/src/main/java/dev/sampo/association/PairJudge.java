package dev.sampo.association;

import dev.sampo.flow.SubflowId;

/**
 * Decides one pair of subflows from their DSN evidence. Two subflows of one session share both
 * DSN spaces, but which of a subflow's directions is the client's is unknown without its SYN, so
 * both orientations are tried: straight (a→b data with a→b data) and crossed. Within an
 * orientation every space both subflows have evidence in must agree, which squares the chance of
 * a coincidence; the pair takes the best orientation.
 */
final class PairJudge {
    private final AssociationConfig config;
    private final TrackComparator comparator;

    /**
     * What the tracks of two sides say.
     *
     * @param phi Φ of the best orientation
     * @param phiDistinct Φ_D, the smallest over orientations
     * @param chance the smallest coincidence probability over orientations, before the population factor
     * @param bits the DSN width of the best orientation's comparisons
     * @param crossed whether the best orientation is crossed
     * @param chanceCrossed whether the orientation with the smallest chance is crossed
     * @param compared whether any orientation had a space with evidence on both sides
     */
    record Assessment(double phi, double phiDistinct, double chance, int bits, boolean crossed,
                      boolean chanceCrossed, boolean compared) {
    }

    PairJudge(AssociationConfig config) {
        this.config = config;
        this.comparator = new TrackComparator(config);
    }

    PairDecision judge(SubflowEvidence a, SubflowEvidence b) {
        return judge(a, unpacked(a), b, unpacked(b));
    }

    /**
     * {@link #judge(SubflowEvidence, SubflowEvidence)} over tracks already {@link #unpacked}, for
     * a caller that judges one subflow against several.
     */
    PairDecision judge(SubflowEvidence a, UnpackedTrack[] xs, SubflowEvidence b, UnpackedTrack[] ys) {
        Assessment s = assess(xs, ys, Math.max(a.samplingRate, b.samplingRate));
        PairDecision.Verdict verdict;
        if (s.phi() >= config.sameThreshold()) {
            verdict = PairDecision.Verdict.SAME;
        } else if (s.phiDistinct() >= config.distinctThreshold()) {
            verdict = PairDecision.Verdict.DISTINCT;
        } else {
            verdict = PairDecision.Verdict.UNDECIDED;
        }
        SubflowId first = a.id.compareTo(b.id) <= 0 ? a.id : b.id;
        SubflowId second = first == a.id ? b.id : a.id;
        return new PairDecision(first, second, verdict, s.phi(), s.phiDistinct(), Evidence.DSN, s.bits(), s.crossed());
    }

    /**
     * Both orientations of two sides' tracks (per direction, null where empty): a pair's two
     * subflows, or a subflow and the union of a session's members ({@link SessionJudge}).
     */
    Assessment assess(UnpackedTrack[] xs, UnpackedTrack[] ys, int rate) {
        double bestPhi = 0;
        double bestChance = 1;
        double minDistinct = 1;
        boolean anyCompared = false;
        boolean bestCrossed = false;
        boolean chanceCrossed = false;
        int bestBits = 0;
        for (int orientation = 0; orientation < 2; orientation++) {
            double chance = 1;
            double distinct = 0;
            double phiS3 = 0;
            int bits = 64;
            boolean compared = false;
            for (int space = 0; space < 2; space++) {
                UnpackedTrack x = xs[space];
                UnpackedTrack y = ys[space ^ orientation];
                if (x == null || y == null) {
                    continue;
                }
                TrackComparison c = comparator.compare(x, y, rate);
                compared = true;
                chance *= c.adjustedChance();
                distinct = Math.max(distinct, c.phiDistinct(config.sameThreshold()));
                phiS3 = Math.max(phiS3, c.phiS3());
                bits = Math.min(bits, c.bits());
            }
            if (!compared) {
                continue;
            }
            anyCompared = true;
            minDistinct = Math.min(minDistinct, distinct);
            double coincidence = Math.min(1.0, chance * config.population());
            double phi = distinct >= config.distinctThreshold() ? 0 : Math.max(1 - coincidence, phiS3);
            if (chance < bestChance) {
                bestChance = chance;
                chanceCrossed = orientation == 1;
            }
            if (phi > bestPhi) {
                bestPhi = phi;
                bestCrossed = orientation == 1;
                bestBits = bits;
            }
        }
        return new Assessment(bestPhi, anyCompared ? minDistinct : 0, bestChance, bestBits, bestCrossed,
                chanceCrossed, anyCompared);
    }

    /** Each track unpacked once for the two orientations, null where it is empty. */
    static UnpackedTrack[] unpacked(SubflowEvidence s) {
        UnpackedTrack[] out = new UnpackedTrack[2];
        for (int d = 0; d < 2; d++) {
            out[d] = s.tracks[d].isEmpty() ? null : new UnpackedTrack(s.tracks[d]);
        }
        return out;
    }
}
