package dev.sampo.cli;

import com.fasterxml.jackson.databind.SequenceWriter;
import dev.sampo.association.AssociationEngine;
import dev.sampo.ids.DirectiveBook;
import dev.sampo.ids.EveAlert;
import dev.sampo.ids.OfflineDirectives;
import dev.sampo.packet.PacketSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "directives", mixinStandardHelpOptions = true,
        description = {"Extend IDS alerts (Suricata EVE JSON) on single subflows to every subflow of their MPTCP "
                + "session, association run over the capture as analyze runs it, each alert applied at its time.",
            "One JSON object per directive (the sampo.directives value, docs/TOPICS.md): action, subflow, session, "
                + "token, sid, cause, confidence, evidence, trigger (alert|join), at_us, expires_us."})
final class DirectivesCommand implements Callable<Integer> {
    /** Bad EVE lines reported one by one; past this, only counted. */
    private static final int REPORTED_LINES = 20;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CAPTURE", converter = ReadableFile.class, description = "The capture the alerts are about (see --input).")
    Path capture;

    @Option(names = "--eve", paramLabel = "ALERTS.jsonl", required = true, converter = ReadableFile.class,
            description = "Suricata EVE JSON, one record per line; records other than alerts are ignored.")
    Path eve;

    @Mixin
    SourceOptions source;

    @Mixin
    AssociationOptions options;

    @Mixin
    DirectivePolicyOptions policy;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<EveAlert> alerts = readEve(err);
        DirectiveBook book = new DirectiveBook(policy.policy());
        long[] written = {0};
        try (SequenceWriter w = Json.MAPPER.writer().withRootValueSeparator("\n").writeValues(out);
             PacketSource packets = source.open(capture)) {
            OfflineDirectives.run(packets, new AssociationEngine(options.config()), alerts, book, d -> {
                try {
                    w.write(d);
                    written[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        if (written[0] > 0) {
            out.println();
        }
        out.flush();
        err.println("sampo directives: " + book.stats().line());
        return 0;
    }

    private List<EveAlert> readEve(PrintWriter err) throws IOException {
        List<EveAlert> alerts = new ArrayList<>();
        long bad = 0;
        long other = 0;
        int lineNumber = 0;
        try (BufferedReader r = Files.newBufferedReader(eve, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    EveAlert a = EveAlert.parse(line);
                    if (a == null) {
                        other++;
                    } else {
                        alerts.add(a);
                    }
                } catch (IllegalArgumentException e) {
                    if (++bad <= REPORTED_LINES) {
                        err.println("sampo directives: " + eve + ":" + lineNumber + ": " + e.getMessage()
                                + " (skipped)");
                    }
                }
            }
        }
        err.printf("sampo directives: %d alerts, %d other EVE records, %d bad lines skipped in %s%n",
                alerts.size(), other, bad, eve);
        return alerts;
    }
}
