package dev.sampo.eval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sampo.association.AssociationDelta;
import dev.sampo.association.AssociationResult;
import dev.sampo.association.Session;
import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pair metrics against ground truth, as in the paper: the universe is every pair of truth
 * subflows; a pair is predicted "same" when both subflows end in one session. Also tracks, over
 * the periodic results, when each same-session pair was first grouped (the paper's Fig. 4.10).
 *
 * <p>Pairs are counted, not visited: in the contingency table of truth session × found session,
 * a cell of n subflows holds C(n, 2) true positives, a found session of m truth subflows C(m, 2)
 * predicted pairs, and a truth session of s subflows C(s, 2) positives. So scoring is linear in
 * the subflows; only same-session pairs are ever visited, for their decision times.
 */
public final class Evaluation {
    private final Truth truth;
    private final Map<SubflowId, Integer> sessionOf;
    /** Each truth subflow's position in its session's member list. */
    private final Map<SubflowId, Integer> positionOf = new HashMap<>();
    /** Each truth session's members, in truth order. */
    private final List<List<SubflowId>> members = new ArrayList<>();
    /**
     * Per truth session, the first period end (µs) at which each of its pairs was grouped, or
     * {@link #NEVER}; the pair of positions p &lt; q is at q (q − 1) / 2 + p.
     */
    private final List<long[]> firstGrouped = new ArrayList<>();
    private static final long NEVER = Long.MIN_VALUE;

    public Evaluation(Truth truth) {
        this.truth = truth;
        this.sessionOf = truth.sessionOf();
        for (Map.Entry<SubflowId, Integer> e : sessionOf.entrySet()) {
            while (members.size() <= e.getValue()) {
                members.add(new ArrayList<>());
            }
            List<SubflowId> session = members.get(e.getValue());
            positionOf.put(e.getKey(), session.size());
            session.add(e.getKey());
        }
        for (List<SubflowId> session : members) {
            long[] times = new long[(int) pairs(session.size())];
            Arrays.fill(times, NEVER);
            firstGrouped.add(times);
        }
    }

    /**
     * Call with every period's changes, in time order. A pair can only be grouped for the first
     * time in a session regrouped in that period: one that did not change held it a period before.
     */
    public void observe(AssociationDelta r) {
        for (List<SubflowId> cell : cells(groups(r.sessions())).values()) {
            long[] times = firstGrouped.get(sessionOf.get(cell.get(0)));
            for (int i = 0; i < cell.size(); i++) {
                for (int j = i + 1; j < cell.size(); j++) {
                    int at = pairIndex(positionOf.get(cell.get(i)), positionOf.get(cell.get(j)));
                    if (times[at] == NEVER) {
                        times[at] = r.atMicros();
                    }
                }
            }
        }
    }

    /**
     * @param firstSampled when each subflow's first sampled MPTCP packet was seen
     */
    public Report report(AssociationResult fin, Map<SubflowId, Long> firstSampled, long frames, long sampledFrames,
                         double seconds) {
        long tp = 0;
        long predictedPairs = 0;
        Map<String, Integer> truthSubflowsIn = new HashMap<>();
        Map<SubflowId, String> group = groups(fin.sessions());
        for (Map.Entry<CellKey, List<SubflowId>> cell : cells(group).entrySet()) {
            tp += pairs(cell.getValue().size());
            truthSubflowsIn.merge(cell.getKey().found(), cell.getValue().size(), Integer::sum);
        }
        for (int m : truthSubflowsIn.values()) {
            predictedPairs += pairs(m);
        }
        long positives = 0;
        long oracle = 0;
        List<Double> delays = new ArrayList<>();
        for (int k = 0; k < members.size(); k++) {
            List<SubflowId> session = members.get(k);
            positives += pairs(session.size());
            oracle += pairs(session.stream().filter(firstSampled::containsKey).count());
            long[] times = firstGrouped.get(k);
            for (int q = 1; q < session.size(); q++) {
                for (int p = 0; p < q; p++) {
                    SubflowId a = session.get(p);
                    SubflowId b = session.get(q);
                    long at = times[pairIndex(p, q)];
                    String ga = group.get(a);
                    if (at != NEVER && ga != null && ga.equals(group.get(b)) && firstSampled.containsKey(a)
                            && firstSampled.containsKey(b)) {
                        long start = Math.max(firstSampled.get(a), firstSampled.get(b));
                        delays.add(Math.max(0, at - start) / 1e6);
                    }
                }
            }
        }
        long pairs = pairs(sessionOf.size());
        long fp = predictedPairs - tp;
        long fn = positives - tp;
        long tn = pairs - tp - fp - fn;
        double recall = ratio(tp, positives);
        double oracleRecall = ratio(oracle, positives);
        double[] d = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Report(pairs, positives, tp, fp, tn, fn, ratio(tp + tn, pairs), ratio(tp, tp + fp), recall,
                oracleRecall, oracle == 0 ? 1.0 : ratio(tp, oracle), frames, sampledFrames, seconds,
                percentile(d, 0.5), percentile(d, 0.9), percentile(d, 0.99), truth.sessions().size(),
                Arrays.stream(d).boxed().toList());
    }

    /** Two subflows of one truth session. */
    public record TruthPair(SubflowId a, SubflowId b) {
    }

    /**
     * The same-session pairs the sample shows (both subflows in {@code firstSampled}) that
     * {@code fin} left in different sessions, in truth order.
     */
    public List<TruthPair> missedPairs(AssociationResult fin, Map<SubflowId, Long> firstSampled) {
        Map<SubflowId, String> group = groups(fin.sessions());
        List<TruthPair> out = new ArrayList<>();
        for (List<SubflowId> session : members) {
            for (int q = 1; q < session.size(); q++) {
                for (int p = 0; p < q; p++) {
                    SubflowId a = session.get(p);
                    SubflowId b = session.get(q);
                    if (firstSampled.containsKey(a) && firstSampled.containsKey(b)
                            && (group.get(a) == null || !group.get(a).equals(group.get(b)))) {
                        out.add(new TruthPair(a, b));
                    }
                }
            }
        }
        return out;
    }

    /** Whether two subflows are in one truth session (false when either is not in the truth). */
    public boolean sameSession(SubflowId a, SubflowId b) {
        Integer s = sessionOf.get(a);
        return s != null && s.equals(sessionOf.get(b));
    }

    /** Whether a subflow is in the truth. */
    public boolean inTruth(SubflowId id) {
        return sessionOf.containsKey(id);
    }

    /** A cell of the contingency table: one truth session within one found session. */
    private record CellKey(int truth, String found) {
    }

    /** The truth subflows of each non-empty cell, in truth order within their session. */
    private Map<CellKey, List<SubflowId>> cells(Map<SubflowId, String> group) {
        Map<CellKey, List<SubflowId>> cells = new HashMap<>();
        group.forEach((subflow, found) -> {
            Integer t = sessionOf.get(subflow);
            if (t != null) {
                cells.computeIfAbsent(new CellKey(t, found), k -> new ArrayList<>()).add(subflow);
            }
        });
        for (List<SubflowId> cell : cells.values()) {
            cell.sort(Comparator.comparingInt(positionOf::get));
        }
        return cells;
    }

    private static long pairs(long n) {
        return n * (n - 1) / 2;
    }

    private static int pairIndex(int p, int q) {
        return q * (q - 1) / 2 + p;
    }

    static Map<SubflowId, String> groups(List<Session> sessions) {
        Map<SubflowId, String> m = new HashMap<>();
        for (Session s : sessions) {
            for (Session.Member sf : s.subflows()) {
                m.put(sf.id(), s.id());
            }
        }
        return m;
    }

    static double ratio(long a, long b) {
        return b == 0 ? 1.0 : (double) a / b;
    }

    static Double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return null;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /**
     * The eval line: field names are the CLI's documented contract. {@code decisionDelays} are the
     * seconds from a pair's later subflow first sampled to the pair first grouped, sorted (the
     * time-to-correct CDF of the paper's Fig. 4.10); not in the line.
     */
    @JsonPropertyOrder({"pairs", "positive_pairs", "tp", "fp", "tn", "fn", "accuracy", "precision", "recall",
        "oracle_recall", "recall_of_oracle", "frames", "sampled_frames", "seconds", "decision_p50_s",
        "decision_p90_s", "decision_p99_s", "truth_sessions"})
    public record Report(
            long pairs,
            @JsonProperty("positive_pairs") long positivePairs,
            long tp, long fp, long tn, long fn,
            double accuracy, double precision, double recall,
            @JsonProperty("oracle_recall") double oracleRecall,
            @JsonProperty("recall_of_oracle") double recallOfOracle,
            long frames,
            @JsonProperty("sampled_frames") long sampledFrames,
            double seconds,
            @JsonProperty("decision_p50_s") Double decisionP50,
            @JsonProperty("decision_p90_s") Double decisionP90,
            @JsonProperty("decision_p99_s") Double decisionP99,
            @JsonProperty("truth_sessions") int truthSessions,
            @JsonIgnore List<Double> decisionDelays) {

        /** The same scores, timed by a run that includes computing them. */
        public Report withSeconds(double wholeRun) {
            return new Report(pairs, positivePairs, tp, fp, tn, fn, accuracy, precision, recall, oracleRecall,
                    recallOfOracle, frames, sampledFrames, wholeRun, decisionP50, decisionP90, decisionP99,
                    truthSessions, decisionDelays);
        }
    }
}
