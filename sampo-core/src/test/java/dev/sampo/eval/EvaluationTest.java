package dev.sampo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationDelta;
import dev.sampo.association.AssociationResult;
import dev.sampo.association.PairDecision;
import dev.sampo.association.Session;
import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Counting pairs per contingency cell scores exactly what visiting every pair scored. */
class EvaluationTest {

    /**
     * Random truths (sessions of 1–6 subflows, a subflow listed twice now and then) against random
     * periodic groupings that split and merge truth sessions and hold subflows the truth lacks.
     */
    @Test
    void scoresWhatVisitingEveryPairScores() {
        Random random = new Random(14);
        long falsePositives = 0;
        long delays = 0;
        for (int round = 0; round < 200; round++) {
            List<SubflowId> universe = new ArrayList<>();
            for (int i = 0; i < 2 + random.nextInt(60); i++) {
                universe.add(SubflowId.of(IpAddress.ofV4(0x0A00_0000 | i), 1000 + i, IpAddress.ofV4(0x0A01_0001), 80));
            }
            Truth truth = randomTruth(universe.subList(0, universe.size() * 4 / 5), random);
            Evaluation counted = new Evaluation(truth);
            PairVisitingEvaluation visited = new PairVisitingEvaluation(truth);
            Map<SubflowId, Long> firstSampled = new HashMap<>();
            for (SubflowId id : universe) {
                if (random.nextInt(5) > 0) {
                    firstSampled.put(id, random.nextLong(5_000_000));
                }
            }
            AssociationResult result = new AssociationResult(0, List.of(), List.of(), List.of());
            for (int period = 1; period <= 5; period++) {
                AssociationResult previous = result;
                result = randomGrouping(universe, previous, period * 1_000_000L, random);
                counted.observe(delta(previous, result));
                visited.observe(result);
            }
            Evaluation.Report expected = visited.report(result, firstSampled, 7, 3, 0.5);
            assertEquals(expected, counted.report(result, firstSampled, 7, 3, 0.5), "round " + round);
            falsePositives += expected.fp();
            delays += expected.decisionP50() == null ? 0 : 1;
        }
        assertTrue(falsePositives > 0 && delays > 0, "the rounds exercise false merges and decision times");
    }

    /** What changed from one grouping to the next, as the engine reports a period: sessions not as they were. */
    private static AssociationDelta delta(AssociationResult previous, AssociationResult current) {
        Set<Session> before = new HashSet<>(previous.sessions());
        List<Session> changed = current.sessions().stream().filter(s -> !before.contains(s)).toList();
        return new AssociationDelta(current.atMicros(), changed, List.of(), List.of(), List.of(), List.of());
    }

    private static Truth randomTruth(List<SubflowId> subflows, Random random) {
        List<List<SubflowId>> sessions = new ArrayList<>();
        for (int i = 0; i < subflows.size(); ) {
            int size = Math.min(1 + random.nextInt(6), subflows.size() - i);
            List<SubflowId> session = new ArrayList<>(subflows.subList(i, i + size));
            if (random.nextInt(10) == 0) {
                session.add(subflows.get(random.nextInt(subflows.size())));
            }
            sessions.add(session);
            i += size;
        }
        return new Truth(sessions);
    }

