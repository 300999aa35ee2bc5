package dev.sampo.nf.live;

import dev.sampo.wire.Topics;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of a live run shared by the NF processes and the steering point, parsed by a Kafka
 * {@link ConfigDef}: a wrong type or a value out of range fails at construction, naming the key.
 */
public final class LiveConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String TOPIC_PREFIX_CONFIG = "topic.prefix";
    public static final String LOAD_TOPIC_CONFIG = "load.topic";
    public static final String REPORT_INTERVAL_CONFIG = "report.interval.ms";
    public static final String MAX_QUEUE_CONFIG = "max.queue";
    public static final String HANDOVER_TIMEOUT_CONFIG = "handover.timeout.ms";
    public static final String GUARD_CONFIG = "weak-o.guard.ms";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "The Kafka brokers, HOST:PORT,...")
            .define(TOPIC_PREFIX_CONFIG, Type.STRING, "nf", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Topics of the run: PREFIX.in.INSTANCE (each instance's input), PREFIX.acks, PREFIX.out.")
            .define(LOAD_TOPIC_CONFIG, Type.STRING, Topics.NF_LOAD, new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Where the instances report their load.")
            .define(REPORT_INTERVAL_CONFIG, Type.LONG, 300L, Range.between(10, 60_000), Importance.MEDIUM,
                    "How often an instance reports its queue depth, packet rate and capacity.")
            .define(MAX_QUEUE_CONFIG, Type.INT, 100_000, Range.atLeast(1), Importance.LOW,
                    "Most messages an instance reads ahead of its processing; beyond, it stops reading its input"
                            + " topic until the queue shrinks, so memory stays bounded and the rest waits in Kafka.")
            .define(HANDOVER_TIMEOUT_CONFIG, Type.LONG, 15_000L, Range.between(1, 600_000), Importance.MEDIUM,
                    "An instance of a handover that sends no load report for this long, or whose process exits,"
                            + " aborts the handover. A slow one does not: an overloaded source reaches START only"
                            + " behind the packets queued before it.")
            .define(GUARD_CONFIG, Type.LONG, 5L, Range.between(0, 60_000), Importance.LOW,
                    "Weak-O's timer T: the steering point flips a session only this long after its last handshake"
                            + " packet.");

    public LiveConfig(Map<String, ?> settings) {
        super(DEFINITION, settings, false);
    }

    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    public String bootstrap() {
        return getString(BOOTSTRAP_SERVERS_CONFIG);
    }

    public String inputTopic(String instance) {
        return getString(TOPIC_PREFIX_CONFIG) + ".in." + instance;
    }

    public String acksTopic() {
        return getString(TOPIC_PREFIX_CONFIG) + ".acks";
    }

    public String outTopic() {
        return getString(TOPIC_PREFIX_CONFIG) + ".out";
    }

    public String loadTopic() {
        return getString(LOAD_TOPIC_CONFIG);
    }

    long reportIntervalMillis() {
        return getLong(REPORT_INTERVAL_CONFIG);
    }

    int maxQueue() {
        return getInt(MAX_QUEUE_CONFIG);
    }

    long handoverTimeoutMillis() {
        return getLong(HANDOVER_TIMEOUT_CONFIG);
    }

    long guardMicros() {
        return getLong(GUARD_CONFIG) * 1000;
    }
}
