package dev.sampo.association;

import java.util.Locale;

/**
 * Diagnosis of same-session pairs that association left apart (what {@code eval --misses} prints):
 * the {@link MissCause} of a pair, and the numbers its decision rested on.
 */
public final class MissedPairs {
    private final AssociationConfig config;
    private final PairJudge judge;
    private final TrackComparator comparator;

    public MissedPairs(AssociationConfig config) {
        this.config = config;
        this.judge = new PairJudge(config);
        this.comparator = new TrackComparator(config);
    }

    /** The first cause, in {@link MissCause} order, that applies to the pair. */
    public MissCause cause(SubflowEvidence a, SubflowEvidence b) {
        if (!a.hasDsnEvidence() || !b.hasDsnEvidence()) {
            return MissCause.NO_DSN_EVIDENCE;
        }
        boolean clean = false;
        for (TrackComparison[] orientation : comparisons(a, b)) {
            boolean compared = false;
            boolean consistent = true;
            for (TrackComparison c : orientation) {
                if (c != null) {
                    compared = true;
                    consistent &= c.timeViolations() == 0 && (c.bits() == 64 || c.segmentOverlaps() == 0);
                }
            }
            clean |= compared && consistent;
        }
        if (!clean) {
            return MissCause.CONFLICTING_TIME;
        }
        if (boxes(a) <= 1 || boxes(b) <= 1) {
            return MissCause.SINGLE_SAMPLE;
        }
        if (judge.judge(a, b).phi() < config.sameThreshold()) {
            return MissCause.LOOSE_COINCIDENCE;
        }
        return MissCause.OTHER;
    }

    /** One line on the pair: its decision, and per orientation and space the comparison it rests on. */
    public String describe(SubflowEvidence a, SubflowEvidence b) {
        PairDecision d = judge.judge(a, b);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s %s phi=%.3g phiD=%.3g boxes=%d/%d",
                a.id, b.id, d.phi(), d.phiDistinct(), boxes(a), boxes(b)));
        TrackComparison[][] comparisons = comparisons(a, b);
        for (int orientation = 0; orientation < 2; orientation++) {
            sb.append(orientation == 0 ? " | straight" : " | crossed");
            for (int space = 0; space < 2; space++) {
                TrackComparison c = comparisons[orientation][space];
                if (c == null) {
                    sb.append(" -");
                    continue;
                }
                sb.append(String.format(Locale.ROOT, " [%d+%d gap=%d proximity=%.2g on-curve=%.2g viol=%d ovl=%d]",
                        a.tracks[space].count(), b.tracks[space ^ orientation].count(), c.gap(), c.proximity(),
                        c.onCurve(), c.timeViolations(), c.segmentOverlaps()));
            }
        }
        return sb.toString();
    }

    /** Per orientation (straight, crossed) and space, the comparison {@link PairJudge} makes, or null where a track is empty. */
    private TrackComparison[][] comparisons(SubflowEvidence a, SubflowEvidence b) {
        int rate = Math.max(a.samplingRate, b.samplingRate);
        TrackComparison[][] out = new TrackComparison[2][2];
        for (int orientation = 0; orientation < 2; orientation++) {
            for (int space = 0; space < 2; space++) {
                Track x = a.tracks[space];
                Track y = b.tracks[space ^ orientation];
                if (!x.isEmpty() && !y.isEmpty()) {
                    out[orientation][space] = comparator.compare(x, y, rate);
                }
            }
        }
        return out;
    }

    private static int boxes(SubflowEvidence s) {
        return s.tracks[0].count() + s.tracks[1].count();
    }
}
