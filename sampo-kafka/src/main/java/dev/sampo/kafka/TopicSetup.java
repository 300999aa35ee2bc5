package dev.sampo.kafka;

import dev.sampo.wire.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics between the packet publishers and the association job ({@link Topics}).
 * Per-subflow and per-session outputs are compacted: the latest value per key is the state, so a
 * consumer that starts late still sees every live session.
 */
public final class TopicSetup {
    /** Partitions of {@link Topics#PACKETS} when a publisher creates it: room for a job of parallelism 4. */
    public static final int DEFAULT_PARTITIONS = 4;

    /**
     * Size cap of each partition of the topics that are not compacted. Their records carry the
     * packets' own times as Kafka timestamps (the job's event time), and a replayed capture's
     * packets can be weeks old: under the broker's default time retention (7 days) its first
     * retention check deletes them before the job reads them. So these topics keep no time limit
     * (`retention.ms` -1) and are bounded by size instead.
     */
    public static final long RETENTION_BYTES_PER_PARTITION = 1L << 30;

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private TopicSetup() {
    }

    /**
     * Creates whichever contract topics are missing; topics that exist are left as they are, so a
     * second call, or one racing another process, is harmless.
     *
     * @param partitions partitions of {@link Topics#PACKETS}, the topic that carries the load; the others get one
     * @throws IllegalStateException when the broker does not answer within 10 s, or refuses
     */
    public static void ensure(String bootstrap, int partitions) {
        ensure(bootstrap, KafkaClientConfig.NONE, partitions);
    }

    /**
     * As {@link #ensure(String, int)}, connecting with a client properties file's settings (TLS, SASL).
     *
     * @throws IllegalStateException when the broker does not answer within 10 s, refuses the
     *     credentials, or refuses to create a topic
     */
    public static void ensure(String bootstrap, KafkaClientConfig client, int partitions) {
        ensure(bootstrap, client, partitions, Map.of());
    }

    /**
     * As {@link #ensure(String, KafkaClientConfig, int)}, with some contract topics under other
     * names (a job's {@code sampo.topic.*} settings): each is created under its name with the
     * contract topic's partitions and retention, since a job writing to a topic the broker does
     * not have fails (the embedded broker creates none on first use).
     *
     * @param names contract name ({@link Topics}) → the name used instead
     * @throws IllegalArgumentException when a name is empty or not a contract topic's
     */
    public static void ensure(String bootstrap, KafkaClientConfig client, int partitions, Map<String, String> names) {
        List<NewTopic> specs = specs(partitions);
        for (var renamed : names.entrySet()) {
            if (specs.stream().noneMatch(t -> t.name().equals(renamed.getKey()))) {
                throw new IllegalArgumentException("no contract topic " + renamed.getKey() + " to rename");
            }
            if (renamed.getValue().isBlank()) {
                throw new IllegalArgumentException("empty topic name for " + renamed.getKey());
            }
        }
        createMissing(bootstrap, client, specs.stream()
                .map(t -> new NewTopic(names.getOrDefault(t.name(), t.name()), t.numPartitions(), t.replicationFactor())
                        .configs(t.configs()))
                .toList());
    }

    /**
     * Creates an input topic of another name (a second feed, a benchmark's backlog) when it is
     * missing, with {@link Topics#PACKETS}'s retention by size: created at the broker's defaults, a
     * replayed capture's packets older than its time retention would be deleted at its next check,
     * and a job starting on it afterwards would find the topic empty from its first offset on.
     *
     * @throws IllegalStateException as {@link #ensure(String, KafkaClientConfig, int)}
     */
    public static void ensurePackets(String bootstrap, KafkaClientConfig client, String topic, int partitions) {
        createMissing(bootstrap, client, List.of(packets(topic, partitions)));
    }

    private static void createMissing(String bootstrap, KafkaClientConfig client, List<NewTopic> specs) {
        withAdmin(bootstrap, client, admin -> {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = specs.stream().filter(t -> !existing.contains(t.name())).toList();
            for (var created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Kafka at " + bootstrap + " did not create topic "
                                + created.getKey() + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            return null;
        });
    }

    /**
     * The topics at {@code bootstrap}: for a command to check that the topic it was given exists
     * before a client waits on one that does not.
     *
     * @throws IllegalStateException when the broker does not answer within 10 s, or refuses the credentials
     */
    public static Set<String> topics(String bootstrap, KafkaClientConfig client) {
        return withAdmin(bootstrap, client,
                admin -> admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** What an admin client is asked, with the broker's answers within {@link #TIMEOUT}. */
    @FunctionalInterface
    private interface AdminCall<T> {
        T call(Admin admin) throws ExecutionException, TimeoutException, InterruptedException;
    }

    /** Runs {@code call} on an admin client of its own; a broker that is silent or refuses is an error naming it. */
    private static <T> T withAdmin(String bootstrap, KafkaClientConfig client, AdminCall<T> call) {
        Admin admin;
        try {
            admin = Admin.create(client.with(bootstrap, Map.of(
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())));
        } catch (KafkaException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap + ": " + e.getMessage(), e);
        }
        try {
            return call.call(admin);
        } catch (TimeoutException e) {
            throw unreachable(bootstrap, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(bootstrap, e.getCause());
            }
            throw new IllegalStateException("Kafka at " + bootstrap + " refused to list topics: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka at " + bootstrap, e);
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    static List<NewTopic> specs(int partitions) {
        Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        Map<String, String> bySize = bySize();
        return List.of(
                packets(Topics.PACKETS, partitions),
                new NewTopic(Topics.PAIRS, 1, (short) 1).configs(bySize),
                new NewTopic(Topics.SESSIONS, 1, (short) 1).configs(compact),
                new NewTopic(Topics.SUBFLOWS, 1, (short) 1).configs(compact),
                new NewTopic(Topics.STEERING, 1, (short) 1).configs(compact),
                new NewTopic(Topics.MIGRATIONS, 1, (short) 1).configs(bySize),
                new NewTopic(Topics.NF_LOAD, 1, (short) 1).configs(bySize),
                new NewTopic(Topics.PACKETS_DLQ, 1, (short) 1).configs(bySize),
                new NewTopic(Topics.IDS_ALERTS, 1, (short) 1).configs(bySize),
                new NewTopic(Topics.DIRECTIVES, 1, (short) 1).configs(compact),
                new NewTopic(Topics.ALERTS, 1, (short) 1).configs(bySize),
                new NewTopic(Topics.AGENTS, 1, (short) 1).configs(compact));
    }

    private static NewTopic packets(String topic, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be ≥ 1, not " + partitions);
        }
        return new NewTopic(topic, partitions, (short) 1).configs(bySize());
    }

    /** Retention by size only (see {@link #RETENTION_BYTES_PER_PARTITION}). */
    private static Map<String, String> bySize() {
        return Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(RETENTION_BYTES_PER_PARTITION));
    }

    private static IllegalStateException unreachable(String bootstrap, Throwable cause) {
        return new IllegalStateException("Kafka at " + bootstrap + " did not answer within " + TIMEOUT.toSeconds()
                + " s: is a broker running there?", cause);
    }
}
