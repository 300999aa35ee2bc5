package dev.sampo.cli;

import dev.sampo.kafka.KafkaClientConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.capture.MptcpLab;
import dev.sampo.enforcement.FlowRule;
import dev.sampo.enforcement.RuleSettings;
import dev.sampo.flow.SubflowId;
import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.TopicSetup;
import dev.sampo.wire.SteeringRecord;
import dev.sampo.wire.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enforcer against a real Open vSwitch bridge (the OVS lab's, without traffic) and a real
 * broker: thousands of steering records become two rules per subflow in one pass, a restart
 * finds nothing to change, the lab's own rules are never touched, a steering record for an
 * instance without a port is skipped and said, a batch the switch refuses leaves none of its rules
 * and is said, and an unreachable bridge is reported and retried. Prints the rules per second the
 * enforcer applied.
 *
 * <p>Needs root, {@code ip netns}, the lab's tools and Open vSwitch; skipped otherwise.
 */
@Timeout(240)
class EnforcerOvsTest {
    private static final int SESSIONS = 1000;
    private static final int SUBFLOWS_PER_SESSION = 4;
    private static final RuleSettings SETTINGS = new RuleSettings(0, 40_000, 40_100, 0x5a3e, "resubmit(,1)");
    private static final Map<String, String> PORTS = Map.of("nf-0", "nf0", "nf-1", "nf1");
    private static final String OURS = SETTINGS.cookieFilter();

    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();

    @TempDir
    Path dir;

    @BeforeAll
    static void labCanRun() throws Exception {
        OvsTests.assumeOvsLab();
    }

    @Test
    void reconcilesABridgeWithTheTopicsAndSaysWhatItCannotDo() throws Exception {
        TopicSetup.ensure(kafka.bootstrap(), 1);
        try (MptcpLab lab = MptcpLab.hold(dir, "seo-", "--switch", "ovs", "--mptcp-clients", "0", "--tcp-clients", "0",
                "--no-verify", "--start-delay", "600");
             KafkaProducer<String, String> producer = OvsTests.producer(kafka.bootstrap())) {
            OvsOfctl bridge = new OvsOfctl(lab.ready().get("ofctl_target").asText(), Duration.ofSeconds(10));
            List<FlowRule> labRules = bridge.rules("");
            assertTrue(labRules.size() > 3, labRules.toString());
            for (int s = 0; s < SESSIONS; s++) {
                for (int k = 0; k < SUBFLOWS_PER_SESSION; k++) {
                    SubflowId id = SubflowId.parse("10.200." + (s % 250) + "." + (1 + s / 250) + ":" + (40_000 + k)
                            + "-10.100.0.2:5000");
                    producer.send(steering(new SteeringRecord(id, "s" + s, "nf-" + (s % 2), "place", null)));
                }
            }
            // a session with one subflow on an instance the bridge has no port for
            producer.send(steering(new SteeringRecord(SubflowId.parse("10.201.0.1:1-10.100.0.2:5000"), "partial", "nf-0",
                    "place", null)));
            producer.send(steering(new SteeringRecord(SubflowId.parse("10.201.0.1:2-10.100.0.2:5000"), "partial", "nf-9",
                    "place", null)));
            producer.flush();
            int expected = 2 * (SESSIONS * SUBFLOWS_PER_SESSION + 1);

            long start = System.nanoTime();
            try (ServiceThread<Enforcer> enforce = enforcer(bridge)) {
                lab.await(() -> enforce.service() != null && enforce.service().counters().rulesAdded == expected, 120);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("enforce: %d rules on the bridge %.2f s after start (reading %d records included): "
                        + "%.0f rules/s%n", expected, seconds, expected / 2 + 1, expected / seconds);
                assertTrue(enforce.said().contains("steer partial: subflow 10.100.0.2:5000-10.201.0.1:2 not steered: "
                        + "no port on the switch for instance nf-9 (port nf-9); 1 of the session's 2 subflows are steered"),
                        enforce.said());
            }
            assertEquals(expected, bridge.rules(OURS).size(), "two rules per steerable subflow, no duplicates");
            assertEquals(labRules, bridge.rules("").stream().filter(r -> !SETTINGS.ours(r.cookie())).toList(),
                    "the lab's rules were touched");

            // a restart reconciles against the topics: nothing to change
            try (ServiceThread<Enforcer> again = enforcer(bridge)) {
                lab.await(() -> again.service() != null && again.service().counters().rulesOnSwitch == expected, 60);
                assertEquals(0, again.service().counters().batches, again.out());
            }
            assertEquals(expected, bridge.rules(OURS).size());

            // a switch that refuses a unit's rules (a group it does not have) holds none of them
            RuleSettings refused = new RuleSettings(0, 40_000, 40_100, 0x77aa, "group:7");
            Enforcer.Topics own = new Enforcer.Topics("refused.steering", "refused.directives");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
                admin.createTopics(List.of(new NewTopic(own.steering(), 1, (short) 1),
                        new NewTopic(own.directives(), 1, (short) 1))).all().get();
            }
            producer.send(new ProducerRecord<>(own.steering(), "10.100.0.2:5000-10.202.0.1:1", new SteeringRecord(
                    SubflowId.parse("10.202.0.1:1-10.100.0.2:5000"), "bad", "nf-0", "place", null).toJson())).get();
            try (ServiceThread<Enforcer> bad = new ServiceThread<>("refused", (out, err) -> new Enforcer(kafka.bootstrap(), KafkaClientConfig.NONE, own, bridge, PORTS, refused, Duration.ofSeconds(30), Duration.ofSeconds(1), out, err),
                    e -> e.poll(Duration.ofMillis(200)))) {
                lab.await(() -> bad.said().contains("refused by the switch, none of its"), 60);
                assertTrue(bad.said().contains("OFPBAC_BAD_OUT_GROUP"), bad.said());
            }
            assertEquals(List.of(), bridge.rules(refused.cookieFilter()));

            // an unreachable bridge is reported and retried, not fatal
            OvsOfctl nowhere = new OvsOfctl("unix:" + dir.resolve("no-such-bridge.mgmt"), Duration.ofSeconds(10));
            try (ServiceThread<Enforcer> lost = enforcer(nowhere)) {
                lab.await(() -> lost.service() != null && lost.service().counters().switchErrors >= 2, 60);
                assertTrue(lost.said().contains("no-such-bridge.mgmt: ") && lost.said().contains("retrying every 1000 ms"),
                        lost.said());
            }
        }
    }

    private ServiceThread<Enforcer> enforcer(OvsOfctl bridge) {
        return new ServiceThread<>("enforce", (out, err) -> new Enforcer(kafka.bootstrap(), KafkaClientConfig.NONE, Enforcer.Topics.CONTRACT, bridge, PORTS, SETTINGS,
                Duration.ofSeconds(30), Duration.ofSeconds(1), out, err), e -> e.poll(Duration.ofMillis(200)));
    }

    private static ProducerRecord<String, String> steering(SteeringRecord r) {
        return new ProducerRecord<>(Topics.STEERING, r.subflow().toString(), r.toJson());
    }
}
