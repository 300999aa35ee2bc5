package dev.sampo.ids;

/**
 * How IDS alerts become directives.
 *
 * @param minConfidence Φ below which a session's grouping is not trusted with a block: its other
 *     subflows get {@code alert} instead (default {@link #DEFAULT_MIN_CONFIDENCE})
 * @param dsnOnlyAlerts whether a session grouped by DSN evidence alone gets {@code alert} instead of
 *     {@code block} on its other subflows (default false)
 * @param blockSeverity alerts of this Suricata severity or more severe (lower) ask for a block, as do
 *     alerts the IDS itself blocked; others ask for an alert (default 1)
 * @param ttlMicros how long a decision covers subflows that join its session
 *     (default {@link #DEFAULT_TTL_MICROS})
 * @param maxDecisions decisions held at most; past it the oldest is dropped and counted
 */
public record DirectivePolicy(double minConfidence, boolean dsnOnlyAlerts, int blockSeverity, long ttlMicros,
                              int maxDecisions) {
    public static final double DEFAULT_MIN_CONFIDENCE = 0.9;
    public static final long DEFAULT_TTL_MICROS = 300_000_000L;
    public static final int DEFAULT_MAX_DECISIONS = 100_000;
    public static final DirectivePolicy DEFAULTS = new DirectivePolicy(DEFAULT_MIN_CONFIDENCE, false, 1,
            DEFAULT_TTL_MICROS, DEFAULT_MAX_DECISIONS);

    public DirectivePolicy {
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("minimum confidence Φ must be in [0, 1]: " + minConfidence);
        }
        if (ttlMicros <= 0) {
            throw new IllegalArgumentException("directive TTL must be positive: " + ttlMicros + " µs");
        }
        if (maxDecisions <= 0) {
            throw new IllegalArgumentException("max decisions must be positive: " + maxDecisions);
        }
    }
}
