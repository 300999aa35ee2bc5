package dev.sampo.cli;

import dev.sampo.association.AssociationConfig;
import dev.sampo.eval.Evaluation;
import dev.sampo.flow.SubflowId;
import dev.sampo.eval.Truth;
import dev.sampo.plot.EvaluationPlots;
import dev.sampo.sampling.Sampler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Score association against kernel ground truth (truth.json), over every pair of truth subflows.",
            "Prints a table, then as its last line one JSON object: pairs, positive_pairs, tp, fp, tn, fn, accuracy,",
            "precision, recall, oracle_recall, recall_of_oracle, frames, sampled_frames, seconds,",
            "decision_p50/p90/p99_s, truth_sessions (sessions in the truth)."})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CaptureWithTruth scored;

    @Option(names = "--plot", paramLabel = "FILE.png|FILE.svg",
            description = "Also draw the CDF of the time to a correct grouping (per same-session pair) here.")
    Path plot;

    @Option(names = "--misses",
            description = "Also print why each same-session pair that the sample shows was missed: a table by cause, then one line per pair, "
                    + "then per subflow left out of its session's largest group its evidence in bits against the session and its best sibling.")
    boolean misses;

    @Option(names = "--calibration",
            description = "Also print a reliability table: the decided pairs by their Φ, against the share that are same-session.")
    boolean calibration;

    @Mixin
    SourceOptions source;

    @Mixin
    AssociationOptions options;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        AssociationConfig config = options.config();
        Scored s = score(scored.file, Truth.read(scored.truthFile), source.input.kind, source.sample.sampler(),
                config, start, spec.commandLine().getErr());
        Evaluation.Report r = s.report();
        out.printf("%-22s %s%n", "capture", scored.file);
        out.printf("%-22s %s, dsn bits %d, tokens %s%n", "sampling", source.sample, options.dsnBits,
                options.noToken ? "off" : "on");
        out.printf("%-22s %d of %d%n", "frames sampled", r.sampledFrames(), r.frames());
        out.printf("%-22s %d (%d same-session)%n", "subflow pairs", r.pairs(), r.positivePairs());
        out.printf("%-22s tp=%d fp=%d tn=%d fn=%d%n", "confusion", r.tp(), r.fp(), r.tn(), r.fn());
        out.printf("%-22s %.4f%n", "accuracy", r.accuracy());
        out.printf("%-22s %.4f%n", "precision", r.precision());
        out.printf("%-22s %.4f%n", "recall", r.recall());
        out.printf("%-22s %.4f (pairs with both subflows sampled)%n", "oracle recall", r.oracleRecall());
        out.printf("%-22s %.4f%n", "recall of oracle", r.recallOfOracle());
        out.printf("%-22s p50=%s p90=%s p99=%s%n", "time to decision (s)", fmt(r.decisionP50()),
                fmt(r.decisionP90()), fmt(r.decisionP99()));
        out.printf("%-22s %.3f%n", "seconds", r.seconds());
        if (misses) {
            Diagnosis.printMisses(out, s.eval(), s.run(), s.sampled(), config);
        }
        if (calibration) {
            Diagnosis.printCalibration(out, s.eval(), s.run().result());
        }
        out.println(Json.MAPPER.writeValueAsString(r));
        if (plot != null) {
            EvaluationPlots.timeToCorrectCdf(r.decisionDelays(), "Time to correct grouping: " + EvaluationPlots.captureName(scored.file)
                    + " (" + source.sample + ")", plot);
            spec.commandLine().getErr().println("plot written to " + plot);
        }
        return 0;
    }

    /** One association pass over {@code file}, scored; decode problems go to {@code err}. */
    static Evaluation.Report evaluate(Path file, Truth truth, InputKind input, Sampler sampler,
                                      AssociationConfig config, long startNanos, PrintWriter err) throws IOException {
        return score(file, truth, input, sampler, config, startNanos, err).report();
    }

    /** A scored pass, with what a diagnosis of it needs. */
    record Scored(Evaluation eval, FileRun run, Map<SubflowId, Long> sampled, Evaluation.Report report) {
    }

    /**
     * The subflows the oracle counts, with when each was first sampled: every subflow with a
     * sampled MPTCP packet, or without tokens only those with a sampled DSN or DATA_ACK (a subflow
     * with none cannot be placed from DSNs: the DSN-only oracle of docs/ASSOCIATION.md).
     */
    private static Map<SubflowId, Long> placeable(FileRun run, AssociationConfig config) {
        Map<SubflowId, Long> sampled = run.outcome().firstSampled();
        if (config.useTokens()) {
            return sampled;
        }
        Map<SubflowId, Long> withDsn = new HashMap<>();
        sampled.forEach((id, t) -> {
            if (run.engine().firstEvidence(id) >= 0) {
                withDsn.put(id, t);
            }
        });
        return withDsn;
    }

    private static Scored score(Path file, Truth truth, InputKind input, Sampler sampler,
                                AssociationConfig config, long startNanos, PrintWriter err) throws IOException {
        Evaluation eval = new Evaluation(truth);
        FileRun run = FileRun.run(file, input, sampler, config, eval::observe);
        String problems = run.problems();
        if (!problems.isEmpty()) {
            err.println("sampo eval: " + problems);
        }
        Map<SubflowId, Long> sampled = placeable(run, config);
        Evaluation.Report scored = eval.report(run.result(), sampled, run.frames(), run.sampledFrames(), 0);
        return new Scored(eval, run, sampled, scored.withSeconds((System.nanoTime() - startNanos) / 1e9)); // the whole run, scoring included
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format("%.2f", v);
    }
}
