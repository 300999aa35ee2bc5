package dev.sampo.cli;

import dev.sampo.migration.plan.MigrationProtocol;
import dev.sampo.nf.live.LiveConfig;
import dev.sampo.nf.live.LiveRun;
import dev.sampo.nf.live.LiveTopics;
import dev.sampo.nf.live.LiveVerdict;
import dev.sampo.nf.live.NfFleet;
import dev.sampo.nf.live.SteeringPoint;
import dev.sampo.stream.JobConfig;
import dev.sampo.wire.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "nf-run", mixinStandardHelpOptions = true,
        description = {"Session migration between live NF processes, end to end on a capture.",
            "Starts a broker and the association job (steering and migration planning on), NF instances as processes",
            "of their own, and a steering point that replays the capture at its pace times --speed, publishes it to",
            "the job and forwards each packet to its session's instance as sampo.steering says. --throttle drives one",
            "instance into overload; the job's plans move whole sessions and the protocol runs between the processes.",
            "Progress on stderr; a summary, then one JSON line: the run judged against a single-instance run over the",
            "same packets. Exit code 3 when a property the protocol promises was violated."})
final class NfRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", paramLabel = "weak-o|sharp|reprocess", defaultValue = "sharp",
            converter = MigrateSimCommand.ProtocolConverter.class,
            description = "How a session moves between the processes (default: ${DEFAULT-VALUE}).")
    MigrationProtocol protocol;

    @Option(names = "--capture", paramLabel = "FILE", defaultValue = "${sys:sampo.root:-.}/samples/lab-small.pcap.gz",
            description = "The capture to replay (default: the bundled lab capture).")
    Path capture;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "0.1",
            description = "Times the captured pace; below 1 stretches the capture so that association and planning"
                    + " act within sessions' lifetimes (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + Long.MAX_VALUE, showDefaultValue =
            CommandLine.Help.Visibility.NEVER, description = "Replay only the capture's first N MPTCP packets (default:"
                    + " all).")
    long limit;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "2",
            description = "NF instances nf-0 … nf-(N-1), each a process (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--capacity", paramLabel = "PPS", defaultValue = "1000",
            description = "Each instance's capacity, packets/s (default: ${DEFAULT-VALUE}).")
    double capacity;

    @Option(names = "--throttle", paramLabel = "INSTANCE:PPS@FRACTION", defaultValue = "nf-0:120@0.2",
            description = "Drops an instance's capacity once a fraction of the capture is replayed, driving it into"
                    + " overload; off for none (default: ${DEFAULT-VALUE}).")
    String throttle;

    @Option(names = "--kill-destination", description = "Kill the destination's process as the first handover starts"
            + " (what an abort looks like).")
    boolean killDestination;

    @Option(names = "--handover-timeout", paramLabel = "DURATION", defaultValue = "15s",
            description = "A handover whose source or destination sends no load report for this long is aborted,"
                    + " as is one whose process exits (default: ${DEFAULT-VALUE}).")
    Duration handoverTimeout;

    @Option(names = "--home", paramLabel = "DIR", defaultValue = "nf-run",
            description = "Broker data, checkpoints and logs (sampo.log, INSTANCE.log); recreated on every run"
                    + " (default: ${DEFAULT-VALUE}).")
    Path home;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A job setting (repeatable), e.g."
            + " sampo.migration.queue-threshold=10.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (instances < 2 || !(speed > 0) || !(capacity > 0) || limit < 1) {
            throw new ParameterException(spec.commandLine(), "--instances must be ≥ 2, --speed, --capacity and --limit"
                    + " > 0");
        }
        if (protocol == MigrationProtocol.CONTROLLER_BUFFER) {
            throw new ParameterException(spec.commandLine(), "--protocol buffer is the simulator's baseline (OpenNF's"
                    + " controller buffering); nf-run runs weak-o, sharp or reprocess");
        }
        Map<String, Double> capacities = new LinkedHashMap<>();
        for (int i = 0; i < instances; i++) {
            capacities.put("nf-" + i, capacity);
        }
        Throttle t = Throttle.parse(throttle, capacities.keySet(), spec);
        Logs.to(home);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> job = new HashMap<>();
        job.put("sampo.steering.instances", String.join(",", capacities.keySet()));
        job.put("sampo.migration.protocol", protocol.cliName());
        job.put("sampo.idle-timeout", "600s");
        job.putAll(settings);
        JobConfig.defaultsWith(job);
        try (Stack stack = Stack.start(new Stack.Settings(null, 0, 1, 0, null, home, job), err)) {
            Map<String, String> live = Map.of(LiveConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap(),
                    LiveConfig.HANDOVER_TIMEOUT_CONFIG, Long.toString(handoverTimeout.toMillis()));
            LiveConfig config = new LiveConfig(live);
            LiveTopics.create(config, capacities.keySet());
            SteeringPoint.Settings run = new SteeringPoint.Settings(capture, speed, limit, protocol, capacities, Topics.PACKETS,
                    Topics.STEERING, Topics.MIGRATIONS, t == null ? null : t.instance, t == null ? 0 : t.at,
                    t == null ? 0 : t.pps);
            SteeringPoint point = new SteeringPoint(config, run, err);
            LiveRun result;
            try (NfFleet fleet = NfFleet.start(capacities, live, home, point::died)) {
                AtomicBoolean killed = new AtomicBoolean();
                if (killDestination) {
                    point.onHandoverStart(to -> {
                        if (killed.compareAndSet(false, true)) {
                            err.println("nf-run: killing " + to + " (--kill-destination)");
                            fleet.kill(to);
                        }
                    });
                }
                point.awaitInstances(Duration.ofSeconds(60));
                err.println("nf-run: " + instances + " NF processes up; replaying " + capture + " at " + speed + "x");
                result = point.run(Duration.ofSeconds(30));
                LiveVerdict verdict = LiveVerdict.judge(config, result, protocol, Duration.ofSeconds(60));
                summary(verdict, out);
                out.println(Json.MAPPER.writeValueAsString(verdict));
                out.flush();
                return verdict.brokenPromises() == 0 ? 0 : 3;
            } finally {
                point.close();
            }
        }
    }

    private static void summary(LiveVerdict v, PrintWriter out) {
        out.printf(Locale.ROOT, "protocol %s, nf %s: %d packets in %d sessions; migrations %s; handovers %d completed,"
                + " %d aborted (longest %.1f ms, controller buffer at most %d); bad load reports %d; failed sends %d;"
                + " sessions lost with a dead instance %d%n",
                v.protocol()
                .cliName(), v.nf(), v.packets(), v.sessions(), v.migrations(), v.handoversCompleted(),
                v.handoversAborted(), v.maxHandoverMs(), v.maxControllerBuffer(), v.badLoadReports(), v.failedSends(),
                v.orphanedSessions());
        v.aborts().forEach(a -> out.println("aborted: " + a));
        v.violations().forEach((p, n) -> out.printf(Locale.ROOT, "%-18s %6d%s%n", p, n,
                v.promised().contains(p) ? "" : "  (not promised)"));
    }

    /** {@code INSTANCE:PPS@FRACTION}. */
    private record Throttle(String instance, double pps, double at) {
        static Throttle parse(String text, Set<String> instances, CommandSpec spec) {
            if (text.equals("off")) {
                return null;
            }
            try {
                String[] a = text.split("[:@]");
                Throttle t = new Throttle(a[0], Double.parseDouble(a[1]), Double.parseDouble(a[2]));
                if (a.length == 3 && instances.contains(t.instance) && t.pps > 0 && t.at >= 0 && t.at <= 1) {
                    return t;
                }
            } catch (RuntimeException e) {
                // reported below, with the expected form
            }
            throw new ParameterException(spec.commandLine(), "--throttle: INSTANCE:PPS@FRACTION with an instance of "
                    + instances + ", PPS > 0 and 0 ≤ FRACTION ≤ 1, or off; not " + text);
        }
    }
}
