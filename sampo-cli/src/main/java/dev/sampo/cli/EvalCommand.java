package dev.sampo.cli;

import dev.sampo.association.AssociationConfig;
import dev.sampo.eval.Evaluation;
import dev.sampo.eval.Truth;
import dev.sampo.plot.EvaluationPlots;
import dev.sampo.sampling.Sampler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Mixin
    SourceOptions source;

    @Mixin
    AssociationOptions options;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        Evaluation.Report r = evaluate(scored.file, Truth.read(scored.truthFile), source.input.kind, source.sample.sampler(),
                options.config(), start, spec.commandLine().getErr());
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
        Evaluation eval = new Evaluation(truth);
        FileRun run = FileRun.run(file, input, sampler, config, eval::observe);
        String problems = run.problems();
        if (!problems.isEmpty()) {
            err.println("sampo eval: " + problems);
        }
        Evaluation.Report scored = eval.report(run.result(), run.outcome().firstSampled(), run.frames(),
                run.sampledFrames(), 0);
        return scored.withSeconds((System.nanoTime() - startNanos) / 1e9); // the whole run, scoring included
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format("%.2f", v);
    }
}
