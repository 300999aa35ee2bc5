package dev.sampo.cli;

import dev.sampo.directory.DirectoryConfig;
import dev.sampo.kafka.TopicSetup;
import dev.sampo.nf.DirectiveService;
import dev.sampo.sflow.CollectorConfig;
import dev.sampo.wire.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "directive-service", mixinStandardHelpOptions = true,
        description = {"IDS alerts (Suricata EVE JSON on ids.alerts) become sampo.directives for every subflow of the",
            "alerted MPTCP session, and for subflows that join it while the decision lives; the grouping is the",
            "session directory's (sampo-nf). Run it next to ./sampo up. Counters on stderr every --every seconds."})
final class DirectiveServiceCommand implements Callable<Integer> {
    @Option(names = "--kafka", required = true, paramLabel = "HOST:PORT", description = "The Kafka bootstrap server.")
    String kafka;

    @Option(names = "--from-beginning", description = "Read ids.alerts from its start, not from now on.")
    boolean fromBeginning;

    @Mixin
    DirectivePolicyOptions policy;

    @Option(names = "--every", paramLabel = "SECONDS", defaultValue = "10",
            description = "Counter interval (default: ${DEFAULT-VALUE}).")
    double everySeconds;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this long (default: run until Ctrl-C).")
    double durationSeconds;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A session directory setting, e.g. max.sessions=50000 (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (everySeconds <= 0) {
            throw new IllegalArgumentException("--every must be > 0");
        }
        String bootstrap = Sinks.bootstrap(CollectorConfig.parseAddress(kafka, "localhost"));
        TopicSetup.ensure(bootstrap, TopicSetup.DEFAULT_PARTITIONS);
        Map<String, Object> directory = new HashMap<>(settings);
        directory.put(DirectoryConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (DirectiveService service = new DirectiveService(new DirectoryConfig(directory), bootstrap,
                Topics.IDS_ALERTS, Topics.DIRECTIVES, fromBeginning, policy.policy(), System.err)) {
            System.err.printf("sampo directive-service: %s -> %s at %s%n", Topics.IDS_ALERTS, Topics.DIRECTIVES,
                    bootstrap);
            PollLoop.run("sampo-directive-service", durationSeconds, everySeconds,
                    () -> service.poll(Duration.ofMillis(200)), () -> report(service));
        }
        return 0;
    }

    private static void report(DirectiveService service) {
        DirectiveService.Counters c = service.counters();
        System.err.printf("sampo directive-service: %d records, %d other events, %d malformed, %d directives sent; %s%n",
                c.records(), c.otherEvents(), c.malformed(), c.sent(), service.decisions().line());
    }
}
