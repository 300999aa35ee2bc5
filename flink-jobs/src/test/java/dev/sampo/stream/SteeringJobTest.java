package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.kafka.TopicView;
import dev.sampo.packet.PacketRecord;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steering stage against a real KRaft broker and a real MiniCluster, on the bundled lab
 * capture: with three NF instances reporting load (and bad reports mixed in), {@code sampo.steering}
 * puts every subflow of each session of {@code sampo.subflows} on one instance, at parallelism 1
 * and 2; when one instance falls silent, only the subflows it held move.
 */
class SteeringJobTest {
    private static final Path LAB = Path.of("../samples/lab-small.pcap.gz");
    private static final List<String> INSTANCES = List.of("nf-a", "nf-b", "nf-c");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();
    @TempDir
    static Path dir;

    @BeforeAll
    static void publishTheCapture() throws Exception {
        assertTrue(Files.exists(LAB), "bundled capture missing: " + LAB.toAbsolutePath());
        TestTopics.create(kafka.bootstrap(), "lab.packets", 2, false);
        TestTopics.create(kafka.bootstrap(), "nf.load", 1, false);
        try (CapturePacketSource source = new CapturePacketSource(LAB, Sampler.parse("none"), true);
             KafkaPacketSink sink = new KafkaPacketSink(kafka.bootstrap(), "lab.packets")) {
            for (PacketRecord r = source.next(); r != null; r = source.next()) {
                sink.accept(r);
            }
        }
    }

