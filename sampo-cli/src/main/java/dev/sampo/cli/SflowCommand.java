package dev.sampo.cli;

import dev.sampo.dashboard.SflowMetrics;
import dev.sampo.flow.IpAddress;
import dev.sampo.packet.PacketSink;
import dev.sampo.sflow.CollectorConfig;
import dev.sampo.sflow.CollectorStats;
import dev.sampo.sflow.SflowCollector;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sflow", mixinStandardHelpOptions = true,
        description = {"Collect sFlow v5 from agents over UDP and hand every sampled MPTCP segment to a sink.",
            "The sink is Kafka (--kafka), association in process (default), JSON lines, or nowhere. Each sample keeps",
            "its own sampling rate and its observation point (agent/sub-agent/ifIndex) and is timestamped on arrival.",
            "Stats go to stderr every --stats-every seconds and on exit (Ctrl-C, or after --duration); with --kafka",
            "also to sampo.agents, as --agent-id.",
            "The first failure (of the sink, the decoder or the receiving thread) stops it with exit code 1 and the cause."})
final class SflowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:6343",
            converter = Addresses.Listen.class,
            description = "Address to receive on; [::]:PORT for IPv6 and IPv4 (default: ${DEFAULT-VALUE}).")
    InetSocketAddress listen;

    @Mixin
    AgentSink sink;

    @Option(names = "--allow-agent", paramLabel = "IP",
            description = "Decode only datagrams from this agent address (repeatable); others are counted and dropped.")
    List<String> allowAgents = new ArrayList<>();

    @Option(names = "--all-tcp", description = "Forward every sampled TCP segment, not only those with MPTCP options.")
    boolean allTcp;

    @Option(names = "--rcvbuf", paramLabel = "BYTES", defaultValue = "" + CollectorConfig.DEFAULT_RECEIVE_BUFFER,
            description = "Socket receive buffer to ask for (default: ${DEFAULT-VALUE}; capped by net.core.rmem_max).")
    int receiveBuffer;

    @Option(names = "--stats-every", paramLabel = "DURATION", defaultValue = "10s",
            description = "Print stats this often (default: ${DEFAULT-VALUE}).")
    Duration statsEvery;

    @Mixin
    AgentRunOptions run;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Set<IpAddress> agents = allowAgents.stream().map(IpAddress::parse).collect(Collectors.toSet());
        CollectorConfig config = CollectorConfig.defaults().withListen(listen).withAllowedAgents(agents)
                .withMptcpOnly(!allTcp).withReceiveBuffer(receiveBuffer)
                .withStatsInterval(Duration.ofMillis(Math.max(1, statsEvery.toMillis())));
        Sinks.Kind kind = sink.kind();
        CountDownLatch stop = new CountDownLatch(1);
        Throwable failure;
        PrometheusRegistry registry = new PrometheusRegistry();
        AtomicReference<SflowCollector> running = new AtomicReference<>();
        SflowMetrics.register(registry, () -> {
            SflowCollector c = running.get();
            return c == null ? null : c.stats();
        });
        // The health reports open after the sink, which creates the contract's topics on a fresh broker.
        try (MetricsServer served = MetricsServer.start(run.metrics, registry, "sflow", err);
             PacketSink out = sink.open(spec.commandLine().getOut());
             AgentHealth.Reports reports = sink.reports("sflow/" + AgentHealth.host() + ":" + listen.getPort(), err,
                     "sflow")) {
            SflowCollector collector = SflowCollector.start(config, out, s -> {
                reports.sflow(s);
                err.println(s.line());
            });
            running.set(collector);
            collector.failure().thenRun(stop::countDown); // a failure ends the run, loudly
            Thread hook = new Thread(stop::countDown, "sampo-sflow-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            err.printf("sampo sflow: listening on %s (receive buffer %d bytes), sink %s%n",
                    collector.localAddress(), collector.stats().receiveBufferBytes(), kind);
            if (!run.duration.isZero()) {
                stop.await(run.duration.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                stop.await();
            }
            failure = collector.failure().getNow(null);
            if (failure != null) {
                err.println("sampo sflow: " + ErrorReport.reason(failure)); // before close, which a failed sink throws from
            }
            collector.close();
            CollectorStats s = collector.stats();
            reports.sflow(s);
            err.println(s.line());
            if (!s.errors().isEmpty()) {
                err.println("sampo sflow: decode errors " + s.errors());
            }
            if (!run.duration.isZero()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return failure == null ? 0 : 1;
    }
}
