package dev.sampo.eval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sampo.association.AssociationResult;
import dev.sampo.association.Session;
import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pair metrics against ground truth, as in the paper: the universe is every pair of truth
 * subflows; a pair is predicted "same" when both subflows end in one session. Also tracks, over
 * the periodic results, when each same-session pair was first grouped (the paper's Fig. 4.10).
 */
public final class Evaluation {
    private final Truth truth;
    private final List<SubflowId> subflows;
    private final Map<SubflowId, Integer> sessionOf;
    /** First period end (µs) at which each positive pair (i, j) was grouped, keyed i * n + j. */
    private final Map<Long, Long> firstGrouped = new HashMap<>();

    public Evaluation(Truth truth) {
        this.truth = truth;
        this.sessionOf = truth.sessionOf();
        this.subflows = new ArrayList<>(sessionOf.keySet());
    }

    /** Call with every periodic result, in time order. */
    public void observe(AssociationResult r) {
        Map<SubflowId, String> group = groups(r);
        int n = subflows.size();
        for (int i = 0; i < n; i++) {
            String gi = group.get(subflows.get(i));
            if (gi == null) {
                continue;
            }
            for (int j = i + 1; j < n; j++) {
                if (sessionOf.get(subflows.get(i)).equals(sessionOf.get(subflows.get(j)))
                        && gi.equals(group.get(subflows.get(j)))) {
                    firstGrouped.putIfAbsent((long) i * n + j, r.atMicros());
                }
            }
        }
    }

    /**
     * @param firstSampled when each subflow's first sampled MPTCP packet was seen
     */
    public Report report(AssociationResult fin, Map<SubflowId, Long> firstSampled, long frames, long sampledFrames,
                         double seconds) {
        Map<SubflowId, String> group = groups(fin);
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        long oracle = 0;
        List<Double> delays = new ArrayList<>();
        int n = subflows.size();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                SubflowId a = subflows.get(i);
                SubflowId b = subflows.get(j);
                boolean same = sessionOf.get(a).equals(sessionOf.get(b));
                String ga = group.get(a);
                boolean predicted = ga != null && ga.equals(group.get(b));
                if (same && predicted) {
                    tp++;
                } else if (same) {
                    fn++;
                } else if (predicted) {
                    fp++;
                } else {
                    tn++;
                }
                if (same && firstSampled.containsKey(a) && firstSampled.containsKey(b)) {
                    oracle++;
                    Long at = firstGrouped.get((long) i * n + j);
                    if (predicted && at != null) {
                        long start = Math.max(firstSampled.get(a), firstSampled.get(b));
                        delays.add(Math.max(0, at - start) / 1e6);
                    }
                }
            }
        }
        long pairs = tp + fp + tn + fn;
        long positives = tp + fn;
        double recall = ratio(tp, positives);
        double oracleRecall = ratio(oracle, positives);
        double[] d = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Report(pairs, positives, tp, fp, tn, fn, ratio(tp + tn, pairs), ratio(tp, tp + fp), recall,
                oracleRecall, oracle == 0 ? 1.0 : ratio(tp, oracle), frames, sampledFrames, seconds,
                percentile(d, 0.5), percentile(d, 0.9), percentile(d, 0.99), truth.sessions().size(),
                Arrays.stream(d).boxed().toList());
    }

    private static Map<SubflowId, String> groups(AssociationResult r) {
        Map<SubflowId, String> m = new HashMap<>();
        for (Session s : r.sessions()) {
            for (Session.Member sf : s.subflows()) {
                m.put(sf.id(), s.id());
            }
        }
        return m;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 1.0 : (double) a / b;
    }

    private static Double percentile(double[] sorted, double q) {
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
    }
}
