package dev.sampo.association;

import java.util.List;
import java.util.Locale;

/**
 * Diagnosis of same-session pairs that association left apart (what {@code eval --misses} prints):
 * the {@link MissCause} of a pair, and the numbers its decision rested on.
 */
public final class MissedPairs {
    private final AssociationConfig config;
    private final PairJudge judge;
    private final TrackComparator comparator;
    private final SessionJudge sessions;

    /**
     * The evidence against coincidence a subflow holds, in bits (−log2 of the coincidence
     * probability before the population factor), and what a decision needs.
     *
     * @param session against the union of its siblings' tracks ({@link SessionJudge})
     * @param bestSibling against its best single sibling ({@link PairJudge})
     * @param needed what Φ ≥ the same threshold needs: log2(population / (1 − threshold))
     * @param boxes the subflow's boxes per direction
     */
    public record EvidenceBits(double session, double bestSibling, double needed, int[] boxes) {
    }

    public MissedPairs(AssociationConfig config) {
        this.config = config;
        this.sessions = new SessionJudge(config);
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

    /**
     * A subflow's evidence against its session's other subflows, those with DSN evidence; null
     * when it or they hold none.
     */
    public EvidenceBits bits(SubflowEvidence x, List<SubflowEvidence> others) {
        List<SubflowEvidence> siblings = others.stream().filter(SubflowEvidence::hasDsnEvidence).toList();
        if (!x.hasDsnEvidence() || siblings.isEmpty()) {
            return null;
        }
        double best = 1;
        for (SubflowEvidence s : siblings) {
            best = Math.min(best, sessions.assess(x, List.of(s)).chance());
        }
        double session = sessions.assess(x, siblings).chance();
        return new EvidenceBits(-log2(session), -log2(best), log2(config.population() / (1 - config.sameThreshold())),
                new int[] {x.tracks[0].count(), x.tracks[1].count()});
    }

    /**
     * A found group's evidence, in bits, against another group of its session: the union of
     * one's tracks against the union of the other's; null when either holds no DSN evidence.
     */
    public Double groupBits(List<SubflowEvidence> group, List<SubflowEvidence> other) {
        List<SubflowEvidence> a = group.stream().filter(SubflowEvidence::hasDsnEvidence).toList();
        List<SubflowEvidence> b = other.stream().filter(SubflowEvidence::hasDsnEvidence).toList();
        return a.isEmpty() || b.isEmpty() ? null : -log2(sessions.assess(a, b).chance());
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
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
