package dev.sampo.cli;

import dev.sampo.kafka.TopicSetup;
import dev.sampo.nf.DirectiveService;
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

@Command(name = "directive-service", mixinStandardHelpOptions = true,
        description = {"Turn IDS alerts into directives for every subflow of the alerted MPTCP session, streaming.",
            "Reads Suricata EVE JSON on " + Topics.IDS_ALERTS + " and writes " + Topics.DIRECTIVES + " for the",
            "session's subflows, and for subflows that join it while the decision lives; the grouping is the",
            "session directory's (sampo-nf). Run it next to ./sampo up. Counters on stderr every --every."})
final class DirectiveServiceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaBroker broker;

    @Option(names = "--from-beginning", description = "Read " + Topics.IDS_ALERTS + " from its start, not from now on.")
    boolean fromBeginning;

    @Mixin
    DirectivePolicyOptions policy;

    @Option(names = "--every", paramLabel = "DURATION", defaultValue = "10s",
            description = "Counter interval, e.g. 500ms, 10s (default: ${DEFAULT-VALUE}).")
    Duration every;

    @Mixin
    DirectoryServiceOptions options;

    @Override
    public Integer call() throws Exception {
        if (every.isZero() || every.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--every must be > 0");
        }
        String bootstrap = broker.bootstrap();
        TopicSetup.ensure(bootstrap, broker.client(), TopicSetup.DEFAULT_PARTITIONS);
        PrintWriter err = spec.commandLine().getErr();
        try (DirectiveService service = new DirectiveService(options.directory(bootstrap, broker.client()),
                broker.client().with(bootstrap, Map.of()),
                Topics.IDS_ALERTS, Topics.DIRECTIVES, fromBeginning, policy.policy(), err)) {
            err.printf("sampo directive-service: %s -> %s at %s%n", Topics.IDS_ALERTS, Topics.DIRECTIVES, bootstrap);
            PollLoop.run("sampo-directive-service", options.duration, every,
                    () -> service.poll(Duration.ofMillis(200)), () -> report(service, err));
        }
        return 0;
    }

    private static void report(DirectiveService service, PrintWriter err) {
        DirectiveService.Counters c = service.counters();
        err.printf("sampo directive-service: %d records, %d other events, %d malformed, %d directives sent; %s%n",
                c.records(), c.otherEvents(), c.malformed(), c.sent(), service.decisions().line());
        err.flush();
    }
}
