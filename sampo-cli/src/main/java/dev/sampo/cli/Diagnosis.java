package dev.sampo.cli;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationResult;
import dev.sampo.association.MissCause;
import dev.sampo.association.MissedPairs;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.eval.Calibration;
import dev.sampo.eval.Evaluation;
import dev.sampo.flow.SubflowId;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The tables {@code eval --misses} and {@code eval --calibration} print. */
final class Diagnosis {
    private Diagnosis() {
    }

    /** Missed same-session pairs by {@link MissCause}, then one line per pair. */
    static void printMisses(PrintWriter out, Evaluation eval, FileRun run, Map<SubflowId, Long> sampled,
                            AssociationConfig config) {
        MissedPairs diagnosis = new MissedPairs(config);
        Map<MissCause, Integer> counts = new EnumMap<>(MissCause.class);
        List<String> lines = new ArrayList<>();
        for (Evaluation.TruthPair p : eval.missedPairs(run.result(), sampled)) {
            SubflowEvidence a = run.engine().evidence(p.a());
            SubflowEvidence b = run.engine().evidence(p.b());
            MissCause cause = a == null || b == null ? MissCause.NO_DSN_EVIDENCE : diagnosis.cause(a, b);
            counts.merge(cause, 1, Integer::sum);
            lines.add(cause.name() + " " + (a == null || b == null ? p.a() + " " + p.b() : diagnosis.describe(a, b)));
        }
        out.printf("%-22s %d%n", "missed pairs", lines.size());
        for (MissCause c : MissCause.values()) {
            out.printf("  %-34s %d%n", c.label(), counts.getOrDefault(c, 0));
        }
        lines.forEach(l -> out.println("  miss " + l));
        printSessionEvidence(out, eval, run, sampled, diagnosis);
    }

    /**
     * Per subflow the grouping left out of its session's largest found group: its evidence in
     * bits against the union of that group's tracks (what session-level judging sees), against
     * the union of every sibling found apart from it (the most it could see), and against the
     * best single one of those.
     */
    private static void printSessionEvidence(PrintWriter out, Evaluation eval, FileRun run, Map<SubflowId, Long> sampled,
                                             MissedPairs diagnosis) {
        Map<SubflowId, String> foundIn = new HashMap<>();
        run.result().sessions().forEach(s -> s.subflows().forEach(m -> foundIn.put(m.id(), s.id())));
        List<List<SubflowId>> truth = new ArrayList<>();
        for (SubflowId id : new TreeSet<>(sampled.keySet())) {
            if (run.engine().evidence(id) == null) {
                continue;
            }
            List<SubflowId> session = truth.stream().filter(t -> eval.sameSession(t.get(0), id)).findFirst().orElse(null);
            if (session == null) {
                truth.add(session = new ArrayList<>());
            }
            session.add(id);
        }
        int judged = 0;
        int byGroup = 0;
        int byAll = 0;
        int bySibling = 0;
        List<String> lines = new ArrayList<>();
        for (List<SubflowId> session : truth) {
            Map<String, List<SubflowId>> parts = new TreeMap<>();
            session.forEach(id -> parts.computeIfAbsent(foundIn.getOrDefault(id, id.toString()), k -> new ArrayList<>()).add(id));
            List<SubflowId> main = parts.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow();
            for (List<SubflowId> part : parts.values()) {
                Double bits = part == main ? null : diagnosis.groupBits(evidence(run, part), evidence(run, main));
                if (bits != null) {
                    lines.add(String.format(Locale.ROOT, "  group-bits %d subflows against %d: %.1f", part.size(),
                            main.size(), bits));
                }
            }
            for (SubflowId id : session) {
                if (main.contains(id)) {
                    continue;
                }
                SubflowEvidence x = run.engine().evidence(id);
                MissedPairs.EvidenceBits group = diagnosis.bits(x, evidence(run, main));
                String own = foundIn.getOrDefault(id, id.toString());
                MissedPairs.EvidenceBits all = diagnosis.bits(x, evidence(run, session.stream()
                        .filter(o -> !foundIn.getOrDefault(o, o.toString()).equals(own)).toList()));
                if (group == null || all == null) {
                    continue;
                }
                judged++;
                byGroup += group.session() >= group.needed() ? 1 : 0;
                byAll += all.session() >= all.needed() ? 1 : 0;
                bySibling += all.bestSibling() >= all.needed() ? 1 : 0;
                lines.add(String.format(Locale.ROOT,
                        "  bits %s group=%.1f (%d) apart=%.1f best-sibling=%.1f needed=%.1f boxes=%d+%d",
                        id, group.session(), main.size(), all.session(), all.bestSibling(), all.needed(),
                        all.boxes()[0], all.boxes()[1]));
            }
        }
        out.printf("%-22s %d with DSN evidence; enough bits against their largest group %d, against all siblings apart from it %d, "
                + "against the best sibling %d%n", "subflows left out", judged, byGroup, byAll, bySibling);
        lines.forEach(out::println);
    }

    private static List<SubflowEvidence> evidence(FileRun run, List<SubflowId> ids) {
        return ids.stream().map(run.engine()::evidence).toList();
    }

    static void printCalibration(PrintWriter out, Evaluation eval, AssociationResult result) {
        out.printf("%-22s %-8s %-8s %s%n", "Φ bin", "pairs", "same", "precision");
        for (Calibration.Bin b : Calibration.of(result, eval).bins()) {
            out.printf("  [%.4f, %.4f%s  %-8d %-8d %s%n", b.from(), b.to(), b.to() == 1.0 ? "]" : ")", b.pairs(), b.same(),
                    b.pairs() == 0 ? "-" : String.format("%.4f", b.precision()));
        }
    }
}
