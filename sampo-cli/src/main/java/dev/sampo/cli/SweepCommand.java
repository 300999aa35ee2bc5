package dev.sampo.cli;

import dev.sampo.association.AssociationConfig;
import dev.sampo.eval.Evaluation;
import dev.sampo.eval.Truth;
import dev.sampo.plot.EvaluationPlots;
import dev.sampo.sampling.Sampler;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Accuracy, precision and recall across count-sampling rates (the paper's Fig. 4.7).",
            "Prints a table, then the same figures as CSV (or writes the CSV to --csv); --plot draws them.",
            "Each rate of --rates is one run at count:N; there is no --sample."})
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CaptureWithTruth scored;

    @Option(names = "--rates", split = ",", defaultValue = "10,50,100,200,400,800", paramLabel = "N[,N…]",
            hideParamSyntax = true, description = "1-in-N count sampling rates (default: ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the CSV here instead of after the table.")
    Path csv;

    @Option(names = "--plot", paramLabel = "FILE.png|FILE.svg",
            description = "Also draw precision, recall and oracle recall against the sampling rate here.")
    Path plot;

    @Mixin
    InputOption input;

    @Mixin
    AssociationOptions options;

    @Override
    public Integer call() throws Exception {
        Truth truth = Truth.read(scored.truthFile);
        AssociationConfig config = options.config();
        PrintWriter out = spec.commandLine().getOut();
        List<String> rows = new ArrayList<>();
        List<EvaluationPlots.SweepPoint> points = new ArrayList<>();
        rows.add("rate,accuracy,precision,recall,oracle_recall,recall_of_oracle,tp,fp,fn,sampled_frames,seconds");
        out.printf("%6s  %8s  %9s  %7s  %13s  %16s  %5s  %4s  %4s%n", "1-in-N", "accuracy", "precision", "recall",
                "oracle recall", "recall of oracle", "tp", "fp", "fn");
        for (int rate : rates) {
            Evaluation.Report r = EvalCommand.evaluate(scored.file, truth, input.kind, Sampler.parse("count:" + rate), config,
                    System.nanoTime(), spec.commandLine().getErr());
            out.printf("%6d  %8.4f  %9.4f  %7.4f  %13.4f  %16.4f  %5d  %4d  %4d%n", rate, r.accuracy(), r.precision(),
                    r.recall(), r.oracleRecall(), r.recallOfOracle(), r.tp(), r.fp(), r.fn());
            rows.add(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%d,%d,%d,%d,%.3f", rate, r.accuracy(),
                    r.precision(), r.recall(), r.oracleRecall(), r.recallOfOracle(), r.tp(), r.fp(), r.fn(),
                    r.sampledFrames(), r.seconds()));
            points.add(new EvaluationPlots.SweepPoint(rate, r.precision(), r.recall(), r.oracleRecall()));
        }
        if (csv != null) {
            Files.write(csv, rows);
            out.println("CSV written to " + csv);
        } else {
            out.println();
            rows.forEach(out::println);
        }
        if (plot != null) {
            EvaluationPlots.sweep(points, "Pair accuracy against count sampling: " + EvaluationPlots.captureName(scored.file), plot);
            out.println("plot written to " + plot);
        }
        return 0;
    }
}
