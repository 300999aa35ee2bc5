package dev.sampo.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.wire.Topics;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class TopicSetupTest {
    @Test
    void createsTheContractOnceWithCompactionWhereStateLives(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            TopicSetup.ensure(kafka.bootstrap(), 3);
            TopicSetup.ensure(kafka.bootstrap(), 3);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
                Set<String> all = Set.of(Topics.PACKETS, Topics.PAIRS, Topics.SESSIONS, Topics.SUBFLOWS,
                        Topics.STEERING, Topics.NF_LOAD, Topics.PACKETS_DLQ, Topics.IDS_ALERTS, Topics.DIRECTIVES,
                        Topics.MIGRATIONS, Topics.ALERTS, Topics.AGENTS);
                assertEquals(all, admin.listTopics().names().get());
                Map<String, TopicDescription> d = admin.describeTopics(all).allTopicNames().get();
                assertEquals(3, d.get(Topics.PACKETS).partitions().size());
                assertEquals(1, d.get(Topics.SESSIONS).partitions().size());
                for (String t : all) {
                    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, t);
                    Config config = admin.describeConfigs(List.of(r)).all().get().get(r);
                    boolean compacted = t.equals(Topics.SESSIONS) || t.equals(Topics.SUBFLOWS) || t.equals(Topics.STEERING)
                            || t.equals(Topics.DIRECTIVES) || t.equals(Topics.AGENTS);
                    assertEquals(compacted ? "compact" : "delete", config.get("cleanup.policy").value(), t);
                    if (!compacted) { // old captures' packet times must not expire on arrival
                        assertEquals("-1", config.get("retention.ms").value(), t);
                        assertEquals(Long.toString(TopicSetup.RETENTION_BYTES_PER_PARTITION),
                                config.get("retention.bytes").value(), t);
                    }
                }
            }
        }
    }

    @Test
    void anUnreachableBrokerIsNamedInTheError() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String bootstrap = "localhost:" + closedPort;
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TopicSetup.ensure(bootstrap, 1));
        assertTrue(e.getMessage().contains("Kafka at " + bootstrap + " did not answer within 10 s"), e.getMessage());
        assertTrue(System.nanoTime() - start < 15e9, "took " + (System.nanoTime() - start) / 1e9 + " s");
    }
}
