package dev.sampo.cli;

import dev.sampo.kafka.EmbeddedKafka;
import dev.sampo.kafka.KafkaClientConfig;
import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.kafka.TopicSetup;
import dev.sampo.sflow.CollectorConfig;
import dev.sampo.sflow.CollectorStats;
import dev.sampo.sflow.SflowCollector;
import dev.sampo.stream.JobConfig;
import dev.sampo.wire.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.io.file.PathUtils;

/**
 * The whole of Sampo on one machine, as {@code up} and {@code demo} start it: a Kafka broker
 * (embedded, or an external one), the topics, the association job on a local Flink MiniCluster
 * with its web UI (or, with {@code cluster}, on a local session cluster of separate processes),
 * and the sFlow collector publishing into {@code sampo.packets}.
 */
final class Stack implements AutoCloseable {
    /**
     * @param kafka an external broker, or null for the embedded one
     * @param kafkaPort port of the embedded broker (0: any free one)
     * @param webUiPort port of the Flink web UI (0: any free one)
     * @param sflow where the collector listens, or null for no collector
     * @param home state and logs; its kafka/, checkpoints/ and cluster/ directories are recreated on every start
     * @param job job settings on top of {@link dev.sampo.stream.JobOptions}
     * @param cluster whether the job runs on a local session cluster ({@link SessionClusterHost})
     *     rather than the MiniCluster
     */
    record Settings(InetSocketAddress kafka, int kafkaPort, int parallelism, int webUiPort, InetSocketAddress sflow,
                    Path home, Map<String, String> job, boolean cluster) {
        /** On the MiniCluster. */
        Settings(InetSocketAddress kafka, int kafkaPort, int parallelism, int webUiPort, InetSocketAddress sflow,
                 Path home, Map<String, String> job) {
            this(kafka, kafkaPort, parallelism, webUiPort, sflow, home, job, false);
        }
    }

    private final Settings settings;
    private HomeLock lock;
    private EmbeddedKafka broker;
    private String bootstrap;
    private FlinkHost flink;
    private String job;
    private JobConfig config;
    private KafkaPacketSink sflowSink;
    private SflowCollector collector;

    private Stack(Settings settings) {
        this.settings = settings;
    }

    /**
     * Starts everything; on any failure, stops what had started and rethrows. Nothing under the
     * home is touched before the home is locked and the ports are known to be free.
     */
    static Stack start(Settings settings, PrintWriter err) throws Exception {
        Stack stack = new Stack(settings);
        try {
            stack.startAll(err);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(PrintWriter err) throws Exception {
        lock = HomeLock.acquire(settings.home());
        if (settings.kafka() == null) {
            Ports.requireFreeTcp(new InetSocketAddress("localhost", settings.kafkaPort()),
                    "the Kafka broker's; --kafka-port picks another");
        }
        Ports.requireFreeTcp(new InetSocketAddress("localhost", settings.webUiPort()),
                "the Flink web UI's; --web-ui-port picks another");
        if (settings.sflow() != null) {
            Ports.requireFreeUdp(settings.sflow(), "the sFlow collector's; --sflow picks another, or off");
        }
        Path jobJar = settings.cluster() ? SessionClusterHost.jobJar(Path.of(System.getProperty("sampo.root", ".")))
                : null;
        Path checkpoints = fresh(settings.home().resolve("checkpoints"));
        Path clusterDir = fresh(settings.home().resolve("cluster"));
        if (settings.kafka() == null) {
            broker = EmbeddedKafka.start(fresh(settings.home().resolve("kafka")), settings.kafkaPort());
            bootstrap = broker.bootstrap();
        } else {
            bootstrap = Sinks.bootstrap(settings.kafka());
        }
        Map<String, String> jobSettings = new HashMap<>(settings.job());
        jobSettings.put("sampo.kafka.bootstrap", bootstrap);
        jobSettings.put("sampo.parallelism", Integer.toString(settings.parallelism()));
        config = JobConfig.defaultsWith(jobSettings);
        TopicSetup.ensure(bootstrap, config.kafkaClient(),
                Math.max(TopicSetup.DEFAULT_PARTITIONS, 2 * settings.parallelism()), config.topicNames());
        if (settings.cluster()) {
            SessionClusterHost cluster = SessionClusterHost.start(clusterDir, settings.parallelism(), settings.webUiPort(),
                    jobJar);
            flink = cluster;
            err.println(cluster.describe());
        } else {
            flink = MiniClusterHost.start(settings.parallelism(), settings.webUiPort(), checkpoints);
        }
        job = flink.submit(jobSettings);
        awaitRunning();
        if (settings.sflow() != null) {
            sflowSink = new KafkaPacketSink(bootstrap, config.packetsTopic(), config.kafkaClient().properties());
            CollectorConfig c = CollectorConfig.defaults()
                    .withListen(settings.sflow())
                    .withStatsInterval(Duration.ofSeconds(30));
            collector = SflowCollector.start(c, sflowSink, s -> {
                if (s.datagrams() > 0) {
                    err.println("sflow: " + s.line());
                }
            });
        }
    }

    /** A directory of the previous run: its broker data or checkpoints would not match this one's. */
    private static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            PathUtils.deleteDirectory(dir);
        }
        return dir;
    }