    @Test
    void sessionsStayWholeAtParallelismOneAndTwoAndASilentInstanceHandsOnOnlyItsOwn() throws Exception {
        try (LoadReporter reporter = new LoadReporter();
             EmbeddedFlink flink = EmbeddedFlink.start(4, 0, dir.resolve("cp"))) {
            JobID one = flink.submit(config("p1", 1));
            JobID two = flink.submit(config("p2", 2));
            Map<String, String> before1 = settle("p1", s -> true);
            Map<String, String> before2 = settle("p2", s -> true);
            assertFalse(before1.isEmpty());
            assertEquals(before1.keySet(), before2.keySet(), "both parallelisms steer the same subflows");
            assertTrue(kafka.consume("p1.steering", before1.size()).stream().filter(r -> r.value() != null)
                    .map(r -> json(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)))
                    .anyMatch(v -> v.get("action").asText().equals("move")
                            && !v.get("from").asText().equals(v.get("instance").asText())),
                    "subflows grouped into a session placed elsewhere get move records");

            String silent = busiest(before1);
            reporter.live.remove(silent);
            Predicate<Map<String, String>> handedOn = t -> t.values().stream().noneMatch(v -> silent.equals(instance(v)));
            Map<String, String> after1 = settle("p1", handedOn);
            Map<String, String> after2 = settle("p2", handedOn);
            flink.cancel(one);
            flink.cancel(two);
            assertOnlyItsOwnMoved(silent, before1, after1);
            assertOnlyItsOwnMoved(silent, before2, after2);
        }
    }

    private static void assertOnlyItsOwnMoved(String silent, Map<String, String> before, Map<String, String> after) {
        assertEquals(before.keySet(), after.keySet());
        int moved = 0;
        for (Map.Entry<String, String> e : before.entrySet()) {
            String was = instance(e.getValue());
            String is = instance(after.get(e.getKey()));
            if (was.equals(silent)) {
                assertNotEquals(silent, is);
                moved++;
            } else {
                assertEquals(was, is, "moved though its instance stayed: " + e.getKey());
            }
        }
        assertTrue(moved > 0, "the silent instance held nothing: the check proves nothing");
    }

    /**
     * The steering table once it covers every subflow of the subflows table, puts each session on
     * one known instance, satisfies {@code also}, and has not changed for 3 s.
     */
    private static Map<String, String> settle(String prefix, Predicate<Map<String, String>> also) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String why = "nothing read";
        try (TopicView subflows = new TopicView(kafka.bootstrap(), prefix + ".subflows");
             TopicView steering = new TopicView(kafka.bootstrap(), prefix + ".steering")) {
            while (System.nanoTime() < deadline) {
                subflows.poll(Duration.ofMillis(200));
                steering.poll(Duration.ofMillis(200));
                why = problem(subflows.table(), steering.table());
                if (why == null && also.test(steering.table()) && steering.unchangedFor().toSeconds() >= 3
                        && subflows.unchangedFor().toSeconds() >= 3) {
                    return Map.copyOf(steering.table());
                }
            }
        }
        throw new AssertionError(prefix + ": the steering table did not settle: " + why);
    }

    /** What is wrong with the steering table against the subflows table, or null. */
    private static String problem(Map<String, String> subflows, Map<String, String> steering) {
        if (subflows.isEmpty() || !subflows.keySet().equals(steering.keySet())) {
            return "steering covers " + steering.size() + " of " + subflows.size() + " subflows";
        }
        Map<String, Set<String>> instancesOfSession = new HashMap<>();
        boolean multi = false;
        for (Map.Entry<String, String> e : subflows.entrySet()) {
            JsonNode sf = json(e.getValue());
            JsonNode st = json(steering.get(e.getKey()));
            if (!sf.get("session").asText().equals(st.get("session").asText())) {
                return e.getKey() + " steered for session " + st.get("session") + ", grouped in " + sf.get("session");
            }
            if (!INSTANCES.contains(st.get("instance").asText())) {
                return e.getKey() + " on an instance that never reported validly: " + st.get("instance");
            }
            multi |= sf.get("session_subflows").asInt() > 1;
            instancesOfSession.computeIfAbsent(sf.get("session").asText(), k -> new HashSet<>())
                    .add(st.get("instance").asText());
        }
        if (!multi) {
            return "no multi-subflow session yet";
        }
        return instancesOfSession.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> "session " + e.getKey() + " split over " + e.getValue()).findFirst().orElse(null);
    }

    private static String busiest(Map<String, String> steering) {
        Map<String, Integer> counts = new HashMap<>();
        steering.values().forEach(v -> counts.merge(instance(v), 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static String instance(String steeringValue) {
        return json(steeringValue).get("instance").asText();
    }

    private static JsonNode json(String value) {
        try {
            return MAPPER.readTree(value);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + value, e);
        }
    }

    private static JobConfig config(String prefix, int parallelism) {
        for (String topic : List.of("pairs", "dlq")) {
            TestTopics.create(kafka.bootstrap(), prefix + "." + topic, 1, false);
        }
        for (String topic : List.of("sessions", "subflows", "steering")) {
            TestTopics.create(kafka.bootstrap(), prefix + "." + topic, 1, true);
        }
        Map<String, String> c = new HashMap<>();
        c.put("sampo.kafka.bootstrap", kafka.bootstrap());
        c.put("sampo.topic.packets", "lab.packets");
        c.put("sampo.topic.pairs", prefix + ".pairs");
        c.put("sampo.topic.sessions", prefix + ".sessions");
        c.put("sampo.topic.subflows", prefix + ".subflows");
        c.put("sampo.topic.dead-letters", prefix + ".dlq");
        c.put("sampo.topic.steering", prefix + ".steering");
        c.put("sampo.topic.nf-load", "nf.load");
        c.put("sampo.steering.instances", "nf-a,nf-b,nf-c,nf-zero");
        c.put("sampo.steering.silence", "3s");
        c.put("sampo.idle-timeout", "600s"); // the test outlasts the capture by minutes of wall-clock quiet
        c.put("sampo.group.id", prefix);
        c.put("sampo.parallelism", Integer.toString(parallelism));
        c.put("sampo.watermark.quiet", "1s");
        c.put("sampo.checkpoint.interval", "1s");
        return JobConfig.defaultsWith(c);
    }

    /**
     * NF instances reporting every 300 ms, with what must be skipped mixed in: garbage, a null
     * value, an instance not configured, and a configured one of capacity 0.
     */
    private static final class LoadReporter implements AutoCloseable {
        final Set<String> live = ConcurrentHashMap.newKeySet();
        private final KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrap()), new StringSerializer(), new StringSerializer());
        private final Thread thread = new Thread(this::run, "load-reporter");
        private volatile boolean running = true;

        LoadReporter() {
            live.addAll(INSTANCES);
            thread.start();
        }

        private void run() {
            List<String> bad = new ArrayList<>(List.of("not json", "{\"instance\":\"nf-a\"}",
                    "{\"instance\":\"nf-zz\",\"capacity\":100,\"packet_rate\":0,\"queue_depth\":0}",
                    "{\"instance\":\"nf-zero\",\"capacity\":0,\"packet_rate\":0,\"queue_depth\":0}",
                    "{\"instance\":\"nf-zz\",\"leave\":true}"));
            bad.add(null);
            while (running) {
                for (String id : live) {
                    send(id, "{\"instance\":\"" + id + "\",\"capacity\":1000,\"packet_rate\":10,\"queue_depth\":0}");
                }
                bad.forEach(v -> send("bad", v));
                try {
                    Thread.sleep(300); // the reporting period of the simulated instances
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void send(String key, String value) {
            producer.send(new ProducerRecord<>("nf.load", key, value));
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
            producer.close();
        }
    }
}
