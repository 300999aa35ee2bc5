package dev.sampo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sampo.stream.SampoJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@code up} is doing, one line every few seconds on stderr, and the totals when it stops:
 * records/s into the association, live subflows and sessions (the job's gauges), consumer lag
 * (Kafka's end offsets against the job's committed ones, which move at checkpoints) and the last
 * checkpoint. It reads what an operator would: the Flink REST API and Kafka's admin client.
 */
final class StatusLine implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /**
     * @param recordsIn records the association's first stage has received since the job started
     * @param lag records in the input topic beyond the job's committed offsets
     * @param checkpoints checkpoints completed
     * @param lastCheckpointMillis when the last one completed (epoch ms), or 0
     */
    record Snapshot(long recordsIn, long liveSubflows, long sessions, long lag, long checkpoints,
                    long lastCheckpointMillis, long atNanos) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI job;
    private final String topic;
    private final String group;
    private final Admin admin;
    private final PrintWriter err;
    private final ScheduledExecutorService timer;
    private final Map<String, String> metricIds = new HashMap<>();
    private final long startNanos = System.nanoTime();
    private Snapshot last;

    private StatusLine(URI rest, String jobId, String bootstrap, String topic, String group, PrintWriter err) {
        this.job = rest.resolve("/jobs/" + jobId + "/");
        this.topic = topic;
        this.group = group;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
        this.err = err;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sampo-status");
            t.setDaemon(true);
            return t;
        });
    }

    static StatusLine of(URI rest, String jobId, String bootstrap, String topic, String group, PrintWriter err) {
        return new StatusLine(rest, jobId, bootstrap, topic, group, err);
    }

    /** Prints a line every {@code every}, beginning one period from now. */
    StatusLine printEvery(Duration every) {
        timer.scheduleAtFixedRate(this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private synchronized void tick() {
        try {
            Snapshot now = read();
            err.println(line(last, now));
            err.flush();
            last = now;
        } catch (Exception e) {
            // The job restarting or the broker busy: this line is skipped, the next one may work.
            err.println("sampo: status unavailable: " + ErrorReport.reason(e));
            err.flush();
        }
    }

    static String line(Snapshot before, Snapshot now) {
        double rate = before == null || now.atNanos() == before.atNanos() ? Double.NaN
                : (now.recordsIn() - before.recordsIn()) / ((now.atNanos() - before.atNanos()) / 1e9);
        return String.format("sampo: %s records/s in, %,d in all; %,d live subflows, %,d sessions; lag %,d; %s",
                Double.isNaN(rate) ? "-" : String.format("%,.0f", rate), now.recordsIn(), now.liveSubflows(),
                now.sessions(), now.lag(), checkpoint(now));
    }

    private static String checkpoint(Snapshot s) {
        if (s.checkpoints() == 0) {
            return "no checkpoint yet";
        }
        long ago = Math.max(0, System.currentTimeMillis() - s.lastCheckpointMillis()) / 1000;
        return "checkpoint " + s.checkpoints() + " " + ago + " s ago";
    }

    Snapshot read() throws Exception {
        JsonNode vertices = get("").path("vertices");
        long recordsIn = sum(vertexNamed(vertices, "subflow evidence"), "numRecordsIn");
        String grouping = vertexNamed(vertices, "session grouping");
        JsonNode checkpoints = get("checkpoints");
        return new Snapshot(recordsIn, sum(grouping, SampoJob.LIVE_SUBFLOWS_GAUGE), sum(grouping, SampoJob.SESSIONS_GAUGE),
                lag(), checkpoints.path("counts").path("completed").asLong(),
                checkpoints.path("latest").path("completed").path("latest_ack_timestamp").asLong(), System.nanoTime());
    }

    private static String vertexNamed(JsonNode vertices, String prefix) {
        for (JsonNode v : vertices) {
            if (v.path("name").asText().startsWith(prefix)) {
                return v.path("id").asText();
            }
        }
        throw new IllegalStateException("the job has no vertex '" + prefix + "'");
    }

    /**
     * A metric summed over the vertex's subtasks; 0 until it is registered. The task's own metric
     * has the bare name; an operator's carries the operator's name as a prefix, so its id is
     * looked up once by its last part.
     */
    private long sum(String vertex, String metric) throws Exception {
        String path = "vertices/" + vertex + "/subtasks/metrics";
        String id = metricIds.get(vertex + metric);
        if (id == null) {
            for (JsonNode m : get(path)) {
                String candidate = m.path("id").asText();
                if (candidate.equals(metric) || (id == null && candidate.endsWith("." + metric))) {
                    id = candidate;
                }
            }
            if (id == null) {
                return 0;
            }
            metricIds.put(vertex + metric, id);
        }
        for (JsonNode m : get(path + "?agg=sum&get=" + id)) {
            return Math.round(m.path("sum").asDouble());
        }
        return 0;
    }

    private long lag() throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long lag = 0;
        for (TopicPartition p : partitions) {
            OffsetAndMetadata c = committed.get(p);
            lag += ends.get(p).offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(job.resolve(path)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Flink REST " + path + ": HTTP " + response.statusCode());
        }
        return Json.MAPPER.readTree(response.body());
    }

    /** Stops the line and prints the totals, read once more while the job still runs. */
    synchronized void printTotals() {
        timer.shutdownNow();
        try {
            Snapshot s = read();
            err.printf("sampo: totals: %,d records in over %.0f s, %,d live subflows and %,d sessions at the end, %s%n",
                    s.recordsIn(), (s.atNanos() - startNanos) / 1e9, s.liveSubflows(), s.sessions(),
                    s.checkpoints() + " checkpoints");
        } catch (Exception e) {
            err.println("sampo: totals unavailable: " + ErrorReport.reason(e));
        }
        err.flush();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(1));
    }
}
