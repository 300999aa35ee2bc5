package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.association.AssociationResult;
import dev.sampo.capture.MptcpLab;
import dev.sampo.directory.DirectoryConfig;
import dev.sampo.enforcement.RuleSettings;
import dev.sampo.ids.DirectivePolicy;
import dev.sampo.nf.DirectiveService;
import dev.sampo.eval.Truth;
import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.kafka.KafkaClientConfig;
import dev.sampo.kafka.TopicView;
import dev.sampo.packet.PacketRecord;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.stream.JobConfig;
import dev.sampo.wire.SteeringRecord;
import dev.sampo.wire.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real switch at both ends: the OVS lab's bridge samples 1 in 10 packets with its own sFlow
 * agent into a stack started as {@code sampo up} starts it (collector → embedded broker → job with
 * its steering stage, two NF instances reporting on {@code nf.load}), and {@code sampo enforce}
 * keeps the bridge's rules in step with {@code sampo.steering} and {@code sampo.directives}
 * (the directive service turns an EVE alert into those); both run in this JVM, as {@code enforce}
 * and {@code directive-service} run them. Two MPTCP clients run two
 * sessions each over 2 × 2 subflows. Checked, with the packets each NF instance's namespace
 * received, the kernel's own truth and the sessions association can tell from the sampled packets
 * (a subflow of which no telling packet was sampled cannot be placed, so only what the samples
 * show is asked for):
 * <ul>
 *   <li>once the enforcer has steered every subflow of a session as associated with the session's
 *       rules, all of that session's packets reach one NF instance (a subflow first steered on its
 *       own, before association joined it to its session, counts from its move);</li>
 *   <li>an EVE alert naming one subflow stops every subflow of its session at the switch (drop
 *       rules that count packets, nothing more at any NF) while the other sessions carry on and
 *       finish.</li>
 * </ul>
 * It prints the figures of the README: time from a subflow's first packet to its steering rule,
 * the share of each session's packets that reached another instance before its rules.
 *
 * <p>Needs root, {@code ip netns}, an MPTCP kernel, the lab's tools and Open vSwitch; skipped
 * otherwise ({@code .ci/run} installs them).
 */
@Timeout(300)
class LabOvsEnforcementEndToEndTest {
    /** Time for the enforcer and the directive service (two JVMs, Kafka consumers) before traffic starts. */
    private static final int START_DELAY_SECONDS = 10;
    /**
     * A client job fails when its connection moves no byte for this long: the blocked session's
     * job, which the test expects, and no other. MPTCP alone stalls a session on the lab's shaped
     * paths for up to 2.8 s (its DATA_ACK at the NF instances, 8 sessions measured once the lab
     * stopped the switch from dropping across ports; 5.3 s before), so 4 s was a coin toss.
     */
    private static final int STALL_TIMEOUT_SECONDS = 15;
    /**
     * Each session's download: about 70 s over the shaped paths, so that sessions still run when
     * they are steered and one is blocked. Under heavy load the pipeline takes 30 s and more from a
     * subflow's first packet to its steering rule (load average 52 here), and with 12 MB the traffic
     * was over before the block came.
     */
    private static final int SESSION_BYTES = 24_000_000;
    /**
     * The job's settings: a short quiet time closes the last period soon after the traffic stops;
     * the NF instances report once, so they must not be taken for gone while the test runs.
     */
    private static final Map<String, String> JOB = Map.of("sampo.watermark.quiet", "1s", "sampo.steering.silence", "10m");
    /**
     * After ovs-ofctl returns, ovs-vswitchd still revalidates the datapath's cached flows: packets of
     * the next few hundred ms may follow the old rules.
     */
    private static final long REVALIDATION_MICROS = 500_000;
    private static final List<String> INSTANCES = List.of("nf-0", "nf-1");
    private static final Pattern FAILED_JOB = Pattern.compile("problem: job \\d+ on m\\d+ failed: timed out");
    private static final Pattern DROPPED = Pattern.compile("n_packets=(\\d+),.* actions=drop");
    private static final Pattern COUNTED = Pattern.compile("n_packets=(\\d+),.*priority=\\d+,(tcp,\\S+) actions=");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What {@code enforce --continue resubmit(,1)} sets for the lab's bridge: NFs get a copy, table 1 routes. */
    private static final RuleSettings LAB_RULES = new RuleSettings(0, 40_000, 40_100, 0x5a3e, "resubmit(,1)");

