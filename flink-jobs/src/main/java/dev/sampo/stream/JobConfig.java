package dev.sampo.stream;

import dev.sampo.association.AssociationConfig;
import dev.sampo.kafka.KafkaClientConfig;
import dev.sampo.wire.Topics;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The association job's settings, read from the options {@link JobOptions} declares and checked
 * together, before anything starts.
 */
public record JobConfig(
        String bootstrap,
        KafkaClientConfig kafkaClient,
        String packetsTopic,
        String pairsTopic,
        String sessionsTopic,
        String subflowsTopic,
        String deadLetterTopic,
        String groupId,
        int parallelism,
        int buckets,
        AssociationConfig association,
        Duration watermarkSkew,
        Duration quietAfter,
        Duration checkpointInterval,
        StateBackend stateBackend,
        int restartAttempts,
        SteeringSettings steering,
        IdsSettings ids) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The defaults with these settings, given as text ({@code sampo.period} → {@code 500ms}).
     *
     * @throws IllegalArgumentException naming the key of an unknown setting or of a wrong value
     */
    public static JobConfig defaultsWith(Map<String, String> settings) {
        return of(JobOptions.parse(settings));
    }

    /** @throws IllegalArgumentException naming the key of a value out of its range */
    public static JobConfig of(Configuration conf) {
        AssociationConfig association = AssociationConfig.builder()
                .period(periodOf(conf))
                .horizon(positive(conf, JobOptions.HORIZON))
                .idleTimeout(positive(conf, JobOptions.IDLE_TIMEOUT))
                .dsnBits(dsnBitsOf(conf))
                .useTokens(conf.get(JobOptions.TOKENS))
                .maxSubflows(atLeastOne(conf, JobOptions.MAX_SUBFLOWS))
                .build();
        return new JobConfig(conf.get(JobOptions.KAFKA_BOOTSTRAP), kafkaClientOf(conf),
                conf.get(JobOptions.PACKETS_TOPIC),
                conf.get(JobOptions.PAIRS_TOPIC), conf.get(JobOptions.SESSIONS_TOPIC),
                conf.get(JobOptions.SUBFLOWS_TOPIC), conf.get(JobOptions.DEAD_LETTER_TOPIC),
                conf.get(JobOptions.GROUP_ID), atLeastOne(conf, JobOptions.PARALLELISM),
                atLeastOne(conf, JobOptions.BUCKETS), association, conf.get(JobOptions.WATERMARK_SKEW),
                conf.get(JobOptions.WATERMARK_QUIET), positive(conf, JobOptions.CHECKPOINT_INTERVAL),
                StateBackend.of(conf.get(JobOptions.STATE_BACKEND)),
                atLeastOne(conf, JobOptions.RESTART_ATTEMPTS),
                SteeringSettings.of(conf.get(JobOptions.NF_LOAD_TOPIC), conf.get(JobOptions.STEERING_TOPIC),
                        conf.get(JobOptions.STEERING_LOAD_BOUND), positive(conf, JobOptions.STEERING_SILENCE).toMillis(),
                        conf.get(JobOptions.STEERING_INSTANCES), migrationOf(conf)),
                idsOf(conf, association));
    }

    private static IdsSettings idsOf(Configuration conf, AssociationConfig association) {
        return IdsSettings.of(conf.get(JobOptions.IDS_RULES), conf.get(JobOptions.ALERTS_TOPIC),
                atLeastOne(conf, JobOptions.IDS_WINDOW), atLeastOne(conf, JobOptions.IDS_HOLD_BYTES),
                positive(conf, JobOptions.IDS_HOLD).toMillis(), association.idleTimeoutMicros(),
                2 * association.periodMicros() / 1000 + conf.get(JobOptions.WATERMARK_SKEW).toMillis());
    }

    private static MigrationSettings migrationOf(Configuration conf) {
        return MigrationSettings.of(conf.get(JobOptions.MIGRATIONS_TOPIC), conf.get(JobOptions.MIGRATION_QUEUE_THRESHOLD),
                conf.get(JobOptions.MIGRATION_MARGIN), conf.get(JobOptions.MIGRATION_NEW_INSTANCE_CAPACITY),
                conf.get(JobOptions.MIGRATION_MAX_INSTANCES), conf.get(JobOptions.MIGRATION_SCALE_IN),
                conf.get(JobOptions.MIGRATION_PROTOCOL), conf.get(JobOptions.MIGRATION_BACKOFF_AFTER),
                conf.get(JobOptions.MIGRATION_BACKOFF), conf.get(JobOptions.MIGRATION_BACKOFF_MAX));
    }

    /** The client properties file, read and checked here, so that a bad one fails before the job starts. */
    private static KafkaClientConfig kafkaClientOf(Configuration conf) {
        String file = conf.get(JobOptions.KAFKA_CONFIG);
        if (file.isBlank()) {
            return KafkaClientConfig.NONE;
        }
        try {
            return KafkaClientConfig.load(Path.of(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(JobOptions.KAFKA_CONFIG.key() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The topics this job reads and writes, by contract name ({@link Topics}) → the name its
     * {@code sampo.topic.*} settings give, for those set to another name: what a stack that
     * creates the topics must create. A topic set empty (dead letters, load reports: off) is left out.
     */
    public Map<String, String> topicNames() {
        Map<String, String> names = new TreeMap<>();
        BiConsumer<String, String> put = (contract, name) -> {
            if (!name.isEmpty() && !name.equals(contract)) {
                names.put(contract, name);
            }
        };
        put.accept(Topics.PACKETS, packetsTopic);
        put.accept(Topics.PAIRS, pairsTopic);
        put.accept(Topics.SESSIONS, sessionsTopic);
        put.accept(Topics.SUBFLOWS, subflowsTopic);
        put.accept(Topics.PACKETS_DLQ, deadLetterTopic);
        put.accept(Topics.NF_LOAD, steering.loadTopic());
        put.accept(Topics.STEERING, steering.steeringTopic());
        put.accept(Topics.MIGRATIONS, steering.migration().topic());
        put.accept(Topics.ALERTS, ids.alertsTopic());
        return names;
    }

    public long periodMillis() {
        return association.periodMicros() / 1000;
    }

    /** Periods are timers in event-time milliseconds. */
    private static Duration periodOf(Configuration conf) {
        Duration period = positive(conf, JobOptions.PERIOD);
        if (period.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException(JobOptions.PERIOD.key() + " must be a whole number of milliseconds, not "
                    + period);
        }
        return period;
    }

    private static int dsnBitsOf(Configuration conf) {
        int bits = conf.get(JobOptions.DSN_BITS);
        if (bits != 32 && bits != 64) {
            throw new IllegalArgumentException(JobOptions.DSN_BITS.key() + " must be 32 or 64, not " + bits);
        }
        return bits;
    }

    private static Duration positive(Configuration conf, ConfigOption<Duration> option) {
        Duration d = conf.get(option);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(option.key() + " must be positive, not " + d);
        }
        return d;
    }

    private static int atLeastOne(Configuration conf, ConfigOption<Integer> option) {
        int n = conf.get(option);
        if (n < 1) {
            throw new IllegalArgumentException(option.key() + " must be ≥ 1, not " + n);
        }
        return n;
    }
}
