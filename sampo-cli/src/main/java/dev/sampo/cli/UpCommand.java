package dev.sampo.cli;

import dev.sampo.dashboard.Dashboard;
import dev.sampo.dashboard.DashboardConfig;
import dev.sampo.kafka.KafkaClientConfig;
import dev.sampo.stream.JobConfig;
import dev.sampo.stream.JobOptions;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start Sampo on this machine: Kafka, the topics, the association job on Flink, the sFlow collector.",
            "The broker runs in process (KRaft) on localhost:9092 unless --kafka names one; the job runs on a local",
            "Flink MiniCluster with its web UI (--cluster: on a local session cluster of separate JobManager and",
            "TaskManager processes, the job jar submitted over REST). Prints 'sampo ready: ...' once it takes input, then a status line",
            "every --status-every seconds on stderr; Ctrl-C stops everything cleanly and prints the totals.",
            "Feed it with replay, sflow-replay, capture --kafka, or switches exporting sFlow."})
final class UpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--kafka", paramLabel = "embedded|HOST:PORT", defaultValue = "embedded",
            converter = Addresses.RemoteOrEmbedded.class,
            description = "The broker: embedded, or an external one (default: ${DEFAULT-VALUE}).")
    InetSocketAddress kafka;

    @Mixin
    KafkaClientOption kafkaClient;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port of the embedded broker; 0 for any free port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "1",
            description = "Parallelism of the association job (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--cluster",
            description = "Run the job as in production: flink-jobs' job jar, submitted over REST to a local session"
                    + " cluster of a JobManager and a TaskManager process (logs under HOME/cluster/log).")
    boolean cluster;

    @Option(names = "--web-ui-port", paramLabel = "PORT", defaultValue = "8081",
            description = "Port of the Flink web UI; 0 for any free port (default: ${DEFAULT-VALUE}).")
    int webUiPort;

    @Option(names = "--sflow", paramLabel = "HOST:PORT|off", defaultValue = "0.0.0.0:6343",
            converter = Addresses.ListenOrOff.class,
            description = "Where the sFlow collector listens, or off (default: ${DEFAULT-VALUE}).")
    InetSocketAddress sflow;

    @Option(names = "--dashboard", paramLabel = "HOST:PORT|off", defaultValue = "localhost:8080",
            converter = Addresses.ListenOrOff.class, description = "Where the web dashboard listens, or off; off loopback it requires a token, from"
                    + " SAMPO_DASHBOARD_TOKEN or generated (default: ${DEFAULT-VALUE}).")
    InetSocketAddress dashboard;

    @Option(names = "--home", paramLabel = "DIR", defaultValue = "sampo-up",
            description = "State and logs (sampo.log); one up at a time per home, and the broker's data under it is"
                    + " recreated on every start (default: ${DEFAULT-VALUE}).")
    Path home;

    @Option(names = "--status-every", paramLabel = "DURATION", defaultValue = "5s",
            description = "Print the status line this often; 0 for never (default: ${DEFAULT-VALUE}).")
    Duration statusEvery;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A job setting, e.g. sampo.period=500ms (repeatable; README lists every key).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1) {
            throw new ParameterException(spec.commandLine(), "--parallelism must be ≥ 1, not " + parallelism);
        }
        KafkaClientConfig client = kafkaClient.forBroker(kafka);
        if (!client.file().isEmpty()) {
            settings.put(JobOptions.KAFKA_CONFIG.key(), client.file());
        }
        Logs.to(home);
        // Checked before anything starts: a wrong setting fails at once, naming its key.
        JobConfig.defaultsWith(settings);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Stack stack = Stack.start(new Stack.Settings(kafka, kafkaPort, parallelism, webUiPort, sflow, home, settings,
                        cluster),
                err);
        StatusLine status = null;
        Dashboard dashboardServer = null;
        try {
            status = stack.status(err);
            dashboardServer = dashboard == null ? null : startDashboard(stack, err);
            if (!statusEvery.isZero()) {
                status.printEvery(statusEvery);
            }
        } catch (Exception e) {
            if (status != null) {
                status.close();
            }
            stack.close();
            throw e;
        }
        Dashboard web = dashboardServer;
        StatusLine statusLine = status;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("sampo: stopping");
            try {
                if (web != null) {
                    web.close();
                }
                statusLine.printTotals();
                statusLine.close();
                stack.close();
            } catch (Exception e) {
                err.println("sampo: while stopping: " + ErrorReport.reason(e));
            }
            err.flush();
            stopped.countDown();
        }, "sampo-stop"));
        out.println(stack.readyLine());
        out.flush();
        stopped.await();
        return 0;
    }

    /** Started once the stack holds its home, so that a second up on the same home is told so first. */
    private Dashboard startDashboard(Stack stack, PrintWriter err) throws Exception {
        Ports.requireFreeTcp(dashboard, "the dashboard's; --dashboard picks another, or off");
        String host = dashboard.getHostString();
        String listen = (host.contains(":") ? "[" + host + "]" : host) + ":" + dashboard.getPort();
        Map<String, Object> config = new HashMap<>(Map.of(DashboardConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap(),
                DashboardConfig.LISTEN_CONFIG, listen, DashboardConfig.FLINK_REST_CONFIG, stack.flinkRest()));
        stack.kafkaClient().settings().forEach((key, value) -> config.put(DashboardConfig.KAFKA_PREFIX + key, value));
        String token = System.getenv("SAMPO_DASHBOARD_TOKEN");
        if (token != null) {
            config.put(DashboardConfig.TOKEN_CONFIG, token);
        }
        Dashboard web = Dashboard.start(new DashboardConfig(config), stack::sflowStats);
        err.println("dashboard: " + web.url());
        return web;
    }
}