    /**
     * Half of the previous period's sessions kept as they were, and found sessions of consecutive
     * runs of the rest of a shuffled universe, some subflows left out.
     */
    private static AssociationResult randomGrouping(List<SubflowId> universe, AssociationResult previous, long at,
                                                    Random random) {
        List<Session> sessions = new ArrayList<>();
        Set<SubflowId> kept = new HashSet<>();
        for (Session s : previous.sessions()) {
            if (random.nextBoolean()) {
                sessions.add(s);
                s.subflows().forEach(m -> kept.add(m.id()));
            }
        }
        List<SubflowId> order = new ArrayList<>(universe);
        order.removeAll(kept);
        Collections.shuffle(order, random);
        if (random.nextBoolean()) {
            order.sort(null); // sorted runs keep truth sessions together
        }
        for (int i = 0; i < order.size(); ) {
            int size = Math.min(1 + random.nextInt(8), order.size() - i);
            List<Session.Member> members = new ArrayList<>();
            for (SubflowId id : order.subList(i, i + size)) {
                if (random.nextInt(8) > 0) {
                    members.add(new Session.Member(id, 1, 0));
                }
            }
            if (!members.isEmpty()) {
                sessions.add(new Session(Session.idOf(members.get(0).id()), null, members, 1.0, null, 0, 0));
            }
            i += size;
        }
        return new AssociationResult(at, sessions, List.of(), List.of());
    }

    /**
     * The scorer as it was: every pair of truth subflows, every period. The reference only; it
     * shares the grouping, ratio and percentile helpers with {@link Evaluation}.
     */
    private static final class PairVisitingEvaluation {
        private final Truth truth;
        private final List<SubflowId> subflows;
        private final Map<SubflowId, Integer> sessionOf;
        private final Map<Long, Long> firstGrouped = new HashMap<>();

        PairVisitingEvaluation(Truth truth) {
            this.truth = truth;
            this.sessionOf = truth.sessionOf();
            this.subflows = new ArrayList<>(sessionOf.keySet());
        }

        void observe(AssociationResult r) {
            Map<SubflowId, String> group = Evaluation.groups(r.sessions());
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

        Evaluation.Report report(AssociationResult fin, Map<SubflowId, Long> firstSampled, long frames,
                                 long sampledFrames, double seconds) {
            Map<SubflowId, String> group = Evaluation.groups(fin.sessions());
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
            double[] d = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Evaluation.Report(pairs, positives, tp, fp, tn, fn, Evaluation.ratio(tp + tn, pairs),
                    Evaluation.ratio(tp, tp + fp), Evaluation.ratio(tp, positives), Evaluation.ratio(oracle, positives),
                    oracle == 0 ? 1.0 : Evaluation.ratio(tp, oracle), frames, sampledFrames, seconds,
                    Evaluation.percentile(d, 0.5), Evaluation.percentile(d, 0.9), Evaluation.percentile(d, 0.99),
                    truth.sessions().size(), Arrays.stream(d).boxed().toList());
        }
    }

    @Test
    void calibrationBinsDecidedPairsByPhiAgainstTheTruth() {
        SubflowId[] s = new SubflowId[5];
        for (int i = 0; i < s.length; i++) {
            s[i] = SubflowId.of(IpAddress.ofV4(0x0A00_0000 | i), 1000 + i, IpAddress.ofV4(0x0A01_0001), 80);
        }
        Evaluation truth = new Evaluation(new Truth(List.of(List.of(s[0], s[1], s[2]), List.of(s[3]))));
        List<PairDecision> pairs = List.of(
                decision(s[0], s[1], 1.0), decision(s[1], s[2], 0.99995), decision(s[0], s[3], 0.99995),
                decision(s[2], s[3], 0.2), decision(s[0], s[4], 0.995)); // s[4] is not in the truth
        List<Calibration.Bin> bins = Calibration.of(new AssociationResult(0, List.of(), pairs, List.of()), truth).bins();
        assertEquals(new Calibration.Bin(0, 0.5, 1, 0), bins.get(0));
        assertEquals(new Calibration.Bin(0.99, 0.999, 0, 0), bins.get(3));
        assertEquals(new Calibration.Bin(0.9999, 1.0, 3, 2), bins.get(5));
        assertEquals(2.0 / 3, bins.get(5).precision(), 1e-12);
    }

    private static PairDecision decision(SubflowId a, SubflowId b, double phi) {
        return new PairDecision(a, b, PairDecision.Verdict.UNDECIDED, phi, 0, dev.sampo.association.Evidence.DSN, 32, false);
    }
}
