package dev.sampo.cli;

import com.fasterxml.jackson.databind.SequenceWriter;
import dev.sampo.association.AssociationConfig;
import dev.sampo.ids.ContentMatcher;
import dev.sampo.ids.IdsRun;
import dev.sampo.ids.Reassembler;
import dev.sampo.ids.RuleParser;
import dev.sampo.ids.RuleSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ids", mixinStandardHelpOptions = true,
        description = {"Match content rules on each MPTCP session's byte stream, reassembled by data sequence number "
                + "across its subflows, in a capture with full payload.",
            "One JSON object per alert: sid, rev, msg, action, session, subflows (the subflows the match spans), "
                + "direction, dsn (where the match starts), ts."})
final class IdsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CAPTURE", converter = ReadableFile.class, description = "A pcap or pcapng capture with payload, optionally gzip'd.")
    Path capture;

    @Option(names = "--rules", paramLabel = "RULES", required = true, converter = ReadableFile.class,
            description = "Suricata rules (alert|drop tcp header; msg, content, nocase, sid, rev). Rules with other "
                    + "keywords are reported on stderr and skipped.")
    Path rules;

    @Option(names = "--per-subflow",
            description = "Match each TCP connection's own stream instead, as a subflow-blind IDS does (dsn is then "
                    + "the subflow sequence number).")
    boolean perSubflow;

    @Option(names = "--window", paramLabel = "BYTES", defaultValue = "" + Reassembler.DEFAULT_WINDOW_BYTES,
            description = "Out-of-order bytes kept per stream direction before the oldest hole is given up "
                    + "(default: ${DEFAULT-VALUE}).")
    long windowBytes;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "120s",
            description = "Forget a stream (and a subflow whose session has none left) idle this long, in capture "
                    + "time, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Override
    public Integer call() throws Exception {
        if (windowBytes <= 0 || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--window and --idle-timeout must be > 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RuleSet set = RuleParser.read(rules);
        set.problems().forEach(p -> err.println("sampo ids: " + p));
        if (set.rules().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no usable rule in " + rules);
        }
        long[] alerts = {0};
        IdsRun.Outcome outcome;
        try (SequenceWriter w = Json.MAPPER.writer().withRootValueSeparator("\n").writeValues(out)) {
            outcome = IdsRun.run(capture, new ContentMatcher(set.rules()),
                    perSubflow ? Reassembler.Mode.PER_SUBFLOW : Reassembler.Mode.SESSION, windowBytes,
                    idleTimeout.toNanos() / 1_000, AssociationConfig.DEFAULTS, alert -> {
                        try {
                            w.write(alert);
                            alerts[0]++;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        if (alerts[0] > 0) {
            out.println();
        }
        out.flush();
        long uncaptured = outcome.reassembly().uncapturedBytes;
        if (uncaptured > 0) {
            err.printf("sampo ids: %d of %d payload bytes are not in the capture (a snaplen "
                    + "cut them): matching covered only what was captured%n", uncaptured, outcome.reassembly().payloadBytes);
        }
        err.printf("sampo ids: %d alerts, %d rules (%d skipped), %d frames, %d sessions; %s%s%n", alerts[0],
                set.rules().size(), set.problems().size(), outcome.frames(), outcome.sessions(),
                outcome.reassembly().line(), outcome.warnings().isEmpty() ? "" : "; " + outcome.warnings());
        return 0;
    }
}
