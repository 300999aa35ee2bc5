package dev.sampo.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.wire.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the dashboard asks other parts every few seconds: the association job's consumer lag on
 * {@code sampo.packets} (Kafka's admin API) and its checkpoints (Flink's REST API, when given).
 * A part that does not answer leaves its figure unknown (null), shown as n/a.
 */
final class HealthProbe implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HealthProbe.class.getName());
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The association job's checkpoints, from the REST API's {@code /jobs/ID/checkpoints}. */
    record Checkpoints(String job, long completed, long failed, long inProgress, Long lastDurationMillis,
                       Long lastCompletedAtMillis) {
    }

    private final Admin admin;
    private final String group;
    private final URI flinkRest;
    private final HttpClient http;
    private volatile Long lag;
    private volatile Checkpoints checkpoints;

    /** @param kafka the admin client's settings: bootstrap.servers, and any others (TLS, SASL) */
    HealthProbe(Map<String, Object> kafka, String group, String flinkRest) {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "sampo-dashboard-health");
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ASK_TIMEOUT.toMillis());
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ASK_TIMEOUT.toMillis());
        this.admin = Admin.create(settings);
        this.group = group;
        this.flinkRest = flinkRest.isEmpty() ? null : URI.create(flinkRest.endsWith("/") ? flinkRest : flinkRest + "/");
        this.http = flinkRest.isEmpty() ? null : HttpClient.newBuilder().connectTimeout(ASK_TIMEOUT).build();
    }

    /** Asks both once; called by the dashboard's scheduler. */
    void refresh() {
        lag = askLag();
        checkpoints = askCheckpoints();
    }

    /** Records of {@code sampo.packets} the job has not committed yet, or null when unknown. */
    Long lag() {
        return lag;
    }

    /** Null when no REST API was given or it did not answer. */
    Checkpoints checkpoints() {
        return checkpoints;
    }

    boolean flinkConfigured() {
        return flinkRest != null;
    }

    private Long askLag() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            committed.keySet().stream().filter(p -> p.topic().equals(Topics.PACKETS))
                    .forEach(p -> ask.put(p, OffsetSpec.latest()));
            if (ask.isEmpty()) {
                return null; // the job has committed nothing yet (it commits on checkpoints)
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(ask).all()
                    .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long total = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(e.getKey());
                total += Math.max(0, e.getValue().offset() - (at == null ? 0 : at.offset()));
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "consumer lag of " + group + ": " + e);
            return null;
        }
    }

    private Checkpoints askCheckpoints() {
        if (flinkRest == null) {
            return null;
        }
        try {
            String job = null;
            for (JsonNode j : get("jobs/overview").path("jobs")) {
                if ("RUNNING".equals(j.path("state").asText())) {
                    job = j.path("jid").asText();
                    break;
                }
            }
            if (job == null) {
                return null;
            }
            JsonNode c = get("jobs/" + job + "/checkpoints");
            JsonNode counts = c.path("counts");
            JsonNode last = c.path("latest").path("completed");
            boolean any = last.isObject();
            return new Checkpoints(job, counts.path("completed").asLong(), counts.path("failed").asLong(),
                    counts.path("in_progress").asLong(), any ? last.path("end_to_end_duration").asLong() : null,
                    any ? last.path("latest_ack_timestamp").asLong() : null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "Flink checkpoints at " + flinkRest + ": " + e);
            return null;
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(flinkRest.resolve(path)).timeout(ASK_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        admin.close(ASK_TIMEOUT);
    }
}
