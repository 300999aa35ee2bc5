package dev.sampo.cli;

import dev.sampo.enforcement.RuleSettings;
import dev.sampo.wire.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "enforce", mixinStandardHelpOptions = true,
        description = {"Keep an Open vSwitch bridge's OpenFlow rules in step with " + Topics.STEERING + " and "
                + Topics.DIRECTIVES + ".",
            "Each steered subflow goes, both directions, to its NF instance's port; every subflow of a blocked",
            "session is dropped until the directive expires. Rules carry the enforcer's cookie; on start the bridge",
            "is reconciled with the topics. One JSON line per applied batch on stdout, counters on stderr."})
final class EnforceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--ovs", required = true, paramLabel = "BRIDGE",
            description = "The bridge: its name (socket in $OVS_RUNDIR, /var/run/openvswitch by default) or an "
                    + "ovs-ofctl target such as unix:PATH or tcp:HOST:PORT.")
    String bridge;

    @Mixin
    KafkaBroker broker;

    @Option(names = "--steering-topic", paramLabel = "NAME", defaultValue = Topics.STEERING,
            description = "The steering table (default: ${DEFAULT-VALUE}).")
    String steeringTopic;

    @Option(names = "--directives-topic", paramLabel = "NAME", defaultValue = Topics.DIRECTIVES,
            description = "The directives (default: ${DEFAULT-VALUE}).")
    String directivesTopic;

    @Option(names = "--port", paramLabel = "INSTANCE=PORT",
            description = "The bridge port (name or number) of an NF instance (repeatable); an instance not listed "
                    + "goes to the port named like it.")
    Map<String, String> ports = new LinkedHashMap<>();

    @Option(names = "--table", paramLabel = "N", defaultValue = "0",
            description = "The OpenFlow table of the rules (default: ${DEFAULT-VALUE}).")
    int table;

    @Option(names = "--priority", paramLabel = "P", defaultValue = "40000",
            description = "Priority of steering rules (default: ${DEFAULT-VALUE}).")
    int priority;

    @Option(names = "--drop-priority", paramLabel = "P", defaultValue = "40100",
            description = "Priority of drop rules, above steering (default: ${DEFAULT-VALUE}).")
    int dropPriority;

    @Option(names = "--cookie-tag", paramLabel = "HEX", defaultValue = "0x5a3e",
            description = "Top 16 bits of every rule's cookie: rules with another tag are never touched "
                    + "(default: ${DEFAULT-VALUE}).")
    String cookieTag;

    @Option(names = "--continue", paramLabel = "ACTIONS", defaultValue = "",
            description = "Actions after the output to the NF port, as dump-flows prints them, where the NF gets a "
                    + "copy and the switch forwards (the OVS lab: resubmit(,1)); default none.")
    String continueActions;

    @Option(names = "--resync", paramLabel = "DURATION", defaultValue = "30s",
            description = "Reconcile with the bridge at least this often, e.g. to put back a rule someone deleted "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration resync;

    @Option(names = "--retry", paramLabel = "DURATION", defaultValue = "1s",
            description = "Wait before retrying after the bridge was unreachable or refused a batch "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration retry;

    @Option(names = "--every", paramLabel = "DURATION", defaultValue = "10s",
            description = "Counter interval (default: ${DEFAULT-VALUE}).")
    Duration every;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "0",
            description = "Stop after this long (default: run until Ctrl-C).")
    Duration duration;

    @Override
    public Integer call() throws Exception {
        RuleSettings settings;
        try {
            settings = new RuleSettings(table, priority, dropPriority, Integer.decode(cookieTag), continueActions);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        for (Duration d : new Duration[] {resync, retry, every}) {
            if (d.isZero() || d.isNegative()) {
                throw new ParameterException(spec.commandLine(), "--resync, --retry and --every must be > 0");
            }
        }
        String bootstrap = broker.bootstrap();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OvsOfctl sw = new OvsOfctl(bridge, Duration.ofSeconds(10));
        Enforcer.Topics topics = new Enforcer.Topics(steeringTopic, directivesTopic);
        try (Enforcer enforcer = new Enforcer(bootstrap, broker.client(), topics, sw, ports, settings, resync, retry, out, err)) {
            err.printf("sampo enforce: %s and %s at %s -> %s%n", steeringTopic, directivesTopic, bootstrap, bridge);
            err.flush();
            PollLoop.run("sampo-enforce", duration, every, () -> enforcer.poll(Duration.ofMillis(200)),
                    () -> report(enforcer, err));
        }
        return 0;
    }

    private static void report(Enforcer enforcer, PrintWriter err) {
        Enforcer.Counters c = enforcer.counters();
        err.printf("sampo enforce: %d steered subflows, %d directives (%d records, %d malformed); %d rules planned, "
                        + "%d subflows skipped; %d batches applied (+%d -%d rules), %d refused; %d switch errors%n",
                enforcer.steered(), enforcer.directives(), c.records, c.malformed, c.rulesOnSwitch, c.skipped, c.batches,
                c.rulesAdded, c.rulesDeleted, c.refused, c.switchErrors);
        err.flush();
    }
}
