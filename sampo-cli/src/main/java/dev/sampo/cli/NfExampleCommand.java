package dev.sampo.cli;

import dev.sampo.directory.DirectoryConfig;
import dev.sampo.kafka.TopicSetup;
import dev.sampo.nf.PacketCountingNf;
import dev.sampo.wire.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "nf-example", mixinStandardHelpOptions = true,
        description = {"An example network function on the session directory (sampo-nf), run next to ./sampo up.",
            "Reads " + Topics.PACKETS + " and counts, per MPTCP session, the packets it sees; prints the busiest",
            "sessions every --every and each session's total when it ends."})
final class NfExampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaBroker broker;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = Topics.PACKETS,
            description = "The packets to count (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--from-beginning", description = "Count the topic's packets from its start, not from now on.")
    boolean fromBeginning;

    @Option(names = "--every", paramLabel = "DURATION", defaultValue = "5s",
            description = "Report interval, e.g. 500ms, 10s (default: ${DEFAULT-VALUE}).")
    Duration every;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Sessions per report, busiest first (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--max-subflows", paramLabel = "N", defaultValue = "100000",
            description = "Most subflows counted at once; more are refused and counted (default: ${DEFAULT-VALUE}).")
    int maxSubflows;

    @Mixin
    DirectoryServiceOptions service;

    @Override
    public Integer call() throws Exception {
        if (maxSubflows < 1 || top < 0 || every.isZero() || every.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--max-subflows must be ≥ 1, --top ≥ 0 and --every > 0");
        }
        String bootstrap = broker.bootstrap();
        DirectoryConfig config = service.directory(bootstrap, broker.client());
        // A consumer would wait for a topic that does not exist, and name a wrong password only once it polls.
        if (!TopicSetup.topics(bootstrap, broker.client()).contains(topic)) {
            throw new IllegalArgumentException("topic " + topic + " does not exist at " + bootstrap);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (PacketCountingNf nf = new PacketCountingNf(config, broker.client().with(bootstrap, Map.of()), topic,
                fromBeginning, maxSubflows, out)) {
            spec.commandLine().getErr().printf("sampo nf-example: counting %s at %s per session%n", topic, bootstrap);
            PollLoop.run("sampo-nf-example", service.duration, every, () -> nf.poll(Duration.ofMillis(200)),
                    () -> nf.report(top));
            out.flush();
        }
        return 0;
    }
}
