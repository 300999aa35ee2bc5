package dev.sampo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sampo.kafka.KafkaClientConfig;
import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.kafka.TopicSetup;
import dev.sampo.packet.SpoofedFlood;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The job's cost on a state backend at a given number of live subflows, for
 * {@code benchmarks/scripts/state-backends.sh}:
 * <ol>
 *   <li>{@code publish}: ROUNDS passes over the same SUBFLOWS spoofed subflows ({@link SpoofedFlood},
 *   one seed, so every pass has the same 5-tuples), each pass SPAN seconds of event time after the
 *   last, then an end marker per partition: the first pass creates the subflows, the later ones
 *   update live ones;</li>
 *   <li>{@code drain}: against a job just started on that backlog, the time until the session
 *   grouping's watermark passes the last record (records/s, and so wall-clock µs per record on
 *   this machine), then the next two checkpoints triggered after it: their full state size, the
 *   size each wrote (smaller than full with RocksDB's incremental checkpoints), their duration,
 *   and the live subflows ({@code sampoLiveSubflows}) as each completes.</li>
 * </ol>
 */
public final class StateBackendLoad {
    /** Event time of the first record, µs: any fixed time will do. */
    private static final long START_MICROS = 1_700_000_000_000_000L;
    private static final long SEED = 16;

    private StateBackendLoad() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "publish" -> publish(args[1], args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]),
                    Long.parseLong(args[5]));
            case "drain" -> drain(URI.create(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]),
                    Long.parseLong(args[4]));
            default -> {
                System.err.println("usage: StateBackendLoad publish KAFKA TOPIC SUBFLOWS ROUNDS SPAN_SECONDS\n"
                        + "       StateBackendLoad drain FLINK_UI SUBFLOWS ROUNDS SPAN_SECONDS");
                System.exit(2);
            }
        }
    }

    private static void publish(String kafka, String topic, long subflows, int rounds, long spanSeconds)
            throws Exception {
        TopicSetup.ensurePackets(kafka, KafkaClientConfig.NONE, topic, 4);
        long start = System.nanoTime();
        try (KafkaPacketSink sink = new KafkaPacketSink(kafka, topic)) {
            for (int round = 0; round < rounds; round++) {
                new SpoofedFlood(SEED, subflows, START_MICROS + round * spanSeconds * 1_000_000, spanSeconds * 1_000_000)
                        .forEachRemaining(sink::accept);
            }
            StreamLoad.endMarkers(kafka, topic, lastMicros(rounds, spanSeconds) + 2_000_000).forEach(sink::accept);
            sink.flush();
        }
        System.out.printf(Locale.ROOT, "published %d records (%d subflows × %d rounds) in %.1f s into %s%n",
                subflows * rounds, subflows, rounds, (System.nanoTime() - start) / 1e9, topic);
    }

    private static void drain(URI flink, long subflows, int rounds, long spanSeconds) throws Exception {
        long start = System.nanoTime();
        String job = StreamLoad.groupingVertex(flink)[0];
        StreamLoad.awaitWatermark(flink, lastMicros(rounds, spanSeconds));
        double seconds = (System.nanoTime() - start) / 1e9;
        long records = subflows * rounds;
        System.out.printf(Locale.ROOT, "%s: drained %d records through the job in %.1f s: %.0f records/s, %.1f µs "
                        + "per record; %d live subflows%n", backend(flink, job), records, seconds, records / seconds,
                seconds * 1e6 / records, liveSubflows(flink, job));
        // The checkpoints triggered after the drain: the state of every live subflow, no records in flight.
        long after = checkpoints(flink, job).path("counts").path("total").asLong();
        for (int i = 0; i < 2; i++) {
            JsonNode latest = checkpoints(flink, job).path("latest").path("completed");
            while (latest.path("id").asLong() <= after) {
                Thread.sleep(200); // polling interval
                latest = checkpoints(flink, job).path("latest").path("completed");
            }
            after = latest.path("id").asLong();
            System.out.printf(Locale.ROOT, "checkpoint %d: state %.1f MiB, written %.1f MiB, %d ms; %d live subflows%n",
                    after, latest.path("state_size").asLong() / 1048576.0,
                    latest.path("checkpointed_size").asLong() / 1048576.0, latest.path("end_to_end_duration").asLong(),
                    liveSubflows(flink, job));
        }
    }

    /** The evidence stage's {@code sampoLiveSubflows}, summed over its subtasks. */
    private static long liveSubflows(URI flink, String job) throws Exception {
        for (JsonNode v : StreamLoad.get(flink, "/jobs/" + job).path("vertices")) {
            // Alone, or at parallelism 1 chained after the source ("Source: … -> subflow evidence -> …").
            if (List.of(v.path("name").asText().split(" -> ")).contains("subflow evidence")) {
                String metrics = "/jobs/" + job + "/vertices/" + v.path("id").asText() + "/subtasks/metrics";
                for (JsonNode m : StreamLoad.get(flink, metrics)) {
                    if (m.path("id").asText().endsWith(".sampoLiveSubflows")) {
                        return StreamLoad.get(flink, metrics + "?agg=sum&get=" + m.path("id").asText()).path(0)
                                .path("sum").asLong();
                    }
                }
            }
        }
        return -1;
    }

    private static JsonNode checkpoints(URI flink, String job) throws Exception {
        return StreamLoad.get(flink, "/jobs/" + job + "/checkpoints");
    }

    private static long lastMicros(int rounds, long spanSeconds) {
        return START_MICROS + rounds * spanSeconds * 1_000_000;
    }

    private static String backend(URI flink, String job) throws Exception {
        return StreamLoad.get(flink, "/jobs/" + job + "/checkpoints/config").path("state_backend").asText();
    }
}