    /**
     * Where to keep what a run leaves (-Dsampo.ovs.keep=DIR): the lab's output and log, the
     * enforcer's output, every record of the steering, directive and alert topics.
     */
    private static final String KEEP = System.getProperty("sampo.ovs.keep", "");

    @TempDir
    Path dir;

    @BeforeAll
    static void labCanRun() throws Exception {
        OvsTests.assumeOvsLab();
    }

    @Test
    void sessionsAreSteeredWholeAndAnAlertStopsItsSessionAtTheSwitch() throws Exception {
        Path work = KEEP.isEmpty() ? dir : Files.createDirectories(Path.of(KEEP));
        Stack.Settings settings = new Stack.Settings(null, 0, 1, 0, new InetSocketAddress("127.0.0.1", 0),
                work.resolve("home"), JOB);
        try (Stack stack = Stack.start(settings, new PrintWriter(System.err, true));
             KafkaProducer<String, String> producer = OvsTests.producer(stack.bootstrap())) {
            for (String instance : INSTANCES) {
                producer.send(new ProducerRecord<>(Topics.NF_LOAD, instance, "{\"instance\":\"" + instance
                        + "\",\"capacity\":100000,\"packet_rate\":0,\"queue_depth\":0}")).get();
            }
            try (MptcpLab lab = MptcpLab.hold(work, "soe-", "--switch", "ovs", "--sflow-sampling", "10",
                    "--nf-instances", "2", "--sflow-forward", "127.0.0.1:" + stack.sflowAddress().getPort(),
                    "--mptcp-clients", "2", "--tcp-clients", "0", "--sessions", "2", "--paths", "2",
                    "--bytes", Integer.toString(SESSION_BYTES), "--size-jitter", "0", "--spread", "1",
                    "--rates", "4mbit,2mbit", "--stall-timeout", Integer.toString(STALL_TIMEOUT_SECONDS), "--seed", "7",
                    "--start-delay", Integer.toString(START_DELAY_SECONDS))) {
                String target = lab.ready().get("ofctl_target").asText();
                String bootstrap = stack.bootstrap();
                try (ServiceThread<Enforcer> enforce = new ServiceThread<>("enforce", (out, err) -> new Enforcer(bootstrap, KafkaClientConfig.NONE, Enforcer.Topics.CONTRACT, new OvsOfctl(target, Duration.ofSeconds(10)), Map.of("nf-0", "nf0", "nf-1", "nf1"),
                        LAB_RULES, Duration.ofSeconds(30), Duration.ofSeconds(1), out, err),
                        e -> e.poll(Duration.ofMillis(200)));
                     ServiceThread<DirectiveService> directives = new ServiceThread<>("directive-service",
                             (out, err) -> new DirectiveService(new DirectoryConfig(
                                     Map.of(DirectoryConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)),
                                     Map.of("bootstrap.servers", bootstrap),
                                     Topics.IDS_ALERTS, Topics.DIRECTIVES, false, DirectivePolicy.DEFAULTS, err),
                             d -> d.poll(Duration.ofMillis(200)))) {
                    try {
                        run(lab, stack, producer, enforce, directives);
                    } finally {
                        if (!KEEP.isEmpty()) {
                            keep(work, stack.bootstrap(), enforce);
                        }
                    }
                }
            }
        }
    }