    private void awaitRunning() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String state = flink.state(job);
        while (!state.equals("RUNNING")) {
            if (FlinkHost.terminal(state) || System.nanoTime() > deadline) {
                throw new IllegalStateException("the association job did not start: " + state + " (see "
                        + settings.home().resolve(settings.cluster() ? "cluster/log" : "sampo.log") + ")");
            }
            Thread.sleep(100); // polling interval
            state = flink.state(job);
        }
    }

    String bootstrap() {
        return bootstrap;
    }

    /** The Kafka client properties (TLS, SASL) of the job, which the stack's other clients share. */
    KafkaClientConfig kafkaClient() {
        return config.kafkaClient();
    }

    /** Where the sFlow collector listens (the port it bound when asked for port 0); null when it is off. */
    InetSocketAddress sflowAddress() {
        return collector == null ? null : collector.localAddress();
    }

    /** The Flink REST API, which the web UI also serves. */
    String flinkRest() throws Exception {
        return flink.rest().toString();
    }

    /** The collector's latest stats; null when it is off. */
    CollectorStats sflowStats() {
        return collector == null ? null : collector.stats();
    }

    /** What the running job's REST API says about it. */
    JobMetrics jobMetrics() throws Exception {
        return new JobMetrics(flink.rest(), job);
    }

    /** The running job's status, to print on {@code err}. */
    StatusLine status(PrintWriter err) throws Exception {
        return new StatusLine(jobMetrics(), bootstrap, config.kafkaClient(), config.packetsTopic(), config.groupId(),
                config.subflowsTopic(), config.sessionsTopic(), err);
    }

    /** The line that says the stack takes input, and where everything is. */
    String readyLine() throws Exception {
        return "sampo ready: kafka=" + bootstrap + " flink-ui=" + flink.rest()
                + " sflow=" + (collector == null ? "off" : "udp://" + hostPort(collector))
                + " topics=" + String.join(",", Topics.PACKETS, Topics.PAIRS, Topics.SESSIONS, Topics.SUBFLOWS,
                        Topics.STEERING, Topics.NF_LOAD)
                + " home=" + settings.home().toAbsolutePath();
    }

    private static String hostPort(SflowCollector c) {
        return c.localAddress().getAddress().getHostAddress() + ":" + c.localAddress().getPort();
    }

    /** Stops the collector, flushes what it collected, cancels the job, stops Flink and the broker. */
    @Override
    public void close() throws Exception {
        if (collector != null) {
            collector.close();
        }
        if (sflowSink != null) {
            sflowSink.close();
        }
        try {
            if (flink != null) {
                try {
                    if (job != null && !FlinkHost.terminal(flink.state(job))) {
                        flink.cancel(job);
                    }
                } finally {
                    flink.close(); // a session cluster's processes must not outlive this one
                }
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            if (lock != null) {
                lock.close();
            }
        }
    }
}
