package dev.sampo.cli;

import dev.sampo.dashboard.Dashboard;
import dev.sampo.dashboard.DashboardConfig;
import dev.sampo.stream.JobConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start Sampo on this machine: a Kafka broker (KRaft, in process) on localhost:9092, the",
            "sampo.* topics, the association job on a local Flink MiniCluster with its web UI, and the sFlow",
            "collector. Prints 'sampo ready: ...' once it takes input; Ctrl-C stops everything cleanly.",
            "Feed it with replay, sflow-replay, capture --kafka, or switches exporting sFlow."})
final class UpCommand implements Callable<Integer> {
    @Option(names = "--kafka", paramLabel = "embedded|HOST:PORT", defaultValue = "embedded",
            description = "The broker: embedded, or an external one (default: ${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port of the embedded broker; 0 for any free port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "1",
            description = "Parallelism of the association job (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--web-ui-port", paramLabel = "PORT", defaultValue = "8081",
            description = "Port of the Flink web UI; 0 for any free port (default: ${DEFAULT-VALUE}).")
    int webUiPort;

    @Option(names = "--sflow", paramLabel = "HOST:PORT|off", defaultValue = "0.0.0.0:6343",
            description = "Where the sFlow collector listens, or off (default: ${DEFAULT-VALUE}).")
    String sflow;

    @Option(names = "--dashboard", paramLabel = "HOST:PORT|off", defaultValue = "localhost:8080",
            description = "Where the web dashboard listens, or off; off loopback it requires a token, from"
                    + " SAMPO_DASHBOARD_TOKEN or generated (default: ${DEFAULT-VALUE}).")
    String dashboard;

    @Option(names = "--home", paramLabel = "DIR", defaultValue = "sampo-up",
            description = "State and logs (sampo.log); the broker's data under it is recreated on every start"
                    + " (default: ${DEFAULT-VALUE}).")
    Path home;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A job setting, e.g. sampo.period=500ms (repeatable; README lists every key).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be ≥ 1, not " + parallelism);
        }
        // Checked before anything starts: a wrong setting fails at once, naming its key.
        JobConfig.defaultsWith(settings);
        Logs.to(home);
        Stack stack = Stack.start(new Stack.Settings(kafka, kafkaPort, parallelism, webUiPort, sflow, home, settings),
                System.err);
        Dashboard web;
        try {
            web = dashboard.equals("off") ? null : startDashboard(stack);
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("sampo: stopping");
            try {
                if (web != null) {
                    web.close();
                }
                stack.close();
            } catch (Exception e) {
                System.err.println("sampo: while stopping: " + e);
            }
            stopped.countDown();
        }, "sampo-stop"));
        System.out.println(stack.readyLine());
        System.out.flush();
        stopped.await();
        return 0;
    }

    private Dashboard startDashboard(Stack stack) throws Exception {
        Map<String, Object> config = new HashMap<>(Map.of(DashboardConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap(),
                DashboardConfig.LISTEN_CONFIG, dashboard, DashboardConfig.FLINK_REST_CONFIG, stack.flinkRest()));
        String token = System.getenv("SAMPO_DASHBOARD_TOKEN");
        if (token != null) {
            config.put(DashboardConfig.TOKEN_CONFIG, token);
        }
        Dashboard web = Dashboard.start(new DashboardConfig(config), stack::sflowStats);
        System.err.println("dashboard: " + web.url());
        return web;
    }
}