    private void run(MptcpLab lab, Stack stack, KafkaProducer<String, String> producer, ServiceThread<Enforcer> enforce,
         ServiceThread<DirectiveService> directives) throws Exception {
        String target = lab.ready().get("ofctl_target").asText();
        lab.await(() -> enforce.service() != null && directives.service() != null, 60);
        assertFalse(lab.log().contains("starting "), "the traffic started before the services did; "
                + "raise START_DELAY_SECONDS");
        Map<String, Set<SubflowId>> sessions = steeredWhole(lab, stack.bootstrap(), enforce);
        // An IDS convicts one subflow of the session busiest on the bridge right now.
        Set<SubflowId> convicted = busiest(target, sessions.values());
        SubflowId alerted = convicted.iterator().next();
        producer.send(new ProducerRecord<>(Topics.IDS_ALERTS, eve(alerted))).get();
        lab.await(() -> blocked(enforce).containsAll(convicted), 60);
        long blockedAt = Applied.of(enforce).stream().filter(a -> a.unit().startsWith("block "))
                .mapToLong(Applied::atMicros).min().orElseThrow();
        lab.awaitTrafficDone();
        String flows = ofctl("dump-flows", target, "cookie=0x5a3e000000000000/0xffff000000000000");
        checkAtTheInstances(lab, enforce, alerted, blockedAt, flows);
    }

