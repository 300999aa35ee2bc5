package dev.sampo.cli;

import dev.sampo.capture.CaptureAgent;
import dev.sampo.capture.CaptureConfig;
import dev.sampo.capture.CaptureException;
import dev.sampo.capture.CaptureReport;
import dev.sampo.capture.decap.Decapsulation;
import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSink;
import dev.sampo.sampling.Sampler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "capture", mixinStandardHelpOptions = true,
        description = {"Capture live traffic (libpcap) and hand a record of every sampled MPTCP segment to a sink.",
            "Mirrored frames can be decapsulated first; the sink is Kafka (--kafka), association in process "
            + "(default), JSON lines, or nowhere.",
            "Counters go to stderr every few seconds (and, with --kafka, to sampo.agents as --agent-id);",
            "Ctrl-C stops, flushes and prints the last counters.",
            "Needs root or CAP_NET_RAW, and libpcap (apt-get install libpcap0.8)."})
final class CaptureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--iface", required = true, paramLabel = "IF", description = "Interface to capture on.")
    String iface;

    @Option(names = "--netns", paramLabel = "NS",
            description = "Open the interface inside this network namespace (an `ip netns` name); needs root.")
    String netns;

    @Option(names = "--bpf", paramLabel = "EXPR", description = {"BPF filter. Default: tcp; with --decap, TCP plus "
        + "the tunnel (e.g. auto: tcp or udp dst port 4789 or ip proto 47 or ip6 proto 47)."})
    String bpf;

    @Option(names = "--snaplen", paramLabel = "N",
            description = "Bytes kept per frame (default: " + CaptureConfig.DEFAULT_SNAPLEN + ", every header plus "
                    + "tunnel headers; " + CaptureConfig.PAYLOAD_SNAPLEN + " with --payload).")
    Integer snaplen;

    @Option(names = "--sample", paramLabel = "SPEC", defaultValue = "none", converter = SamplingSpec.Converter.class,
            description = "Sampling at the agent: none, count:N, random:N[:SEED] or time:USEC (default: none).")
    SamplingSpec sample;

    @Option(names = "--decap", paramLabel = "MODE", defaultValue = "none",
            description = "auto, none, erspan, vxlan, gre or p4:SHIM.properties (default: none).")
    String decap;

    @Option(names = "--buffer", paramLabel = "BYTES", defaultValue = "" + CaptureConfig.DEFAULT_BUFFER,
            description = "Kernel capture buffer (default: ${DEFAULT-VALUE}).")
    int buffer;

    @Option(names = "--all-tcp", description = "Publish every TCP segment, not only those with an MPTCP option.")
    boolean allTcp;

    @Option(names = "--payload",
            description = "Records carry the captured TCP payload, at most " + PacketRecord.MAX_PAYLOAD_BYTES
                    + " bytes each (sampo.packets version 2), for the job's IDS stage on a full mirror.")
    boolean payload;

    @Option(names = "--stats-every", paramLabel = "DURATION", defaultValue = "5s",
            description = "Counter report interval, also of the --metrics counters (default: ${DEFAULT-VALUE}; "
                    + "0: only at the end).")
    Duration statsEvery;

    @Mixin
    AgentSink sink;

    @Mixin
    AgentRunOptions run;

    @Override
    public Integer call() throws Exception {
        Sampler sampler = sample.sampler();
        int frameBytes = snaplen != null ? snaplen
                : payload ? CaptureConfig.PAYLOAD_SNAPLEN : CaptureConfig.DEFAULT_SNAPLEN;
        CaptureConfig config = new CaptureConfig(iface, netns, bpf, frameBytes, buffer, Decapsulation.parse(decap),
                !allTcp, payload, statsEvery.toMillis());
        Sinks.Kind kind = sink.kind();
        PrintWriter err = spec.commandLine().getErr();
        err.println("sampo capture: " + iface + (netns == null ? "" : " in netns " + netns) + ", filter '"
                + config.effectiveFilter() + "', decap " + decap + ", sampling " + sample + ", sink " + kind);
        PrometheusRegistry registry = new PrometheusRegistry();
        CaptureMetrics counters = new CaptureMetrics(registry);
        MetricsServer served = MetricsServer.start(run.metrics, registry, "capture", err);
        PacketSink records = sink.open(spec.commandLine().getOut());
        AgentHealth.Reports reports = sink.reports(
                "capture/" + AgentHealth.host() + "/" + iface + (netns == null ? "" : "@" + netns), err, "capture");
        CaptureAgent agent = new CaptureAgent(config, sampler, records, r -> {
            counters.accept(r);
            reports.capture(r);
            err.println(r.line());
        });
        CountDownLatch closed = new CountDownLatch(1);
        try {
            agent.start();
        } catch (CaptureException e) {
            records.close();
            reports.close();
            served.close();
            err.println("sampo capture: " + e.getMessage());
            return 2;
        }
        err.println("sampo capture: listening on " + iface);
        // Ctrl-C runs shutdown hooks while this thread still works: the hook stops the loop and
        // waits until the sink is flushed and closed below, so no accepted record is lost.
        Thread hook = new Thread(() -> {
            agent.stop();
            try {
                closed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sampo-capture-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        if (!run.duration.isZero()) {
            CompletableFuture.delayedExecutor(run.duration.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(agent::stop);
        }
        try {
            CaptureReport last = agent.await();
            err.println("sampo capture: stopped; " + last.records() + " records to the " + kind + " sink");
            return 0;
        } catch (CaptureException e) {
            err.println("sampo capture: " + e.getMessage());
            return 1;
        } finally {
            try {
                records.close();
                if (records instanceof KafkaPacketSink kafkaSink) {
                    // close() flushed without throwing, so every record handed to the producer is acknowledged.
                    err.println("sampo capture: Kafka acknowledged " + kafkaSink.sent() + " records on "
                            + kafkaSink.topic());
                }
            } finally {
                reports.close();
                served.close();
                closed.countDown();
                removeHook(hook);
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and waits for the close above
        }
    }
}
