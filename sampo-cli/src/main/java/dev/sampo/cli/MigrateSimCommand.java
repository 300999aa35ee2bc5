package dev.sampo.cli;

import dev.sampo.migration.nf.NfKind;
import dev.sampo.migration.plan.MigrationProtocol;
import dev.sampo.migration.sim.MigrationSimulator;
import dev.sampo.migration.sim.Property;
import dev.sampo.migration.sim.SimReport;
import dev.sampo.migration.sim.SimSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(name = "migrate-sim", mixinStandardHelpOptions = true,
        description = {"Simulate session-atomic NF migration under one protocol, deterministically.",
            "Checks every property on the run: no loss, exactly-once processing, no return to the source, the ideal",
            "final state, bounded buffers, the session split, order, cohesive order and critical state, joins.",
            "Prints a table, then one JSON line. Exit code 3 when a property the protocol promises was violated."})
final class MigrateSimCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", required = true, paramLabel = "weak-o|sharp|reprocess|buffer",
            converter = ProtocolConverter.class,
            description = "buffer is OpenNF's loss-free move, buffering at the controller (the baseline).")
    MigrationProtocol protocol;

    @Option(names = "--nf", paramLabel = "counters|ids", converter = NfConverter.class,
            description = "Reference NF state: NAT-like counters, or an order-sensitive IDS stream (default: counters"
                    + " for weak-o, ids otherwise).")
    NfKind nf;

    @Option(names = "--sessions", paramLabel = "N", description = "Sessions, each migrated once (default 20).")
    Integer sessions;

    @Option(names = "--subflows", paramLabel = "N", description = "Subflows per session; the last joins mid-migration (default 4).")
    Integer subflows;

    @Option(names = "--rate", paramLabel = "PPS", description = "Packets per second per session, Poisson (default 100).")
    Double rate;

    @Option(names = "--duration-ms", paramLabel = "MS", description = "How long sessions send (default 2000).")
    Double durationMs;

    @Option(names = "--transfer-ms", paramLabel = "T", description = "State export, transfer and import time (default 20).")
    Double transferMs;

    @Option(names = "--reroute-ms", paramLabel = "MS", description = "Rule command to the switch applying it (default 5).")
    Double rerouteMs;

    @Option(names = "--reroute-jitter-ms", paramLabel = "MS", description = "Uniform extra per reroute (default 2).")
    Double rerouteJitterMs;

    @Option(names = "--src-delay-ms", paramLabel = "MS", description = "Switch to source instance (default 1).")
    Double srcDelayMs;

    @Option(names = "--dst-delay-ms", paramLabel = "MS", description = "Switch to destination instance (default 1).")
    Double dstDelayMs;

    @Option(names = "--control-delay-ms", paramLabel = "MS", description = "Controller to switch or instance (default 1).")
    Double controlDelayMs;

    @Option(names = "--peer-delay-ms", paramLabel = "MS", description = "Instance to instance (default 0.5).")
    Double peerDelayMs;

    @Option(names = "--handshake-gap-ms", paramLabel = "MS", description = "Spacing of handshake packets (default 10).")
    Double handshakeGapMs;

    @Option(names = "--guard-ms", paramLabel = "MS",
            description = "Weak-O's timer T; must exceed src-delay + peer-delay - dst-delay (default 5).")
    Double guardMs;

    @Option(names = "--buffer-limit", paramLabel = "N", description = "Bound on each buffer, in packets (default 10000).")
    Integer bufferLimit;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the workload and the jitter (default 1).")
    Long seed;

    @Override
    public Integer call() throws Exception {
        SimSettings settings = settings();
        SimReport report = MigrationSimulator.run(settings);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s, nf %s: %d sessions × %d subflows at %.0f pps, transfer %.1f ms, reroute %.1f ms (+%.1f), seed %d%n",
                protocol.cliName(), settings.nf().cliName(), settings.sessions(), settings.subflowsPerSession(),
                settings.ratePps(), settings.transferMs(), settings.rerouteMs(), settings.rerouteJitterMs(), settings.seed());
        out.printf("%d packets, %d migrations (p90 %.1f ms)%n", report.packets(), report.migrations(),
                report.p90MigrationMs());
        out.printf("%-18s %10s  %s%n", "property", "violations", "promised");
        for (Property p : Property.values()) {
            out.printf("%-18s %10d  %s%n", p.jsonName(), report.violations(p),
                    report.promised().contains(p.jsonName()) ? "yes" : "no");
        }
        out.printf("buffers: controller %d, NFs %d packets; p99 added latency %.2f ms; max split %.2f ms;"
                + " max reroute %.2f ms%n", report.maxControllerBuffer(), report.maxNfBuffer(),
                report.p99AddedLatencyMs(), report.maxSplitMs(), report.maxRerouteMs());
        out.println(Json.MAPPER.writeValueAsString(report));
        if (report.brokenPromises() > 0) {
            spec.commandLine().getErr().println("sampo migrate-sim: " + report.brokenPromises() + " violations of what "
                    + protocol.cliName() + " promises");
            return 3;
        }
        return 0;
    }

    private SimSettings settings() {
        SimSettings d = SimSettings.defaults(protocol);
        return new SimSettings(protocol, or(nf, d.nf()), or(sessions, d.sessions()),
                or(subflows, d.subflowsPerSession()), or(rate, d.ratePps()), or(durationMs, d.durationMs()),
                or(transferMs, d.transferMs()), or(rerouteMs, d.rerouteMs()), or(rerouteJitterMs, d.rerouteJitterMs()),
                or(srcDelayMs, d.srcDelayMs()), or(dstDelayMs, d.dstDelayMs()), or(controlDelayMs, d.controlDelayMs()),
                or(peerDelayMs, d.peerDelayMs()), or(handshakeGapMs, d.handshakeGapMs()), or(guardMs, d.weakOGuardMs()),
                or(bufferLimit, d.bufferLimit()), or(seed, d.seed()));
    }

    /** An option left out takes the simulator's own default, so the defaults live in one place. */
    private static <T> T or(T given, T fallback) {
        return given == null ? fallback : given;
    }

    /** A name the simulator does not know is a usage error that says which names it knows. */
    private abstract static class ByName<T> implements ITypeConverter<T> {
        private final Function<String, T> ofName;

        ByName(Function<String, T> ofName) {
            this.ofName = ofName;
        }

        @Override
        public T convert(String value) {
            try {
                return ofName.apply(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ProtocolConverter extends ByName<MigrationProtocol> {
        ProtocolConverter() {
            super(MigrationProtocol::ofName);
        }
    }

    static final class NfConverter extends ByName<NfKind> {
        NfConverter() {
            super(NfKind::ofName);
        }
    }
}
