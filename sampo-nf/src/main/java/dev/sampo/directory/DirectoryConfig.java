package dev.sampo.directory;

import dev.sampo.wire.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The directory's settings, parsed and validated when constructed: an unknown type or a value out
 * of range is a {@link org.apache.kafka.common.config.ConfigException} naming the key. Keys
 * starting with {@value #CONSUMER_PREFIX} go to the Kafka consumer with the prefix removed
 * (security settings, for example).
 */
public final class DirectoryConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "The Kafka brokers to read the session tables from, HOST:PORT,...";

    public static final String SESSIONS_TOPIC_CONFIG = "sessions.topic";
    private static final String SESSIONS_TOPIC_DOC = "The compacted topic of sessions, keyed by session id.";

    public static final String SUBFLOWS_TOPIC_CONFIG = "subflows.topic";
    private static final String SUBFLOWS_TOPIC_DOC = "The compacted topic of subflows, keyed by canonical subflow id.";

    public static final String MAX_SESSIONS_CONFIG = "max.sessions";
    private static final String MAX_SESSIONS_DOC = "Most sessions held in memory. At the cap a new session is refused"
            + " and counted (refusedSessions); sessions already held keep being updated and removed, so what an NF"
            + " has acted on stays right. A refused session gets in once a tombstone frees room and it is updated"
            + " again.";

    public static final String MAX_SUBFLOWS_CONFIG = "max.subflows";
    private static final String MAX_SUBFLOWS_DOC = "Most sampo.subflows entries held in memory; at the cap a new"
            + " subflow is refused and counted (refusedSubflows), as for max.sessions.";

    public static final String POLL_TIMEOUT_CONFIG = "poll.timeout.ms";
    private static final String POLL_TIMEOUT_DOC = "How long one poll of the topics waits for records; also how"
            + " soon close() is noticed.";

    public static final String CLIENT_ID_CONFIG = "client.id";
    private static final String CLIENT_ID_DOC = "The Kafka client id, as brokers log and quote it.";

    public static final String CONSUMER_PREFIX = "consumer.";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.ValidList.anyNonDuplicateValues(false, false), Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(SESSIONS_TOPIC_CONFIG, Type.STRING, Topics.SESSIONS, new ConfigDef.NonEmptyString(),
                    Importance.LOW, SESSIONS_TOPIC_DOC)
            .define(SUBFLOWS_TOPIC_CONFIG, Type.STRING, Topics.SUBFLOWS, new ConfigDef.NonEmptyString(),
                    Importance.LOW, SUBFLOWS_TOPIC_DOC)
            .define(MAX_SESSIONS_CONFIG, Type.INT, 100_000, Range.atLeast(1), Importance.MEDIUM, MAX_SESSIONS_DOC)
            .define(MAX_SUBFLOWS_CONFIG, Type.INT, 400_000, Range.atLeast(1), Importance.MEDIUM, MAX_SUBFLOWS_DOC)
            .define(POLL_TIMEOUT_CONFIG, Type.LONG, 200L, Range.between(1, 60_000), Importance.LOW, POLL_TIMEOUT_DOC)
            .define(CLIENT_ID_CONFIG, Type.STRING, "sampo-directory", Importance.LOW, CLIENT_ID_DOC);

    public DirectoryConfig(Map<String, ?> settings) {
        super(DEFINITION, settings, false);
    }

    /** Every key with its type, default and documentation, as Kafka prints its own. */
    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG));
    }

    String sessionsTopic() {
        return getString(SESSIONS_TOPIC_CONFIG);
    }

    String subflowsTopic() {
        return getString(SUBFLOWS_TOPIC_CONFIG);
    }

    int maxSessions() {
        return getInt(MAX_SESSIONS_CONFIG);
    }

    int maxSubflows() {
        return getInt(MAX_SUBFLOWS_CONFIG);
    }

    Duration pollTimeout() {
        return Duration.ofMillis(getLong(POLL_TIMEOUT_CONFIG));
    }

    String clientId() {
        return getString(CLIENT_ID_CONFIG);
    }

    Map<String, Object> consumerOverrides() {
        return originalsWithPrefix(CONSUMER_PREFIX);
    }
}
