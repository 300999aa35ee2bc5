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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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
    }

    static void printCalibration(PrintWriter out, Evaluation eval, AssociationResult result) {
        out.printf("%-22s %-8s %-8s %s%n", "Φ bin", "pairs", "same", "precision");
        for (Calibration.Bin b : Calibration.of(result, eval).bins()) {
            out.printf("  [%.4f, %.4f%s  %-8d %-8d %s%n", b.from(), b.to(), b.to() == 1.0 ? "]" : ")", b.pairs(), b.same(),
                    b.pairs() == 0 ? "-" : String.format("%.4f", b.precision()));
        }
    }
}
