package dev.sampo.cli;

import com.fasterxml.jackson.databind.SequenceWriter;
import dev.sampo.association.Conflict;
import dev.sampo.association.Session;
import dev.sampo.wire.SessionRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Group the MPTCP subflows of a capture into sessions (token and DSN evidence).",
            "Prints a table of the sessions of two or more subflows (--include-single: every subflow).",
            "jsonl: one session per line: session, token, subflows [{a, b}], confidence (weakest link Φ), evidence."})
final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", converter = ReadableFile.class,
            description = "A pcap or pcapng capture, optionally gzip'd (see --input).")
    Path file;

    @Mixin
    SourceOptions source;

    @Mixin
    AssociationOptions options;

    @Option(names = "--format", paramLabel = "table|jsonl", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--include-single",
            description = "Also print the subflows associated with no other, each as a session of its own.")
    boolean includeSingle;

    enum Format { table, jsonl }

    @Override
    public Integer call() throws Exception {
        FileRun run = FileRun.run(file, source.input.kind, source.sample.sampler(), options.config(), r -> { });
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var sessions = run.result().sessions().stream()
                .filter(s -> includeSingle || s.subflows().size() > 1)
                .collect(Collectors.toList());
        if (format == Format.jsonl) {
            try (SequenceWriter w = Json.MAPPER.writer().withRootValueSeparator("\n").writeValues(out)) {
                for (Session s : sessions) {
                    w.write(SessionRecord.of(s));
                }
            }
            if (!sessions.isEmpty()) {
                out.println();
            }
        } else {
            printTable(out, sessions);
        }
        out.flush();
        for (Conflict c : run.result().conflicts()) {
            err.printf("sampo analyze: conflict in session %s: %s and %s (%s, Φ_D=%.3f)%n",
                    c.session(), c.a(), c.b(), c.reason(), c.phiDistinct());
        }
        String problems = run.problems();
        if (!problems.isEmpty()) {
            err.println("sampo analyze: " + problems);
        }
        return 0;
    }

    static void printTable(PrintWriter out, java.util.List<Session> sessions) {
        out.printf("%-16s  %-8s  %-9s  %-10s  %s%n", "SESSION", "TOKEN", "EVIDENCE", "CONFIDENCE", "SUBFLOWS");
        for (Session s : sessions) {
            String first = s.subflows().get(0).id().toString();
            out.printf("%-16s  %-8s  %-9s  %-10.6f  %s%n", s.id(), s.token() == null ? "-" : s.token(),
                    s.evidence(), s.confidence(), first);
            for (int i = 1; i < s.subflows().size(); i++) {
                out.printf("%-16s  %-8s  %-9s  %-10s  %s%n", "", "", "", "", s.subflows().get(i).id());
            }
        }
        out.printf("%d sessions, %d subflows%n", sessions.size(),
                sessions.stream().mapToInt(s -> s.subflows().size()).sum());
    }
}
