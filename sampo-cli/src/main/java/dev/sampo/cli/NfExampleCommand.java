package dev.sampo.cli;

import dev.sampo.directory.DirectoryConfig;
import dev.sampo.nf.PacketCountingNf;
import dev.sampo.sflow.CollectorConfig;
import dev.sampo.wire.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "nf-example", mixinStandardHelpOptions = true,
        description = {"An example network function on the session directory (sampo-nf): reads sampo.packets and",
            "counts, per MPTCP session, the packets it sees; prints the busiest sessions every --every seconds",
            "and each session's total when it ends. Run it next to ./sampo up."})
final class NfExampleCommand implements Callable<Integer> {
    @Option(names = "--kafka", required = true, paramLabel = "HOST:PORT", description = "The Kafka bootstrap server.")
    String kafka;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = Topics.PACKETS,
            description = "The packets to count (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--from-beginning", description = "Count the topic's packets from its start, not from now on.")
    boolean fromBeginning;

    @Option(names = "--every", paramLabel = "SECONDS", defaultValue = "5",
            description = "Report interval (default: ${DEFAULT-VALUE}).")
    double everySeconds;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Sessions per report, busiest first (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--max-subflows", paramLabel = "N", defaultValue = "100000",
            description = "Most subflows counted at once; more are refused and counted (default: ${DEFAULT-VALUE}).")
    int maxSubflows;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this long, with a last report (default: run until Ctrl-C).")
    double durationSeconds;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A session directory setting, e.g. max.sessions=50000 (repeatable; README lists every key).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (maxSubflows < 1 || top < 0 || everySeconds <= 0) {
            throw new IllegalArgumentException("--max-subflows must be ≥ 1, --top ≥ 0 and --every > 0");
        }
        String bootstrap = Sinks.bootstrap(CollectorConfig.parseAddress(kafka, "localhost"));
        Map<String, Object> directory = new HashMap<>(settings);
        directory.put(DirectoryConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        DirectoryConfig config = new DirectoryConfig(directory);
        try (PacketCountingNf nf = new PacketCountingNf(config, bootstrap, topic, fromBeginning, maxSubflows,
                System.out)) {
            System.err.printf("sampo nf-example: counting %s at %s per session%n", topic, bootstrap);
            PollLoop.run("sampo-nf-example", durationSeconds, everySeconds, () -> nf.poll(Duration.ofMillis(200)),
                    () -> nf.report(top));
        }
        return 0;
    }
}
