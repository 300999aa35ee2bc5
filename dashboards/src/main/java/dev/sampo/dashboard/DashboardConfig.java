package dev.sampo.dashboard;

import dev.sampo.sflow.CollectorConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * The dashboard's settings, parsed and validated when constructed: a value of the wrong type or out
 * of range is a {@link org.apache.kafka.common.config.ConfigException} naming the key. Keys
 * starting with {@value #KAFKA_PREFIX} go to every Kafka client of the dashboard with the prefix
 * removed (security settings, for example).
 */
public final class DashboardConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String LISTEN_CONFIG = "listen";
    public static final String TOKEN_CONFIG = "token";
    public static final String MAX_SESSIONS_CONFIG = "max.sessions";
    public static final String PAGE_SESSIONS_CONFIG = "page.sessions";
    public static final String DSN_SUBFLOWS_CONFIG = "dsn.subflows";
    public static final String DSN_POINTS_CONFIG = "dsn.points";
    public static final String PUSH_INTERVAL_CONFIG = "push.interval.ms";
    public static final String MAX_REQUEST_BYTES_CONFIG = "max.request.bytes";
    public static final String FLINK_REST_CONFIG = "flink.rest";
    public static final String JOB_GROUP_CONFIG = "job.group.id";
    public static final String KAFKA_PREFIX = "kafka.";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.ValidList.anyNonDuplicateValues(false, false), Importance.HIGH,
                    "The Kafka brokers whose sampo.* topics the dashboard shows, HOST:PORT,...")
            .define(LISTEN_CONFIG, Type.STRING, "localhost:8080", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "HOST:PORT the web server binds (port 0: any free port). Off loopback an access token is required.")
            .define(TOKEN_CONFIG, Type.PASSWORD, null, Importance.HIGH,
                    "Access token: every request must carry it (?token= or Authorization: Bearer). When unset the"
                            + " server is open on loopback, and generates one when it binds anything else.")
            .define(MAX_SESSIONS_CONFIG, Type.INT, 20_000, Range.atLeast(1), Importance.MEDIUM,
                    "Most sessions held in memory; beyond it new sessions are counted as refused and the page says"
                            + " it shows a subset.")
            .define(PAGE_SESSIONS_CONFIG, Type.INT, 200, Range.between(1, 5_000), Importance.LOW,
                    "Sessions in one view pushed to the page, the most recently seen first.")
            .define(DSN_SUBFLOWS_CONFIG, Type.INT, 4_000, Range.atLeast(1), Importance.LOW,
                    "Subflows whose DSN track is kept (the least recently updated is dropped first).")
            .define(DSN_POINTS_CONFIG, Type.INT, 500, Range.atLeast(2), Importance.LOW,
                    "DSN points kept per subflow, the latest.")
            .define(PUSH_INTERVAL_CONFIG, Type.LONG, 1_000L, Range.between(50, 60_000), Importance.LOW,
                    "How often the page gets a fresh view (server-sent events).")
            .define(MAX_REQUEST_BYTES_CONFIG, Type.INT, 8_192, Range.between(256, 1 << 20), Importance.LOW,
                    "Largest request target plus headers plus body accepted; larger gets 414, 431 or 413.")
            .define(FLINK_REST_CONFIG, Type.STRING, "", Importance.LOW,
                    "Base URL of the Flink REST API for checkpoint status; empty: shown as n/a.")
            .define(JOB_GROUP_CONFIG, Type.STRING, "sampo-association", Importance.LOW,
                    "The association job's consumer group, whose lag on sampo.packets is shown.");

    public DashboardConfig(Map<String, ?> settings) {
        super(DEFINITION, settings, false);
    }

    /** Every key with its type, default and documentation. */
    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG));
    }

    InetSocketAddress listen() {
        return CollectorConfig.parseAddress(getString(LISTEN_CONFIG), "localhost");
    }

    /** The configured token, or null. */
    String token() {
        Password p = getPassword(TOKEN_CONFIG);
        return p == null || p.value().isEmpty() ? null : p.value();
    }

    int maxSessions() {
        return getInt(MAX_SESSIONS_CONFIG);
    }

    int pageSessions() {
        return getInt(PAGE_SESSIONS_CONFIG);
    }

    int dsnSubflows() {
        return getInt(DSN_SUBFLOWS_CONFIG);
    }

    int dsnPoints() {
        return getInt(DSN_POINTS_CONFIG);
    }

    Duration pushInterval() {
        return Duration.ofMillis(getLong(PUSH_INTERVAL_CONFIG));
    }

    int maxRequestBytes() {
        return getInt(MAX_REQUEST_BYTES_CONFIG);
    }

    String flinkRest() {
        return getString(FLINK_REST_CONFIG);
    }

    String jobGroupId() {
        return getString(JOB_GROUP_CONFIG);
    }

    /** The settings every Kafka client of the dashboard takes on top of its own (TLS, SASL). */
    Map<String, Object> kafkaOverrides() {
        return originalsWithPrefix(KAFKA_PREFIX);
    }

    /** The brokers and {@link #kafkaOverrides()}. */
    Map<String, Object> kafkaClient() {
        Map<String, Object> settings = new HashMap<>(kafkaOverrides());
        settings.put(BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return settings;
    }
}
