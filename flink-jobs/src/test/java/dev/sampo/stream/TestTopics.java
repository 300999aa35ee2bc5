package dev.sampo.stream;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Topics for the job tests, created once. */
final class TestTopics {
    private TestTopics() {
    }

    /**
     * The association's topics under {@code prefix}: {@code .packets} with {@code packetPartitions}
     * partitions, and {@code .pairs}, and the tables {@code .sessions} and {@code .subflows}.
     */
    static void createAssociation(String bootstrap, String prefix, int packetPartitions) {
        create(bootstrap, prefix + ".packets", packetPartitions, false);
        create(bootstrap, prefix + ".pairs", 1, false);
        create(bootstrap, prefix + ".sessions", 1, true);
        create(bootstrap, prefix + ".subflows", 1, true);
    }

    /**
     * Creates {@code name} unless it exists, compacted when the job keeps a table in it. Records are
     * kept forever: captured packets carry their own timestamps, weeks old, which time-based
     * retention would delete at the broker's first retention check, half a minute after it starts.
     */
    static void create(String bootstrap, String name, int partitions, boolean compacted) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(compacted
                    ? Map.of("cleanup.policy", "compact", "retention.ms", "-1") : Map.of("retention.ms", "-1"));
            if (!admin.listTopics().names().get().contains(name)) {
                admin.createTopics(List.of(topic)).all().get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + name, e);
        }
    }
}
