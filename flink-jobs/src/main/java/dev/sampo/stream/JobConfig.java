package dev.sampo.stream;

import dev.sampo.association.AssociationConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.util.TimeUtils;

/**
 * Every setting of the association job, as documented keys with defaults (README, "Cluster
 * deployment"). Durations take Flink's syntax: {@code 500ms}, {@code 1s}, {@code 2min}.
 */
public record JobConfig(
        String bootstrap,
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
        SteeringSettings steering) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Every key with its default, in the order the README documents them. */
    public static final Map<String, String> DEFAULTS = defaults();

    public JobConfig {
        if (parallelism < 1 || buckets < 1) {
            throw new IllegalArgumentException("sampo.parallelism and sampo.buckets must be ≥ 1");
        }
        if (association.periodMicros() % 1000 != 0) {
            throw new IllegalArgumentException("sampo.period must be a whole number of milliseconds");
        }
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("sampo.kafka.bootstrap", "localhost:9092");
        d.put("sampo.topic.packets", "sampo.packets");
        d.put("sampo.topic.pairs", "sampo.pairs");
        d.put("sampo.topic.sessions", "sampo.sessions");
        d.put("sampo.topic.subflows", "sampo.subflows");
        d.put("sampo.topic.dead-letters", "sampo.packets.dlq");
        d.put("sampo.group.id", "sampo-association");
        d.put("sampo.parallelism", "1");
        d.put("sampo.buckets", "16");
        d.put("sampo.period", "1s");
        d.put("sampo.horizon", "600s");
        d.put("sampo.idle-timeout", "120s");
        d.put("sampo.dsn-bits", "64");
        d.put("sampo.tokens", "true");
        d.put("sampo.watermark.skew", "500ms");
        d.put("sampo.watermark.quiet", "500ms");
        d.put("sampo.checkpoint.interval", "5s");
        d.put("sampo.topic.steering", "sampo.steering");
        d.put("sampo.topic.nf-load", "nf.load");
        d.put("sampo.steering.load-bound", "0.25");
        d.put("sampo.steering.silence", "10s");
        d.put("sampo.steering.instances", "");
        return Map.copyOf(d);
    }

    public static JobConfig defaultsWith(Map<String, String> overrides) {
        Map<String, String> c = new LinkedHashMap<>(DEFAULTS);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (!DEFAULTS.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown setting " + e.getKey() + "; known: " + DEFAULTS.keySet());
            }
            c.put(e.getKey(), e.getValue());
        }
        try {
            AssociationConfig a = AssociationConfig.DEFAULTS
                    .withTiming(micros(c, "sampo.period"), micros(c, "sampo.horizon"), micros(c, "sampo.idle-timeout"))
                    .withDsnBits(Integer.parseInt(c.get("sampo.dsn-bits")))
                    .withTokens(bool(c, "sampo.tokens"));
            return new JobConfig(c.get("sampo.kafka.bootstrap"), c.get("sampo.topic.packets"),
                    c.get("sampo.topic.pairs"), c.get("sampo.topic.sessions"), c.get("sampo.topic.subflows"),
                    c.get("sampo.topic.dead-letters"), c.get("sampo.group.id"), Integer.parseInt(c.get("sampo.parallelism")),
                    Integer.parseInt(c.get("sampo.buckets")), a, duration(c, "sampo.watermark.skew"),
                    duration(c, "sampo.watermark.quiet"), duration(c, "sampo.checkpoint.interval"),
                    SteeringSettings.of(c.get("sampo.topic.nf-load"), c.get("sampo.topic.steering"),
                            Double.parseDouble(c.get("sampo.steering.load-bound")), micros(c, "sampo.steering.silence") / 1000,
                            c.get("sampo.steering.instances")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in settings: " + e.getMessage(), e);
        }
    }

    public long periodMillis() {
        return association.periodMicros() / 1000;
    }

    private static boolean bool(Map<String, String> c, String key) {
        String v = c.get(key);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, not " + v);
        }
        return Boolean.parseBoolean(v);
    }

    private static Duration duration(Map<String, String> c, String key) {
        try {
            return TimeUtils.parseDuration(c.get(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static long micros(Map<String, String> c, String key) {
        Duration d = duration(c, key);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive, not " + c.get(key));
        }
        return d.toNanos() / 1000;
    }
}
