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
import java.util.Comparator;
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
 * and 2; when one instance falls silent, only the subflows it held move. When one instance's
 * queue rises past the threshold, {@code sampo.migrations} carries plans that move whole
 * sessions off it, and {@code sampo.steering} moves every subflow of each.
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
        TestTopics.create(kafka.bootstrap(), "mig.load", 1, false);
        try (CapturePacketSource source = new CapturePacketSource(LAB, Sampler.parse("none"), true);
             KafkaPacketSink sink = new KafkaPacketSink(kafka.bootstrap(), "lab.packets")) {
            for (PacketRecord r = source.next(); r != null; r = source.next()) {
                sink.accept(r);
            }
        }
    }

    @Test
    void sessionsStayWholeAtParallelismOneAndTwoAndASilentInstanceHandsOnOnlyItsOwn() throws Exception {
        try (LoadReporter reporter = new LoadReporter("nf.load", 1000);
             EmbeddedFlink flink = EmbeddedFlink.start(4, 0, dir.resolve("cp"))) {
            JobID one = flink.submit(config("p1", 1, "nf.load"));
            JobID two = flink.submit(config("p2", 2, "nf.load"));
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
            reporter.loads.remove(silent);
            Predicate<Map<String, String>> handedOn = t -> t.values().stream().noneMatch(v -> silent.equals(instance(v)));
            Map<String, String> after1 = settle("p1", handedOn);
            Map<String, String> after2 = settle("p2", handedOn);
            flink.cancel(one);
            flink.cancel(two);
            assertOnlyItsOwnMoved(silent, before1, after1);
            assertOnlyItsOwnMoved(silent, before2, after2);
        }
    }

    @Test
    void anOverloadedInstanceHandsWholeSessionsOnAndTheSteeringTableMovesEverySubflowOfEach() throws Exception {
        // A longer silence than the other test's: on a busy machine a stalled job must not take an
        // instance for gone, which would move its sessions without a plan.
        Map<String, String> settings = settings("mig", 1, "mig.load");
        settings.put("sampo.steering.silence", "10s");
        settings.put("sampo.migration.new-instance-capacity", "5000");
        JobConfig config = JobConfig.defaultsWith(settings);
        try (LoadReporter reporter = new LoadReporter("mig.load", 5000);
             EmbeddedFlink flink = EmbeddedFlink.start(2, 0, dir.resolve("cp-mig"));
             TopicView migrations = new TopicView(kafka.bootstrap(), "mig.migrations")) {
            JobID job = flink.submit(config);
            Map<String, String> before = settle("mig", s -> true);
            String hot = holderOfMostMultiSubflowSessions(before);
            // The hot instance: 1800 pps offered to 1000 of capacity, its queue rising by 10 a report.
            reporter.loads.put(hot, new Load(1000, 1800, true));
            List<JsonNode> steps = new ArrayList<>();
            awaitSteps(migrations, steps, all -> !sessionsAt(all, "moved").isEmpty());
            reporter.loads.put(hot, new Load(1000, 500, false)); // relieved: its queue drains
            // A round may start before the relief is reported: wait until the topic is quiet, every move done.
            awaitSteps(migrations, steps, all -> sessionsAt(all, "done").containsAll(sessionsAt(all, "moved"))
                    && migrations.unchangedFor().toSeconds() >= 3);
            Set<String> movedSessions = sessionsAt(steps, "moved");
            List<JsonNode> moved = steps.stream().filter(st -> st.get("status").asText().equals("moved")).toList();
            Map<String, String> after = settle("mig", t -> movedSessions.stream().allMatch(s -> t.values().stream()
                    .map(SteeringJobTest::json).filter(v -> v.get("session").asText().equals(s))
                    .noneMatch(v -> v.get("instance").asText().equals(hot))));

            Map<String, List<String>> subflowsOfSession = subflowsBySession("mig");
            boolean multi = false;
            for (JsonNode m : moved) {
                String session = m.get("session").asText();
                assertEquals(hot, m.get("from").asText());
                assertEquals("REBALANCE", m.get("reason").asText());
                List<String> planned = new ArrayList<>();
                m.get("subflows").forEach(sf -> planned.add(sf.asText()));
                assertEquals(Set.copyOf(subflowsOfSession.get(session)), Set.copyOf(planned),
                        "a plan names every subflow of its session");
                for (String sf : planned) {
                    JsonNode entry = json(after.get(sf));
                    assertEquals(m.get("to").asText(), entry.get("instance").asText(), sf + " of " + session);
                    assertEquals("move", entry.get("action").asText());
                    assertEquals(hot, entry.get("from").asText());
                }
                multi |= planned.size() > 1;
            }
            assertTrue(multi, "no multi-subflow session moved: the check of wholeness proves little");
            assertTrue(steps.stream().noneMatch(s -> s.get("status").asText().equals("aborted")), steps.toString());
            for (Map.Entry<String, String> e : before.entrySet()) {
                if (!movedSessions.contains(json(e.getValue()).get("session").asText())) {
                    assertEquals(instance(e.getValue()), instance(after.get(e.getKey())), "moved without a plan: "
                            + e.getKey() + " " + e.getValue() + " -> " + after.get(e.getKey()) + " steps " + steps);
                }
            }

            // No running instance has room: the plan is for an instance to spawn, which may not report.
            // Overloaded now: whichever instance holds most sessions (on a slow machine the first
            // phase may have moved every session off the first hot one before its relief was read).
            String full = holderOfMostMultiSubflowSessions(after);
            INSTANCES.stream().filter(i -> !i.equals(full)).forEach(i -> reporter.loads.put(i, new Load(5000, 4900, false)));
            reporter.loads.put(full, new Load(1000, 1800, true));
            int seen = steps.size();
            awaitSteps(migrations, steps, all -> all.stream().skip(seen).anyMatch(s -> s.get("status").asText()
                    .equals("aborted")));
            JsonNode aborted = steps.stream().skip(seen).filter(s -> s.get("status").asText().equals("aborted"))
                    .findFirst().orElseThrow();
            assertEquals("SCALE_OUT", aborted.get("reason").asText());
            assertTrue(aborted.get("detail").asText().startsWith("unknown-instance: " + aborted.get("to").asText()),
                    aborted.toString());
            assertTrue(aborted.get("detail").asText().endsWith("whole on " + full), aborted.toString());
            reporter.loads.put(full, new Load(1000, 500, false));
            Map<String, String> unmoved = settle("mig", t -> true);
            flink.cancel(job);
            assertEquals(after, unmoved, "an aborted plan moves nothing");
        }
    }

    /** Adds the steps read from the migrations topic to {@code steps} until they satisfy {@code enough}. */
    private static void awaitSteps(TopicView migrations, List<JsonNode> steps, Predicate<List<JsonNode>> enough) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            migrations.poll(Duration.ofMillis(200), (k, v) -> steps.add(json(v)));
            if (enough.test(steps)) {
                return;
            }
        }
        throw new AssertionError("the migrations topic did not get the steps awaited: " + steps);
    }

    private static Set<String> sessionsAt(List<JsonNode> steps, String status) {
        Set<String> sessions = new HashSet<>();
        steps.stream().filter(s -> s.get("status").asText().equals(status))
                .forEach(s -> sessions.add(s.get("session").asText()));
        return sessions;
    }

    private static String holderOfMostMultiSubflowSessions(Map<String, String> steering) {
        Map<String, Set<String>> sessionsOf = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        for (String v : steering.values()) {
            sizes.merge(json(v).get("session").asText(), 1, Integer::sum);
        }
        for (String v : steering.values()) {
            String session = json(v).get("session").asText();
            if (sizes.get(session) > 1) {
                sessionsOf.computeIfAbsent(instance(v), k -> new HashSet<>()).add(session);
            }
        }
        return sessionsOf.entrySet().stream().max(Map.Entry.comparingByValue(Comparator.comparingInt(Set::size)))
                .orElseThrow(() -> new AssertionError("no multi-subflow session steered")).getKey();
    }

    private static Map<String, List<String>> subflowsBySession(String prefix) {
        Map<String, List<String>> bySession = new HashMap<>();
        try (TopicView subflows = new TopicView(kafka.bootstrap(), prefix + ".subflows")) {
            while (subflows.poll(Duration.ofMillis(500)) > 0) {
                // reads the whole table
            }
            subflows.table().forEach((sf, v) -> bySession.computeIfAbsent(json(v).get("session").asText(),
                    k -> new ArrayList<>()).add(sf));
        }
        return bySession;
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

    private static JobConfig config(String prefix, int parallelism, String loadTopic) {
        return JobConfig.defaultsWith(settings(prefix, parallelism, loadTopic));
    }

    private static Map<String, String> settings(String prefix, int parallelism, String loadTopic) {
        for (String topic : List.of("pairs", "dlq", "migrations")) {
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
        c.put("sampo.topic.nf-load", loadTopic);
        c.put("sampo.topic.migrations", prefix + ".migrations");
        c.put("sampo.steering.instances", "nf-a,nf-b,nf-c,nf-zero");
        c.put("sampo.steering.silence", "3s");
        c.put("sampo.idle-timeout", "600s"); // the test outlasts the capture by minutes of wall-clock quiet
        c.put("sampo.group.id", prefix);
        c.put("sampo.parallelism", Integer.toString(parallelism));
        c.put("sampo.watermark.quiet", "1s");
        c.put("sampo.checkpoint.interval", "1s");
        return c;
    }

    /** What an instance reports: capacity and rate in packets/s; a rising queue grows by 10 a report, else it is 0. */
    private record Load(double capacity, double rate, boolean rising) {
    }

    /**
     * NF instances reporting every 300 ms, with what must be skipped mixed in: garbage, a null
     * value, an instance not configured, and a configured one of capacity 0.
     */
    private static final class LoadReporter implements AutoCloseable {
        final Map<String, Load> loads = new ConcurrentHashMap<>();
        private final Map<String, Long> queues = new HashMap<>();
        private final String topic;
        private final KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrap()), new StringSerializer(), new StringSerializer());
        private final Thread thread = new Thread(this::run, "load-reporter");
        private volatile boolean running = true;

        LoadReporter(String topic, double capacity) {
            this.topic = topic;
            INSTANCES.forEach(id -> loads.put(id, new Load(capacity, 10, false)));
            thread.start();
        }

        private void run() {
            List<String> bad = new ArrayList<>(List.of("not json", "{\"instance\":\"nf-a\"}",
                    "{\"instance\":\"nf-zz\",\"capacity\":100,\"packet_rate\":0,\"queue_depth\":0}",
                    "{\"instance\":\"nf-zero\",\"capacity\":0,\"packet_rate\":0,\"queue_depth\":0}",
                    "{\"instance\":\"nf-zz\",\"leave\":true}"));
            bad.add(null);
            while (running) {
                loads.forEach((id, load) -> {
                    long queue = load.rising() ? queues.merge(id, 10L, Long::sum) : 0;
                    queues.put(id, queue);
                    send(id, "{\"instance\":\"" + id + "\",\"capacity\":" + load.capacity() + ",\"packet_rate\":"
                            + load.rate() + ",\"queue_depth\":" + queue + "}");
                });
                bad.forEach(v -> send("bad", v));
                try {
                    Thread.sleep(300); // the reporting period of the simulated instances
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void send(String key, String value) {
            producer.send(new ProducerRecord<>(topic, key, value));
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
