package dev.sampo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The session cluster's REST API, the calls {@code flink run} and the web UI make: upload a jar,
 * run it, and read the job's state and checkpoints. A plain HTTP client, so that the test talks to
 * the cluster as any client does, without Flink's classes on its side.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRest(int port) {
        this.base = URI.create("http://localhost:" + port + "/");
    }

    public URI base() {
        return base;
    }

    /** {@code GET /overview}: task managers, slots, jobs. */
    public JsonNode overview() {
        return get("overview");
    }

    /** {@code POST /jars/upload}: the jar's id for {@link #run}. */
    public String upload(Path jar) {
        // java.net.http has no multipart body: the one form field the endpoint reads, written out.
        String boundary = "sampo-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                    + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the job jar " + jar, e);
        }
        JsonNode answer = send(HttpRequest.newBuilder(base.resolve("jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        return Path.of(answer.path("filename").asText()).getFileName().toString();
    }

    /** {@code POST /jars/:id/run} with the program's arguments: the job's id. */
    public String run(String jarId, List<String> programArgs) {
        String body = json(Map.of("programArgsList", programArgs));
        return send(HttpRequest.newBuilder(base.resolve("jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))).path("jobid").asText();
    }

    /** {@code GET /jobs/:id}: state, vertices with their parallelism and status. */
    public JsonNode job(String jobId) {
        return get("jobs/" + jobId);
    }

    /** {@code GET /jobs/:id/checkpoints}: counts, the latest completed and the latest restored. */
    public JsonNode checkpoints(String jobId) {
        return get("jobs/" + jobId + "/checkpoints");
    }

    /** {@code PATCH /jobs/:id?mode=cancel}. */
    public void cancel(String jobId) {
        send(HttpRequest.newBuilder(base.resolve("jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpRequest r = request.timeout(TIMEOUT).build();
        try {
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(r.method() + " " + r.uri() + ": HTTP " + response.statusCode()
                        + " " + response.body());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.method() + " " + r.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + r.method() + " " + r.uri(), e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
