package dev.sampo.stream;

import dev.sampo.time.Durations;
import dev.sampo.wire.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * Every setting of the association job, declared as typed Flink options with defaults and
 * descriptions, as connectors declare theirs (flink-connector-kafka's {@code KafkaSourceOptions}).
 * The README's "Job settings" table lists the same keys and defaults ({@code JobOptionsTest}
 * fails when they part). Given as text ({@code --sampo.x VALUE} to the job, {@code --set
 * sampo.x=VALUE} to {@code sampo up}), settings are read by {@link #parse}: durations take Sampo's
 * one syntax ({@link Durations}: {@code 500ms}, {@code 1s}, {@code 2m}, or seconds), not Flink's,
 * where a bare number means milliseconds.
 */
public final class JobOptions {
    public static final ConfigOption<String> KAFKA_BOOTSTRAP = ConfigOptions.key("sampo.kafka.bootstrap")
            .stringType().defaultValue("localhost:9092").withDescription("Kafka bootstrap servers.");
    public static final ConfigOption<String> KAFKA_CONFIG = ConfigOptions.key("sampo.kafka.config")
            .stringType().defaultValue("")
            .withDescription("A Kafka client properties file (TLS, SASL), as Kafka's tools take with --command-config,"
                    + " for the job's source and sinks; read and checked where the job is built, while the files it"
                    + " names (trust stores) are opened on every task manager. Empty for plaintext.");
    public static final ConfigOption<String> PACKETS_TOPIC = ConfigOptions.key("sampo.topic.packets")
            .stringType().defaultValue(Topics.PACKETS).withDescription("Topic of the packet records read.");
    public static final ConfigOption<String> PAIRS_TOPIC = ConfigOptions.key("sampo.topic.pairs")
            .stringType().defaultValue(Topics.PAIRS).withDescription("Topic of the pair decisions written.");
    public static final ConfigOption<String> SESSIONS_TOPIC = ConfigOptions.key("sampo.topic.sessions")
            .stringType().defaultValue(Topics.SESSIONS).withDescription("Compacted topic of the sessions written.");
    public static final ConfigOption<String> SUBFLOWS_TOPIC = ConfigOptions.key("sampo.topic.subflows")
            .stringType().defaultValue(Topics.SUBFLOWS)
            .withDescription("Compacted topic of the subflows written, keyed by subflow.");
    public static final ConfigOption<String> DEAD_LETTER_TOPIC = ConfigOptions.key("sampo.topic.dead-letters")
            .stringType().defaultValue(Topics.PACKETS_DLQ)
            .withDescription("Where unreadable input records go, as they came; empty for nowhere.");
    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("sampo.group.id")
            .stringType().defaultValue("sampo-association")
            .withDescription("Consumer group of the packets topic; offsets are committed on checkpoints.");
    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("sampo.parallelism")
            .intType().defaultValue(1).withDescription("Parallelism of the evidence and bucket stages (≥ 1).");
    public static final ConfigOption<Integer> BUCKETS = ConfigOptions.key("sampo.buckets")
            .intType().defaultValue(16).withDescription("DSN buckets (≥ 1); decisions do not depend on it. A savepoint restores only "
                    + "into the count it was taken with.");
    public static final ConfigOption<Duration> PERIOD = ConfigOptions.key("sampo.period")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .withDescription("How often association runs, in event time; a whole number of milliseconds.");
    public static final ConfigOption<Duration> HORIZON = ConfigOptions.key("sampo.horizon")
            .durationType().defaultValue(Duration.ofSeconds(600)).withDescription("How long evidence is kept.");
    public static final ConfigOption<Duration> IDLE_TIMEOUT = ConfigOptions.key("sampo.idle-timeout")
            .durationType().defaultValue(Duration.ofSeconds(120))
            .withDescription("When a subflow without packets is forgotten.");
    public static final ConfigOption<Integer> DSN_BITS = ConfigOptions.key("sampo.dsn-bits")
            .intType().defaultValue(64).withDescription("64, or 32 to truncate DSNs (the paper's setting).");
    public static final ConfigOption<Boolean> TOKENS = ConfigOptions.key("sampo.tokens")
            .booleanType().defaultValue(true).withDescription("Whether keys and tokens are evidence.");
    public static final ConfigOption<Integer> MAX_SUBFLOWS = ConfigOptions.key("sampo.max-subflows")
            .intType().defaultValue(1_000_000)
            .withDescription("Cap on the live subflows per evidence subtask (≥ 1); past it, those with the fewest packets, "
                    + "oldest first, are evicted and counted in sampoEvictedSubflows.");
    public static final ConfigOption<Duration> WATERMARK_SKEW = ConfigOptions.key("sampo.watermark.skew")
            .durationType().defaultValue(Duration.ofMillis(500))
            .withDescription("Out-of-orderness tolerated per partition; a later record joins the next open period.");
    public static final ConfigOption<Duration> WATERMARK_QUIET = ConfigOptions.key("sampo.watermark.quiet")
            .durationType().defaultValue(Duration.ofMillis(500))
            .withDescription("After this long without records, a partition's event time follows the clock; time the "
                    + "source spends backpressured does not count (Flink's input activity clock).");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("sampo.checkpoint.interval")
            .durationType().defaultValue(Duration.ofSeconds(5)).withDescription("Checkpoint interval.");
    public static final ConfigOption<String> STATE_BACKEND = ConfigOptions.key("sampo.state-backend")
            .stringType().defaultValue("")
            .withDescription("Where keyed state lives: hashmap (the heap), rocksdb (RocksDB on the TaskManagers' local "
                    + "disks, incremental checkpoints), or empty for the cluster's own state.backend.type.");
    public static final ConfigOption<Integer> RESTART_ATTEMPTS = ConfigOptions.key("sampo.restart.attempts")
            .intType().defaultValue(10)
            .withDescription("Restarts in a row (none more than an hour apart) before the job fails, waiting 1 s, then"
                    + " 1.5 times longer each time up to 1 min (Flink's exponential delay), unless the cluster sets"
                    + " restart-strategy itself: a wrong Kafka password or a missing topic fails the job with its"
                    + " reason after about two minutes rather than restarting it forever, an unreachable broker after"
                    + " each attempt has also waited out the Kafka admin client's default.api.timeout.ms (≥ 1).");
    public static final ConfigOption<String> STEERING_TOPIC = ConfigOptions.key("sampo.topic.steering")
            .stringType().defaultValue(Topics.STEERING)
            .withDescription("Compacted topic of the steering table written, keyed by subflow.");
    public static final ConfigOption<String> NF_LOAD_TOPIC = ConfigOptions.key("sampo.topic.nf-load")
            .stringType().defaultValue(Topics.NF_LOAD)
            .withDescription("Topic of the NF instances' load reports (subscribed by pattern, so it may be created "
                    + "later); empty for no steering stage.");
    public static final ConfigOption<Double> STEERING_LOAD_BOUND = ConfigOptions.key("sampo.steering.load-bound")
            .doubleType().defaultValue(0.25)
            .withDescription("ε: a new session skips an instance whose load per capacity exceeds (1 + ε) × the mean.");
    public static final ConfigOption<Duration> STEERING_SILENCE = ConfigOptions.key("sampo.steering.silence")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("An NF instance without a load report for this long has left (processing time).");
    public static final ConfigOption<String> STEERING_INSTANCES = ConfigOptions.key("sampo.steering.instances")
            .stringType().defaultValue("")
            .withDescription("Comma-separated NF instance ids allowed to report load; empty for any.");
    public static final ConfigOption<String> MIGRATIONS_TOPIC = ConfigOptions.key("sampo.topic.migrations")
            .stringType().defaultValue(Topics.MIGRATIONS)
            .withDescription("Topic of the session migration plans and their steps, keyed by session; empty for no "
                    + "migration planning.");
    public static final ConfigOption<Double> MIGRATION_QUEUE_THRESHOLD = ConfigOptions.key(
                    "sampo.migration.queue-threshold")
            .doubleType().defaultValue(20.0)
            .withDescription("An NF instance is overloaded when its reported queue rises and exceeds this many packets.");
    public static final ConfigOption<Double> MIGRATION_MARGIN = ConfigOptions.key("sampo.migration.margin")
            .doubleType().defaultValue(0.10)
            .withDescription("Fraction of capacity added to the volume to move and kept free at every destination.");
    public static final ConfigOption<Double> MIGRATION_NEW_INSTANCE_CAPACITY = ConfigOptions.key(
                    "sampo.migration.new-instance-capacity")
            .doubleType().defaultValue(250.0)
            .withDescription("Capacity (packets/s) of an instance a scale-out plan asks for.");
    public static final ConfigOption<Integer> MIGRATION_MAX_INSTANCES = ConfigOptions.key(
                    "sampo.migration.max-instances")
            .intType().defaultValue(16).withDescription("Scale-out never plans for more instances than this.");
    public static final ConfigOption<Boolean> MIGRATION_SCALE_IN = ConfigOptions.key("sampo.migration.scale-in")
            .booleanType().defaultValue(false)
            .withDescription("Whether a round without overload moves every session off the least loaded instance "
                    + "when they all fit elsewhere.");
    public static final ConfigOption<String> MIGRATION_PROTOCOL = ConfigOptions.key("sampo.migration.protocol")
            .stringType().defaultValue("weak-o")
            .withDescription("How the NF instances move a session: weak-o, sharp, reprocess or buffer.");
    public static final ConfigOption<Integer> MIGRATION_BACKOFF_AFTER = ConfigOptions.key(
                    "sampo.migration.backoff-after")
            .intType().defaultValue(2)
            .withDescription("After this many plans in a row from one instance to one destination (or to a new "
                    + "instance) are aborted for the destination's sake, the planner leaves the pair alone for a while.");
    public static final ConfigOption<Duration> MIGRATION_BACKOFF = ConfigOptions.key("sampo.migration.backoff")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("How long a backed-off pair is left alone at first; twice as long after each further "
                    + "abort, up to sampo.migration.backoff-max. A plan of the pair that completes clears it.");
    public static final ConfigOption<Duration> MIGRATION_BACKOFF_MAX = ConfigOptions.key("sampo.migration.backoff-max")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("The longest a backed-off pair is left alone.");
    public static final ConfigOption<String> IDS_RULES = ConfigOptions.key("sampo.ids.rules")
            .stringType().defaultValue("")
            .withDescription("Suricata rules file (the subset ./sampo ids reads), read when the job is built; empty for "
                    + "no IDS stage. Needs full-payload sampo.packets (replay or capture --payload).");
    public static final ConfigOption<String> ALERTS_TOPIC = ConfigOptions.key("sampo.topic.alerts")
            .stringType().defaultValue(Topics.ALERTS)
            .withDescription("Topic of the IDS stage's alerts, keyed by session.");
    public static final ConfigOption<Integer> IDS_WINDOW = ConfigOptions.key("sampo.ids.window")
            .intType().defaultValue(1 << 20)
            .withDescription("Cap on the out-of-order payload bytes waiting per session direction (≥ 1); past it the "
                    + "oldest hole is given up, counted in sampoIdsSkippedBytes.");
    public static final ConfigOption<Integer> IDS_HOLD_BYTES = ConfigOptions.key("sampo.ids.hold-bytes")
            .intType().defaultValue(256 << 10)
            .withDescription("Cap on the record bytes held per subflow until association names its session (≥ 1); past "
                    + "it the oldest are dropped, counted in sampoIdsHeldDropped.");
    public static final ConfigOption<Duration> IDS_HOLD = ConfigOptions.key("sampo.ids.hold")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("How long (event time) a subflow's records wait for its session before they are matched "
                    + "as a connection of its own.");

    /** Every option, in the README's order. */
    public static final List<ConfigOption<?>> ALL = List.of(KAFKA_BOOTSTRAP, KAFKA_CONFIG, PACKETS_TOPIC, PAIRS_TOPIC,
            SESSIONS_TOPIC, SUBFLOWS_TOPIC, DEAD_LETTER_TOPIC, GROUP_ID, PARALLELISM, BUCKETS, PERIOD, HORIZON,
            IDLE_TIMEOUT, DSN_BITS, TOKENS, MAX_SUBFLOWS, WATERMARK_SKEW, WATERMARK_QUIET, CHECKPOINT_INTERVAL,
            STATE_BACKEND, RESTART_ATTEMPTS, STEERING_TOPIC, NF_LOAD_TOPIC, STEERING_LOAD_BOUND, STEERING_SILENCE,
            STEERING_INSTANCES, MIGRATIONS_TOPIC, MIGRATION_QUEUE_THRESHOLD, MIGRATION_MARGIN,
            MIGRATION_NEW_INSTANCE_CAPACITY, MIGRATION_MAX_INSTANCES, MIGRATION_SCALE_IN, MIGRATION_PROTOCOL,
            MIGRATION_BACKOFF_AFTER, MIGRATION_BACKOFF, MIGRATION_BACKOFF_MAX, IDS_RULES, ALERTS_TOPIC, IDS_WINDOW,
            IDS_HOLD_BYTES, IDS_HOLD);

    private static final Map<String, ConfigOption<?>> BY_KEY = byKey();

    private JobOptions() {
    }

    private static Map<String, ConfigOption<?>> byKey() {
        Map<String, ConfigOption<?>> m = new LinkedHashMap<>();
        ALL.forEach(o -> m.put(o.key(), o));
        return m;
    }

    /**
     * Settings given as text, each parsed by its option's type; the others keep their defaults.
     *
     * @throws IllegalArgumentException for an unknown key or a value its option does not take; the
     *     message names the key
     */
    public static Configuration parse(Map<String, String> settings) {
        Configuration conf = new Configuration();
        settings.forEach((key, text) -> set(conf, key, text));
        return conf;
    }

    @SuppressWarnings("unchecked")
    private static void set(Configuration conf, String key, String text) {
        ConfigOption<?> option = BY_KEY.get(key);
        if (option == null) {
            throw new IllegalArgumentException("unknown setting " + key + "; known: " + BY_KEY.keySet());
        }
        // Every option has a default, and its class is the option's type (ConfigOption hides its own).
        Object type = option.defaultValue();
        if (type instanceof Duration) {
            conf.set((ConfigOption<Duration>) option, duration(key, text));
        } else if (type instanceof Integer) {
            conf.set((ConfigOption<Integer>) option, integer(key, text));
        } else if (type instanceof Double) {
            conf.set((ConfigOption<Double>) option, decimal(key, text));
        } else if (type instanceof Boolean) {
            conf.set((ConfigOption<Boolean>) option, bool(key, text));
        } else {
            conf.set((ConfigOption<String>) option, text);
        }
    }

    private static Duration duration(String key, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static int integer(String key, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not an integer", e);
        }
    }

    private static double decimal(String key, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a number", e);
        }
    }

    private static boolean bool(String key, String text) {
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, not " + text);
        }
        return Boolean.parseBoolean(text);
    }
}
