package dev.sampo.cli;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.AssociationResult;
import dev.sampo.association.Session;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSink;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Association in process, on the thread that delivers records: like {@code analyze} over a file,
 * association runs whenever record time crosses a period boundary, and each run prints one line;
 * closing runs it once more and prints the session table.
 */
final class EngineSink implements PacketSink {
    private final AssociationEngine engine;
    private final PrintWriter out;
    private final long period;
    private long nextBoundary = Long.MIN_VALUE;
    private long last;

    EngineSink(AssociationConfig config, PrintWriter out) {
        this.engine = new AssociationEngine(config);
        this.out = out;
        this.period = config.periodMicros();
    }

    @Override
    public void accept(PacketRecord record) {
        long t = record.tsMicros();
        if (nextBoundary == Long.MIN_VALUE) {
            nextBoundary = (Math.floorDiv(t, period) + 1) * period;
        }
        if (t >= nextBoundary) {
            report(engine.associate(nextBoundary));
            nextBoundary = (Math.floorDiv(t, period) + 1) * period;
        }
        engine.accept(record);
        last = Math.max(last, t);
    }

    private void report(AssociationResult r) {
        List<Session> multi = r.sessions().stream().filter(s -> s.subflows().size() > 1).toList();
        out.printf("association at %s: %d subflows live, %d sessions of 2+ subflows (%d subflows), %d conflicts%n",
                Instant.EPOCH.plus(r.atMicros(), ChronoUnit.MICROS), engine.subflowCount(), multi.size(),
                multi.stream().mapToInt(s -> s.subflows().size()).sum(), r.conflicts().size());
        out.flush();
    }

    @Override
    public void close() {
        if (nextBoundary == Long.MIN_VALUE) {
            out.println("no MPTCP records received");
            out.flush();
            return;
        }
        AssociationResult r = engine.associate(last);
        report(r);
        AnalyzeCommand.printTable(out, r.sessions().stream().filter(s -> s.subflows().size() > 1).toList());
        out.flush();
    }
}
