package dev.sampo.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A local Flink MiniCluster with its web UI, running the association job: what {@code sampo up}
 * starts, and what the job's tests kill task managers in.
 */
public final class EmbeddedFlink implements AutoCloseable {
    /**
     * Where Flink's Prometheus reporter serves the cluster's and the job's metrics
     * ({@code http://localhost:PORT/metrics}): the first free port of this range, Flink's default
     * 9249 first. When every port is taken Flink logs it and runs without the reporter.
     */
    public static final String PROMETHEUS_PORTS = "9249-9259";

    private final MiniCluster cluster;

    private EmbeddedFlink(MiniCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * @param slots task slots of the one task manager (at least the job's parallelism)
     * @param restPort port of the web UI and REST API; 0 for any free port
     * @param checkpoints directory of the checkpoints (the JobManager's memory holds only 5 MiB)
     */
    public static EmbeddedFlink start(int slots, int restPort, Path checkpoints) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toAbsolutePath().toUri().toString());
        conf.set(RestOptions.BIND_ADDRESS, "localhost");
        conf.set(RestOptions.PORT, restPort);
        // The web UI's metrics and watermarks, fresh every second rather than every ten.
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
        conf.set(ConfigOptions.key("metrics.reporter.prom.factory.class").stringType().noDefaultValue(),
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.set(ConfigOptions.key("metrics.reporter.prom.port").stringType().noDefaultValue(), PROMETHEUS_PORTS);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        return new EmbeddedFlink(cluster);
    }

    /** Submits the association job reading and writing the Kafka topics {@code config} names. */
    public JobID submit(JobConfig config) throws Exception {
        return submit(config, SavepointRestoreSettings.none());
    }

    /**
     * Submits the association job to start from a savepoint, as {@code flink run -s PATH} does;
     * every piece of state must find its operator ({@code allowNonRestoredState} off).
     */
    public JobID submitFrom(String savepoint, JobConfig config) throws Exception {
        return submit(config, SavepointRestoreSettings.forPath(savepoint, false));
    }

    private JobID submit(JobConfig config, SavepointRestoreSettings restore) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SampoJob.configure(env, config);
        SampoJob.build(SampoJob.kafkaSource(env, config), config, SampoJob.kafkaSink(config));
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(SampoJob.NAME);
        graph.setSavepointRestoreSettings(restore);
        return submit(graph);
    }

    /** Submits any job: the association behind a stage of a test's own, say. */
    public JobID submit(StreamGraph graph) throws Exception {
        return cluster.submitJob(graph).get().getJobID();
    }

    /**
     * Stops the job with a savepoint in Flink's canonical format, without draining, as
     * {@code flink stop --savepointPath DIR JOBID} does: draining would advance event time to its
     * end, closing every period and timing out every subflow as if the feed had ended.
     *
     * @return the savepoint's path, for {@link #submitFrom}
     */
    public String stopWithSavepoint(JobID job, Path directory) throws Exception {
        return cluster.stopWithSavepoint(job, directory.toAbsolutePath().toUri().toString(), false,
                SavepointFormatType.CANONICAL).get();
    }

    public URI webUi() throws Exception {
        return cluster.getRestAddress().get();
    }

    public JobStatus status(JobID job) throws Exception {
        return cluster.getJobStatus(job).get();
    }

    /**
     * Waits for the job to end, at most {@code timeout}: why it failed, as Flink reports it, or
     * empty when it finished or was cancelled.
     */
    public Optional<Throwable> awaitEnd(JobID job, Duration timeout) throws Exception {
        JobResult result = cluster.requestJobResult(job).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return result.getSerializedThrowable().map(t -> t.deserializeError(EmbeddedFlink.class.getClassLoader()));
    }

    /**
     * The id of the checkpoint the job was last restored from, or −1 if it never was, from the
     * REST API an operator would ask.
     */
    public long restoredCheckpoint(JobID job) throws Exception {
        JsonNode restored = new ObjectMapper().readTree(get("/jobs/" + job + "/checkpoints")).path("latest")
                .path("restored");
        return restored.isMissingNode() || restored.isNull() ? -1 : restored.path("id").asLong(-1);
    }

    /** The state backend the job runs on, as the REST API names it ({@code HashMapStateBackend}, …). */
    public String stateBackend(JobID job) throws Exception {
        return new ObjectMapper().readTree(get("/jobs/" + job + "/checkpoints/config")).path("state_backend").asText();
    }

    /**
     * The sum over the job's subtasks of a metric ({@code sampoEvictedSubflows}), as the REST API
     * reports it, or −1 while no subtask reports it yet.
     */
    public long metric(JobID job, String name) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long sum = -1;
        for (JsonNode vertex : json.readTree(get("/jobs/" + job)).path("vertices")) {
            String metrics = "/jobs/" + job + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
            for (JsonNode available : json.readTree(get(metrics))) {
                String id = available.path("id").asText();
                if (id.endsWith("." + name)) {
                    JsonNode value = json.readTree(get(metrics + "?agg=sum&get=" + id));
                    sum = Math.max(sum, 0) + (long) value.path(0).path("sum").asDouble();
                }
            }
        }
        return sum;
    }

    /**
     * The metric once it is at least {@code atLeast}, or as it is when {@code within} has passed:
     * the REST API's metric store fetches from the task managers asynchronously (the first request
     * for a job finds it empty, later ones values up to the fetch interval old).
     */
    public long awaitMetric(JobID job, String name, long atLeast, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        long value = metric(job, name);
        while (value < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(200); // polling interval
            value = metric(job, name);
        }
        return value;
    }

    private String get(String path) throws Exception {
        URI uri = webUi().resolve(path.replace(" ", "%20"));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Kills the task manager, as a machine failure would; the job fails over to the next one started. */
    public void killTaskManager() throws Exception {
        cluster.terminateTaskManager(0).get();
    }

    public void startTaskManager() throws Exception {
        cluster.startTaskManager();
    }

    public void cancel(JobID job) throws Exception {
        cluster.cancelJob(job).get();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
