package dev.sampo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.packet.PacketRecord;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.wire.PacketWire;
import dev.sampo.wire.SessionRecord;
import dev.sampo.wire.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Throughput and latency of a running {@code sampo up} (see bench/stream.sh):
 * <ol>
 * <li>publishes COPIES copies of a capture's MPTCP records (each copy on its own addresses and
 * later in time, so copies are distinct sessions) as fast as the producer goes, and measures the
 * rate into {@code sampo.packets} and the rate sustained through the job: until the session
 * grouping's input watermark (Flink REST API) passes the last record;</li>
 * <li>then offers a fraction of that sustained rate, timestamped with the wall clock, and measures
 * for each packet the time from its publication to the first {@code sampo.sessions} update whose
 * count of its subflow's packets includes it.</li>
 * </ol>
 * <p>And the job alone: {@code publish} puts the copies into a topic of their own first, then
 * {@code drain} times a second job started on that backlog (see bench/stream.sh).
 */
public final class StreamLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private StreamLoad() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "live" -> live(args[1], URI.create(args[2]), Load.of(args[3], args[4], args[5]),
                    Double.parseDouble(args[6]), Double.parseDouble(args[7]));
            case "publish" -> publish(args[1], args[2], Load.of(args[3], args[4], args[5]));
            case "consume" -> consume(args[1], args[2]);
            case "drain" -> drain(args[1], args[2], URI.create(args[3]), Long.parseLong(args[4]), Load.of(args[5], args[6], args[7]));
            default -> {
                System.err.println("usage: StreamLoad live KAFKA FLINK_UI FILE COPIES LIVE_SUBFLOWS LATENCY_FRACTION "
                        + "LATENCY_SECONDS\n"
                        + "       StreamLoad publish KAFKA TOPIC FILE COPIES LIVE_SUBFLOWS\n"
                        + "       StreamLoad consume KAFKA TOPIC\n"
                        + "       StreamLoad drain KAFKA TOPIC FLINK_UI JOB_PID FILE COPIES LIVE_SUBFLOWS");
                System.exit(2);
            }
        }
    }

    /**
     * The records to publish: COPIES times the capture's records. With LIVE_SUBFLOWS 0, the copies
     * follow one another in time, each on its own addresses; otherwise as many copies as make that
     * many subflows run at once ({@link CaptureCopies}), each record of each copy kept with the
     * same chance, so that the same number of records spreads over that many live subflows.
     */
    private record Load(List<PacketRecord> capture, int copies, int liveSubflows) {
        static Load of(String file, String copies, String liveSubflows) throws Exception {
            return new Load(read(Path.of(file)), Integer.parseInt(copies), Integer.parseInt(liveSubflows));
        }

        long span() {
            return capture.get(capture.size() - 1).tsMicros() - capture.get(0).tsMicros() + 1_000_000;
        }

        /** The time of the last record (µs). */
        long lastTs() {
            long last = capture.get(capture.size() - 1).tsMicros();
            return liveSubflows == 0 ? last + (copies - 1) * span() : last;
        }

        void forEach(java.util.function.Consumer<PacketRecord> out) {
            if (liveSubflows == 0) {
                for (int c = 0; c < copies; c++) {
                    for (PacketRecord r : capture) {
                        out.accept(shifted(r, c, r.tsMicros() + c * span()));
                    }
                }
                return;
            }
            long perCopy = capture.stream().map(r -> SubflowId.of(r.src(), r.sport(), r.dst(), r.dport()))
                    .distinct().count();
            int concurrent = (int) Math.ceil((double) liveSubflows / perCopy);
            double keep = Math.min(1.0, (double) copies / concurrent);
            for (int i = 0; i < capture.size(); i++) {
                for (int c = 0; c < concurrent; c++) {
                    if ((mix(i * 0x9E37_79B9_7F4A_7C15L + c) >>> 11) * 0x1.0p-53 < keep) {
                        out.accept(CaptureCopies.packet(capture.get(i), c));
                    }
                }
            }
        }

        /** SplitMix64's finalizer: which records of which copy are kept, the same in every pass. */
        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
            return z ^ (z >>> 31);
        }
    }

    /** What one pass of publishing the copies did. */
    private record Published(long records, long lastTs, double seconds, long endTs, long endNanos) {
    }

    /** The copies, as fast as the producer goes, then an end marker per partition. */
    private static Published publishCopies(String kafka, String topic, Load load) {
        long start = System.nanoTime();
        long[] n = {0};
        try (KafkaPacketSink sink = new KafkaPacketSink(kafka, topic)) {
            load.forEach(r -> {
                sink.accept(r);
                n[0]++;
            });
            sink.flush();
        }
        long lastTs = load.lastTs();
        double seconds = (System.nanoTime() - start) / 1e9;
        // One plain-TCP record per partition, after the last: each partition's watermark passes the
        // end at once instead of waiting to be quiet (it carries no MPTCP option: no evidence).
        long end = lastTs + 2_000_000;
        long endNanos = System.nanoTime();
        try (KafkaPacketSink sink = new KafkaPacketSink(kafka, topic)) {
            endMarkers(kafka, topic, end).forEach(sink::accept);
        }
        System.out.printf(Locale.ROOT, "published %d records in %.2f s: %.0f records/s into %s%n", n[0], seconds,
                n[0] / seconds, topic);
        return new Published(n[0], lastTs, seconds, end, endNanos);
    }

    /** Publishing while the job runs: the rate sustained through it, then latency at a fraction of it. */
    private static void live(String kafka, URI flink, Load load, double fraction, double latencySeconds)
            throws Exception {
        long start = System.nanoTime();
        Published p = publishCopies(kafka, Topics.PACKETS, load);
        awaitWatermark(flink, p.lastTs());
        double throughSeconds = (System.nanoTime() - start) / 1e9;
        double sustained = p.records() / throughSeconds;
        System.out.printf(Locale.ROOT, "through the job in %.2f s: %.0f records/s sustained%n", throughSeconds, sustained);

        double rate = fraction * sustained;
        // Event time goes on from the end markers at the wall clock's pace, as on a live network.
        long base = p.endTs() + (System.nanoTime() - p.endNanos()) / 1000;
        double[] latencies = latency(kafka, load.capture(), load.copies(), rate, latencySeconds, base);
        if (latencies.length == 0) {
            System.out.printf(Locale.ROOT, "latency at %.0f records/s: no packet showed in sampo.sessions%n", rate);
            return;
        }
        System.out.printf(Locale.ROOT, "latency at %.0f records/s (%.0f%% of sustained), %d packets: p50 %.3f s, "
                        + "p90 %.3f s, p99 %.3f s, max %.3f s%n", rate, fraction * 100, latencies.length,
                pct(latencies, 0.5), pct(latencies, 0.9), pct(latencies, 0.99), latencies[latencies.length - 1]);
    }

    private static void publish(String kafka, String topic, Load load) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            // Kept whatever the records' times: the copies carry the capture's, which can be older
            // than the broker's retention (7 days), and its next check would delete the backlog
            // between one drain and the next.
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1).configs(Map.of("retention.ms", "-1"))))
                    .all().get();
        }
        publishCopies(kafka, topic, load);
    }

    /**
     * The bare consumer: reads the whole topic from its start, values as bytes, without doing
     * anything with them; the rate a job draining the topic is to be compared with.
     */
    private static void consume(String kafka, String topic) {
        Properties p = consumer(kafka, ByteArrayDeserializer.class);
        long start = System.nanoTime();
        long cpuStart = cpuNanos(ProcessHandle.current());
        long n = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                n += consumer.poll(Duration.ofMillis(100)).count();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (cpuNanos(ProcessHandle.current()) - cpuStart) / 1e9;
        System.out.printf(Locale.ROOT, "bare consumer read %d records of %s in %.2f s: %.0f records/s; CPU %.2f s: "
                + "%.1f µs per record%n", n, topic, seconds, n / seconds, cpuSeconds, cpuSeconds * 1e6 / n);
    }

    /**
     * A job started on a backlog of the copies: the time from its start (the Flink REST API's
     * RUNNING time) to the end of association, and the CPU its process spent per record from
     * then (the job runs alone in it: the broker is in another process).
     */
    private static void drain(String kafka, String topic, URI flink, long pid, Load load) throws Exception {
        ProcessHandle job = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
        long cpuStart = cpuNanos(job);
        String[] grouping = groupingVertex(flink);
        long running = get(flink, "/jobs/" + grouping[0]).get("timestamps").get("RUNNING").asLong();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (watermark(flink, grouping) < Math.floorDiv(load.lastTs(), 1000)) {
            if (System.nanoTime() > deadline) {
                System.out.println("the drain did not finish within 10 minutes");
                return;
            }
            Thread.sleep(200);
        }
        double seconds = (System.currentTimeMillis() - running) / 1e3;
        double cpuSeconds = (cpuNanos(job) - cpuStart) / 1e9;
        long n = recordsIn(kafka, topic);
        System.out.printf(Locale.ROOT, "drained %d records through the job in %.2f s: %.0f records/s; "
                + "CPU %.2f s since ready: %.1f µs per record%n", n, seconds, n / seconds, cpuSeconds,
                cpuSeconds * 1e6 / n);
    }

    private static Properties consumer(String kafka, Class<?> deserializer) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, deserializer.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, deserializer.getName());
        return p;
    }

    /** The records a topic holds (all of it: the backlog is written once). */
    private static long recordsIn(String kafka, String topic) {
        Properties p = consumer(kafka, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time of " + p.pid()))
                .toNanos();
    }

    /** Until the session grouping's input watermark has passed {@code tsMicros}. */
    static void awaitWatermark(URI flink, long tsMicros) throws Exception {
        String[] grouping = groupingVertex(flink);
        long target = Math.floorDiv(tsMicros, 1000);
        while (watermark(flink, grouping) < target) {
            Thread.sleep(200); // polled more often, the REST metric store took a share of the job's CPU
        }
    }

    private static List<PacketRecord> read(Path file) throws Exception {
        List<PacketRecord> records = new ArrayList<>();
        try (CapturePacketSource source = new CapturePacketSource(file, Sampler.parse("none"), true)) {
            for (PacketRecord r = source.next(); r != null; r = source.next()) {
                records.add(r);
            }
        }
        return records;
    }

    /** The record on the copy's own addresses (first octet + copy: paper40's hosts differ in the second) at {@code ts}. */
    private static PacketRecord shifted(PacketRecord r, int copy, long ts) {
        return new PacketRecord(r.frame(), ts, r.observationPoint(), shift(r.src(), copy), r.sport(),
                shift(r.dst(), copy), r.dport(), r.seq(), r.ack(), r.len(), r.flags(), r.samplingRate(), r.missing(),
                r.mptcp());
    }

    private static IpAddress shift(IpAddress ip, int copy) {
        return new IpAddress(ip.hi(), ip.lo() + ((long) copy << (ip.isV4() ? 24 : 32)));
    }

    /** Offers the capture at {@code rate} records/s for {@code seconds}; the publish-to-update delays, sorted. */
    private static double[] latency(String kafka, List<PacketRecord> capture, int copy, double rate, double seconds,
                                    long baseMicros) throws Exception {
        Map<String, Deque<long[]>> waiting = new ConcurrentHashMap<>();
        List<Double> delays = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> readSessions(kafka, waiting, delays), "sessions-reader");
        reader.setDaemon(true);
        reader.start();
        Thread.sleep(2_000); // the reader is positioned at the end of sampo.sessions
        Map<String, Long> published = new HashMap<>();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long baseNanos = start;
        try (KafkaPacketSink sink = new KafkaPacketSink(kafka, Topics.PACKETS)) {
            for (int i = 0; ; i++) {
                long due = start + (long) (i * 1e9 / rate);
                if (due >= end) {
                    break;
                }
                LockSupport.parkNanos(due - System.nanoTime());
                PacketRecord r = shifted(capture.get(i % capture.size()), copy + i / capture.size(),
                        baseMicros + (System.nanoTime() - baseNanos) / 1000);
                String id = SubflowId.of(r.src(), r.sport(), r.dst(), r.dport()).toString();
                long k = published.merge(id, 1L, Long::sum);
                waiting.computeIfAbsent(id, x -> new ConcurrentLinkedDeque<>()).add(new long[] {k, System.nanoTime()});
                sink.accept(r);
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (waiting.values().stream().anyMatch(d -> !d.isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long unresolved = waiting.values().stream().mapToLong(Deque::size).sum();
        if (unresolved > 0) {
            System.out.printf("%d packets never showed in sampo.sessions within 30 s%n", unresolved);
        }
        double[] sorted;
        synchronized (delays) {
            sorted = delays.stream().mapToDouble(Double::doubleValue).toArray();
        }
        Arrays.sort(sorted);
        return sorted;
    }

    private static void readSessions(String kafka, Map<String, Deque<long[]>> waiting, List<Double> delays) {
        Properties p = consumer(kafka, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SESSIONS).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    if (r.value() == null) {
                        continue;
                    }
                    for (SessionRecord.Member m : SessionRecord.parse(r.value()).subflows()) {
                        Deque<long[]> queue = waiting.get(m.a() + "-" + m.b());
                        long counted = m.packets();
                        while (queue != null && !queue.isEmpty() && queue.peekFirst()[0] <= counted) {
                            delays.add((now - queue.pollFirst()[1]) / 1e9);
                        }
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("reading sampo.sessions failed", e);
        }
    }

    /** A plain-TCP record at {@code ts} for each partition of the topic, by Kafka's key hashing. */
    static List<PacketRecord> endMarkers(String kafka, String topic, long ts) {
        int partitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + topic, e);
        }
        Map<Integer, PacketRecord> markers = new HashMap<>();
        for (int port = 1; markers.size() < partitions; port++) {
            PacketRecord r = new PacketRecord(0, ts, null, IpAddress.parse("192.0.2.1"), port,
                    IpAddress.parse("192.0.2.2"), 9, 0, 0, 0, 0x10, 1, null, null);
            markers.putIfAbsent(Utils.toPositive(Utils.murmur2(PacketWire.key(r))) % partitions, r);
        }
        return List.copyOf(markers.values());
    }

    /** [job id, vertex id] of the session grouping, from the Flink REST API. */
    static String[] groupingVertex(URI flink) throws Exception {
        JsonNode jobs = get(flink, "/jobs");
        for (JsonNode job : jobs.get("jobs")) {
            if (job.get("status").asText().equals("RUNNING")) {
                String id = job.get("id").asText();
                for (JsonNode v : get(flink, "/jobs/" + id).get("vertices")) {
                    if (v.get("name").asText().startsWith("session grouping")) {
                        return new String[] {id, v.get("id").asText()};
                    }
                }
            }
        }
        throw new IllegalStateException("no running association job at " + flink);
    }

    private static long watermark(URI flink, String[] vertex) throws Exception {
        JsonNode marks = get(flink, "/jobs/" + vertex[0] + "/vertices/" + vertex[1] + "/watermarks");
        long min = Long.MAX_VALUE;
        for (JsonNode m : marks) {
            min = Math.min(min, m.get("value").asLong());
        }
        return min == Long.MAX_VALUE ? Long.MIN_VALUE : min;
    }

    static JsonNode get(URI base, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static double pct(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
