package dev.sampo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** What the association job's REST API says about it: records taken in, and checkpoints. */
final class JobMetrics {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The job's first stage after the Kafka source. */
    private static final String FIRST_STAGE = "subflow evidence";
    /**
     * Its operator's records in, as the REST API names an operator's metric (spaces as
     * underscores). At parallelism 1 the stage is chained to the source, in a task whose own
     * {@code numRecordsIn} counts nothing (no network input); the operator's counts either way.
     */
    private static final String RECORDS_IN = FIRST_STAGE.replace(' ', '_') + ".numRecordsIn";

    /**
     * @param completed checkpoints completed
     * @param lastMillis when the last one completed (epoch ms), or 0
     */
    record Checkpoints(long completed, long lastMillis) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI job;
    private String firstStage;

    JobMetrics(URI rest, String jobId) {
        this.job = rest.resolve("/jobs/" + jobId + "/");
    }

    /** Records the association's first stage has received since the job started (its operator's numRecordsIn). */
    long recordsIn() throws IOException, InterruptedException {
        if (firstStage == null) {
            for (JsonNode v : get("").path("vertices")) {
                if (runsFirstStage(v.path("name").asText())) {
                    firstStage = v.path("id").asText();
                }
            }
            if (firstStage == null) {
                throw new IOException("the job has no stage '" + FIRST_STAGE + "'");
            }
        }
        for (JsonNode m : get("vertices/" + firstStage + "/subtasks/metrics?agg=sum&get=" + RECORDS_IN)) {
            return Math.round(m.path("sum").asDouble());
        }
        return 0;
    }

    /** A task's name is its operators' names joined by " -> ": the stage alone, or chained after the source. */
    static boolean runsFirstStage(String taskName) {
        return List.of(taskName.split(" -> ")).contains(FIRST_STAGE);
    }

    Checkpoints checkpoints() throws IOException, InterruptedException {
        JsonNode c = get("checkpoints");
        return new Checkpoints(c.path("counts").path("completed").asLong(),
                c.path("latest").path("completed").path("latest_ack_timestamp").asLong());
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(job.resolve(path)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Flink REST " + job.resolve(path) + ": HTTP " + response.statusCode());
        }
        return Json.MAPPER.readTree(response.body());
    }
}
