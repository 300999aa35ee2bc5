package dev.sampo.cli;

import dev.sampo.association.AssociationResult;
import dev.sampo.eval.Evaluation;
import dev.sampo.eval.Truth;
import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.kafka.TopicView;
import dev.sampo.packet.PacketSource;
import dev.sampo.wire.SessionRecord;
import dev.sampo.wire.SubflowRecord;
import dev.sampo.wire.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Sampo end to end in one command, scored against the capture's kernel ground truth.",
            "Starts the stack of 'up' (embedded Kafka on a free port, Flink MiniCluster, the association job),",
            "replays the bundled capture sampled 1 in 100 into " + Topics.PACKETS + ", prints sessions as "
                    + Topics.SESSIONS,
            "forms them, then scores the " + Topics.SUBFLOWS + " table against the truth and says what the figures mean."})
final class DemoCommand implements Callable<Integer> {
    private static final Duration SETTLED = Duration.ofSeconds(4);
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @Spec
    CommandSpec spec;

    @Option(names = "--capture", paramLabel = "FILE", defaultValue = "${sys:sampo.root:-.}/samples/lab-small.pcap.gz",
            description = "Capture to replay (default: the bundled samples/lab-small.pcap.gz).")
    Path capture;

    @Option(names = "--truth", paramLabel = "TRUTH.json",
            defaultValue = "${sys:sampo.root:-.}/samples/lab-small.truth.json",
            description = "Its ground truth (default: samples/lab-small.truth.json).")
    Path truth;

    @Option(names = "--sample", paramLabel = "SPEC", defaultValue = "count:100", converter = SamplingSpec.Converter.class,
            description = "Sampling as in analyze: count:N, random:N[:seed], time:USEC or none (default: ${DEFAULT-VALUE}).")
    SamplingSpec sample;

    @Option(names = "--speed", paramLabel = "X|max", defaultValue = "1", converter = Speed.class,
            description = "Replay pace: X times the captured pace, or max (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "1",
            description = "Parallelism of the association job (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--home", paramLabel = "DIR", defaultValue = "sampo-demo",
            description = "State and logs (default: ${DEFAULT-VALUE}).")
    Path home;

    @Override
    public Integer call() throws Exception {
        Truth groundTruth = Truth.read(readable(truth));
        readable(capture);
        PrintWriter out = spec.commandLine().getOut();
        Logs.to(home);
        // A short quiet time closes the last period soon after the replay ends.
        Stack.Settings settings = new Stack.Settings(null, 0, parallelism, 0, null, home,
                Map.of("sampo.watermark.quiet", "1s"));
        try (Stack stack = Stack.start(settings, spec.commandLine().getErr())) {
            out.println(stack.readyLine());
            out.printf("replaying %s (%s, speed %s) into %s%n", capture, sample,
                    speed == Double.POSITIVE_INFINITY ? "max" : speed, Topics.PACKETS);
            out.flush();
            CompletableFuture<Replay> replay = CompletableFuture.supplyAsync(() -> replay(stack.bootstrap(), speed));
            try (TopicView sessions = new TopicView(stack.bootstrap(), Topics.SESSIONS);
                 TopicView subflows = new TopicView(stack.bootstrap(), Topics.SUBFLOWS)) {
                JobMetrics job = stack.jobMetrics();
                SessionPrinter printer = new SessionPrinter(out);
                long deadline = System.nanoTime() + LIMIT.toNanos();
                // Settled: the job has taken in every record, and its tables have not changed for a while since.
                long allIn = Long.MAX_VALUE;
                while (!(System.nanoTime() - allIn > SETTLED.toNanos() && sessions.unchangedFor().compareTo(SETTLED) > 0
                        && subflows.unchangedFor().compareTo(SETTLED) > 0)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the sessions did not settle within " + LIMIT.toSeconds() + " s");
                    }
                    sessions.poll(Duration.ofMillis(200), printer::changed);
                    subflows.poll(Duration.ofMillis(100));
                    if (allIn == Long.MAX_VALUE && replay.isDone() && job.recordsIn() >= replay.join().records()) {
                        allIn = System.nanoTime();
                    }
                }
                Replay r = replay.join();
                AssociationResult streamed = SubflowRecord.resultOf(0, subflows.table());
                Evaluation.Report report = new Evaluation(groundTruth).report(streamed, r.firstSampled(), 0,
                        r.records(), r.seconds());
                out.printf("%nreplayed %d records; sampo.subflows holds %d subflows in %d sessions (truth: %d)%n",
                        r.records(), subflows.table().size(), streamed.sessions().size(), report.truthSessions());
                out.printf("pairs %d (%d same-session): tp=%d fp=%d fn=%d%n", report.pairs(), report.positivePairs(),
                        report.tp(), report.fp(), report.fn());
                out.printf("precision %.4f  recall %.4f  oracle recall %.4f  recall of oracle %.4f%n",
                        report.precision(), report.recall(), report.oracleRecall(), report.recallOfOracle());
                out.println();
                new DemoVerdict(report, streamed, sample.toString()).print(out);
            }
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return 0;
    }

    /** The defaults name files of the repository: checked here rather than by a converter, so --help works anywhere. */
    private static Path readable(Path file) {
        return new ReadableFile().convert(file.toString());
    }

    private Replay replay(String bootstrap, double x) {
        try (PacketSource records = InputKind.pcap.open(capture, sample.sampler(), true);
             KafkaPacketSink sink = new KafkaPacketSink(bootstrap, Topics.PACKETS)) {
            return Replay.run(records, sink, x, null);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** Prints a session when its membership or evidence changes, and when it ends or merges. */
    private static final class SessionPrinter {
        private final PrintWriter out;
        private final Map<String, String> shown = new HashMap<>();

        SessionPrinter(PrintWriter out) {
            this.out = out;
        }

        void changed(String id, String value) {
            if (value == null) {
                if (shown.remove(id) != null) {
                    out.printf("- session %s ended or merged%n", id);
                    out.flush();
                }
                return;
            }
            try {
                SessionRecord s = SessionRecord.parse(value);
                StringBuilder members = new StringBuilder();
                for (SessionRecord.Member m : s.subflows()) {
                    members.append(members.length() == 0 ? "" : ", ").append(m.a()).append('-').append(m.b());
                }
                int size = s.subflows().size();
                String line = size == 1
                        ? "1 subflow, linked to no other (yet): " + members
                        : String.format("%d subflows linked by %s evidence, Φ=%.4f, token %s: %s", size,
                                s.evidence(), s.confidence(), s.token() == null ? "-" : s.token(), members);
                if (!line.equals(shown.put(id, line))) {
                    out.printf("+ session %s %s%n", id, line);
                    out.flush();
                }
            } catch (IllegalArgumentException e) {
                out.printf("? session %s: %s%n", id, e.getMessage());
            }
        }
    }
}