    /** What the enforcer printed and every record of the topics it and the directive service use, into {@code dir}. */
    private static void keep(Path dir, String bootstrap, ServiceThread<Enforcer> enforce) throws IOException {
        Files.writeString(dir.resolve("enforce.out"), enforce.outSoFar());
        Files.writeString(dir.resolve("enforce.err"), enforce.errSoFar());
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        for (String topic : List.of(Topics.STEERING, Topics.DIRECTIVES, Topics.IDS_ALERTS, Topics.SESSIONS,
                Topics.SUBFLOWS)) {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
                 PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve(topic + ".txt")))) {
                List<TopicPartition> parts = c.partitionsFor(topic).stream()
                        .map(i -> new TopicPartition(topic, i.partition())).toList();
                c.assign(parts);
                c.seekToBeginning(parts);
                Map<TopicPartition, Long> end = c.endOffsets(parts);
                while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                        w.println(r.timestamp() + "\t" + r.partition() + "\t" + r.key() + "\t" + r.value());
                    }
                }
            }
        }
    }

    /**
     * Waits until {@code sampo.steering} lists the lab's four sessions with two or more subflows
     * each, has not changed for two seconds, and the enforcer has put the rules of every subflow
     * it lists on the bridge. (A session has 3 or 4 subflows: the kernel does not always open the
     * last join.)
     */
    private static Map<String, Set<SubflowId>> steeredWhole(MptcpLab lab, String bootstrap, ServiceThread<Enforcer> enforce)
            throws Exception {
        Map<String, Set<SubflowId>> sessions = new TreeMap<>();
        try (TopicView steering = new TopicView(bootstrap, Topics.STEERING)) {
            lab.await(() -> {
                steering.poll(Duration.ofMillis(200));
                sessions.clear();
                steering.table().values().stream().map(SteeringRecord::parse).filter(r -> r.session() != null)
                        .forEach(r -> sessions.computeIfAbsent(r.session(), s -> new HashSet<>()).add(r.subflow()));
                sessions.values().removeIf(s -> s.size() < 2);
                return sessions.size() == 4 && steering.unchangedFor().toSeconds() >= 2 && steered(enforce).containsAll(
                        sessions.values().stream().flatMap(Set::stream).toList());
            }, 120);
        }
        return sessions;
    }

    /** The session whose steering rules counted the most packets over the next second. */
    private static Set<SubflowId> busiest(String target, Collection<Set<SubflowId>> sessions) throws Exception {
        Map<SubflowId, Long> before = packetsPerSubflow(target);
        Thread.sleep(1_000); // the interval the rates are measured over, not a wait for something to happen
        Map<SubflowId, Long> after = packetsPerSubflow(target);
        Set<SubflowId> busiest = null;
        long most = 0;
        for (Set<SubflowId> session : sessions) {
            long n = session.stream().mapToLong(s -> after.getOrDefault(s, 0L) - before.getOrDefault(s, 0L)).sum();
            if (n > most) {
                most = n;
                busiest = session;
            }
        }
        assertTrue(busiest != null, "no steered session moved a packet: the traffic is over");
        return busiest;
    }

    /** Packets the enforcer's rules counted, per subflow. */
    private static Map<SubflowId, Long> packetsPerSubflow(String target) throws Exception {
        Map<SubflowId, Long> packets = new HashMap<>();
        Matcher m = COUNTED.matcher(ofctl("dump-flows", target, "cookie=0x5a3e000000000000/0xffff000000000000"));
        while (m.find()) {
            packets.merge(Applied.subflow(m.group(2)), Long.parseLong(m.group(1)), Long::sum);
        }
        return packets;
    }

    private static void checkAtTheInstances(MptcpLab lab, ServiceThread<Enforcer> enforce, SubflowId alerted, long blockedAt,
                                            String flows) throws IOException {
        Truth truth = lab.truth();
        assertEquals(4, truth.sessions().size(), truth.toString());
        Map<SubflowId, Integer> sessionOf = truth.sessionOf();
        List<Set<SubflowId>> groups = associable(lab.out().resolve("sflow.pcap"), truth);
        List<Applied> applied = Applied.of(enforce);

        // Every packet through the bridge is copied to exactly one NF instance: the instances' captures
        // are the packets' ledger.
        Map<SubflowId, List<Seen>> seen = new HashMap<>();
        for (int k = 0; k < INSTANCES.size(); k++) {
            try (CapturePacketSource packets = new CapturePacketSource(lab.out().resolve("nf-" + k + ".pcap"),
                    Sampler.parse("none"), false)) {
                for (PacketRecord p = packets.next(); p != null; p = packets.next()) {
                    seen.computeIfAbsent(SubflowId.of(p.src(), p.sport(), p.dst(), p.dport()), s -> new ArrayList<>())
                            .add(new Seen(p.tsMicros(), k));
                }
            }
        }

        // The block: drop rules for every subflow of the alerted subflow's session as associated, for
        // nothing beyond its session, and from each subflow's drop rule on, none of its packets at an NF.
        int blockedSession = sessionOf.get(alerted);
        Map<SubflowId, Long> droppedFrom = firstRule(applied, "block ");
        Set<SubflowId> alertedGroup = groups.stream().filter(g -> g.contains(alerted)).findFirst().orElseThrow(
                () -> new AssertionError("the alerted subflow " + alerted + " is in no session the samples show"));
        assertTrue(droppedFrom.keySet().containsAll(alertedGroup),
                "drop rules for " + droppedFrom.keySet() + ", not for every subflow of " + alertedGroup);
        assertTrue(truth.sessions().get(blockedSession).containsAll(droppedFrom.keySet()),
                "drop rules for " + droppedFrom.keySet() + ", beyond the session " + truth.sessions().get(blockedSession));
        droppedFrom.forEach((s, at) -> assertEquals(0, seen.getOrDefault(s, List.of()).stream()
                .filter(p -> p.tsMicros() > at + REVALIDATION_MICROS).count(),
                "packets of the blocked subflow " + s + " reached an NF instance after its drop rules"));

        // Each session as associated: once the enforcer has put every one of its subflows under the
        // session's steering (its last unit change), all of its packets reach one NF instance.
        Map<SubflowId, Long> firstSteered = firstRule(applied, "steer ");
        List<Long> delays = new ArrayList<>();
        List<Double> misrouted = new ArrayList<>();
        for (Set<SubflowId> group : groups) {
            long whole = steeredWholeAt(applied, group);
            Set<Integer> after = new HashSet<>();
            long packetsAfter = 0;
            Map<Integer, Long> perInstance = new HashMap<>();
            for (SubflowId s : group) {
                List<Seen> packets = seen.getOrDefault(s, List.of());
                delays.add(firstSteered.get(s) - packets.stream().mapToLong(Seen::tsMicros).min().orElseThrow());
                for (Seen p : packets) {
                    perInstance.merge(p.instance(), 1L, Long::sum);
                    if (p.tsMicros() > whole + REVALIDATION_MICROS) {
                        after.add(p.instance());
                        packetsAfter++;
                    }
                }
            }
            long first = group.stream().flatMap(s -> seen.getOrDefault(s, List.of()).stream())
                    .mapToLong(Seen::tsMicros).min().orElseThrow();
            long last = group.stream().flatMap(s -> seen.getOrDefault(s, List.of()).stream())
                    .mapToLong(Seen::tsMicros).max().orElseThrow();
            assertEquals(1, after.size(), String.format("session %s reached %s after it was steered whole, %.3f s "
                    + "after its first packet and %.3f s before its last", group, after, (whole - first) / 1e6,
                    (last - whole) / 1e6));
            assertTrue(packetsAfter >= 20, "session " + group + ": only " + packetsAfter + " packets after its steering");
            long total = perInstance.values().stream().mapToLong(Long::longValue).sum();
            misrouted.add(1.0 - (double) perInstance.get(after.iterator().next()) / total);
        }

        // The other sessions: one still running when the block came carries on.
        int carriedOn = 0;
        for (int i = 0; i < truth.sessions().size(); i++) {
            if (i == blockedSession) {
                continue;
            }
            List<Seen> packets = truth.sessions().get(i).stream().flatMap(s -> seen.getOrDefault(s, List.of()).stream())
                    .toList();
            long before = packets.stream().filter(p -> p.tsMicros() > blockedAt - 1_000_000 && p.tsMicros() < blockedAt)
                    .count();
            long late = packets.stream().filter(p -> p.tsMicros() > blockedAt + 1_000_000).count();
            if (before >= 20) {
                carriedOn++;
                assertTrue(late >= 20, "session " + i + " did not carry on after the block: " + late + " packets");
            }
        }
        assertTrue(carriedOn > 0, "no other session was running when the block came");
        assertTrue(alertedGroup.stream().flatMap(s -> seen.getOrDefault(s, List.of()).stream())
                        .anyMatch(p -> p.tsMicros() > blockedAt - 1_000_000 && p.tsMicros() < blockedAt),
                "the blocked session was idle before the block");
        Matcher dropped = DROPPED.matcher(flows);
        long drops = 0;
        while (dropped.find()) {
            drops += Long.parseLong(dropped.group(1));
        }
        assertTrue(drops > 0, "the drop rules dropped nothing:\n" + flows);
        Matcher failed = FAILED_JOB.matcher(lab.log());
        assertTrue(failed.find(), "the blocked session's job did not stall");
        assertFalse(failed.find(), "more than the blocked session's job stalled:\n" + lab.log());
        System.out.printf("OVS enforcement: first packet -> steering rule p50 %.3f s, p99 %.3f s over %d subflows; "
                        + "packets at another instance before the rules, per session: %s; dropped at the switch %d%n",
                percentile(delays, 0.5) / 1e6, percentile(delays, 0.99) / 1e6, delays.size(),
                misrouted.stream().map(m -> String.format("%.3f", m)).toList(), drops);
    }

    /**
     * The sessions association can tell from the datagrams OVS sent, as the collector captured them
     * (sampo-core's association, which the job runs, with the job's settings): a subflow of which no
     * telling packet was sampled cannot be placed with its session (the sampling bound,
     * docs/DOMAIN.md), so a session as associated may lack some of its subflows, and only what the
     * samples show is asked of the enforcement. Each of the lab's sessions must show, with no
     * subflow of another session among its subflows.
     */
    private static List<Set<SubflowId>> associable(Path sflow, Truth truth) throws IOException {
        AssociationResult sampled = FileRun.run(sflow, InputKind.sflow, Sampler.parse("none"),
                JobConfig.defaultsWith(JOB).association(), d -> { }).result();
        Map<SubflowId, Integer> sessionOf = truth.sessionOf();
        List<Set<SubflowId>> groups = new ArrayList<>();
        Set<Integer> shown = new HashSet<>();
        for (Set<SubflowId> group : sampled.groups()) {
            Set<Integer> sessions = group.stream().map(sessionOf::get).collect(Collectors.toSet());
            assertEquals(1, sessions.size(), "association grouped subflows of " + sessions + " (null: not the lab's): "
                    + group);
            if (group.size() >= 2) {
                groups.add(group);
                shown.addAll(sessions);
            }
        }
        assertEquals(truth.sessions().size(), shown.size(), "sessions the samples show: " + groups);
        return groups;
    }

    /** When the enforcer had put the rules of each subflow of {@code unitPrefix} units first. */
    private static Map<SubflowId, Long> firstRule(List<Applied> applied, String unitPrefix) {
        Map<SubflowId, Long> first = new HashMap<>();
        applied.stream().filter(a -> a.unit().startsWith(unitPrefix))
                .forEach(a -> a.subflows().forEach(s -> first.putIfAbsent(s, a.atMicros())));
        return first;
    }

    /**
     * When every subflow of {@code group} had its steering rules in one unit (one session's), for good:
     * a subflow steered first on its own or with part of its session (before association joined it to
     * the rest) moves when its session's unit takes it over.
     */
    private static long steeredWholeAt(List<Applied> applied, Set<SubflowId> group) {
        Map<SubflowId, String> unitOf = new HashMap<>();
        long whole = -1;
        for (Applied a : applied) {
            if (!a.unit().startsWith("steer ")) {
                continue;
            }
            a.subflows().forEach(s -> unitOf.put(s, a.unit()));
            boolean inOne = unitOf.keySet().containsAll(group) && group.stream().map(unitOf::get).distinct().count() == 1;
            if (!inOne) {
                whole = -1;
            } else if (whole < 0) {
                whole = a.atMicros();
            }
        }
        assertTrue(whole >= 0, "session " + group + " never steered whole: " + group.stream()
                .collect(Collectors.toMap(s -> s, s -> unitOf.getOrDefault(s, "none"))));
        return whole;
    }

    private record Seen(long tsMicros, int instance) {
    }

    /** One batch the enforcer applied, from its stdout line. */
    private record Applied(long atMicros, String unit, Set<SubflowId> subflows) {
        static List<Applied> of(ServiceThread<Enforcer> enforce) {
            return enforce.out().lines().filter(l -> l.startsWith("{")).map(Applied::parse).toList();
        }

        static Applied parse(String line) {
            try {
                JsonNode n = JSON.readTree(line);
                Set<SubflowId> subflows = new HashSet<>();
                n.get("matches").forEach(m -> subflows.add(subflow(m.asText())));
                return new Applied(n.get("at_us").asLong(), n.get("unit").asText(), subflows);
            } catch (IOException e) {
                throw new AssertionError("not an enforcer line: " + line, e);
            }
        }

        static SubflowId subflow(String match) {
            Map<String, String> f = new HashMap<>();
            for (String field : match.split(",")) {
                String[] kv = field.split("=", 2);
                if (kv.length == 2) {
                    f.put(kv[0], kv[1]);
                }
            }
            return SubflowId.of(IpAddress.parse(f.get("nw_src")), Integer.parseInt(f.get("tp_src")),
                    IpAddress.parse(f.get("nw_dst")), Integer.parseInt(f.get("tp_dst")));
        }
    }

    private static Set<SubflowId> steered(ServiceThread<Enforcer> enforce) {
        return subflowsOf(enforce, "steer ");
    }

    private static Set<SubflowId> blocked(ServiceThread<Enforcer> enforce) {
        return subflowsOf(enforce, "block ");
    }

    private static Set<SubflowId> subflowsOf(ServiceThread<Enforcer> enforce, String unitPrefix) {
        return Applied.of(enforce).stream().filter(a -> a.unit().startsWith(unitPrefix))
                .flatMap(a -> a.subflows().stream()).collect(Collectors.toSet());
    }

    /** Suricata's EVE JSON of an alert on {@code s}, now, with the IDS asking to block. */
    private static String eve(SubflowId s) {
        String now = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSZ").format(Instant.now().atOffset(ZoneOffset.UTC));
        return "{\"timestamp\":\"" + now + "\",\"flow_id\":1,\"event_type\":\"alert\",\"src_ip\":\"" + s.a()
                + "\",\"src_port\":" + s.aPort() + ",\"dest_ip\":\"" + s.b() + "\",\"dest_port\":" + s.bPort()
                + ",\"proto\":\"TCP\",\"alert\":{\"action\":\"blocked\",\"gid\":1,\"signature_id\":2003,\"rev\":1,"
                + "\"signature\":\"planted\",\"category\":\"\",\"severity\":1}}";
    }

    private static String ofctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow14"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), text);
        return text;
    }

    private static double percentile(Collection<Long> values, double q) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }
}
