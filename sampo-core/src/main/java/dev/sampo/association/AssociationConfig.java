package dev.sampo.association;

import dev.sampo.time.Durations;
import java.io.Serializable;
import java.time.Duration;

/**
 * Every knob of the association, with the defaults the design note (docs/ASSOCIATION.md)
 * justifies, built with {@link #builder()}. Durations are in microseconds of packet (event) time.
 *
 * @param periodMicros how often association runs
 * @param horizonMicros how long evidence is kept: older evidence boxes are dropped
 * @param idleTimeoutMicros a subflow with no packet for this long is forgotten
 * @param dsnBits 64, or 32 to truncate every DSN and DATA_ACK (the paper's setting)
 * @param useTokens whether keys and tokens are evidence ({@code --no-token} turns it off)
 * @param boxesPerTrack bound on the (time × DSN) evidence boxes kept per direction of a subflow
 * @param skewBytes largest DSN distance between two subflows of one session at the same instant
 * @param sameThreshold Φ at or above which a pair is grouped
 * @param distinctThreshold Φ_D at or above which a pair is reported distinct
 * @param sigmoidSteepness k of the first-level sigmoid Φ_D¹
 * @param rateSlack how much faster than its fastest observed subflow a session may advance
 * @param population how many concurrent subflows a coincidence could come from: the chance that
 *     one unrelated track lies as close is multiplied by it (a union bound over the family)
 * @param maxSubflows cap on the live subflows one engine (one subtask of the job's evidence
 *     stage) keeps; past it, those with the least evidence are evicted ({@link SubflowCap})
 */
public record AssociationConfig(
        long periodMicros,
        long horizonMicros,
        long idleTimeoutMicros,
        int dsnBits,
        boolean useTokens,
        int boxesPerTrack,
        long skewBytes,
        double sameThreshold,
        double distinctThreshold,
        double sigmoidSteepness,
        double rateSlack,
        long population,
        int maxSubflows) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final AssociationConfig DEFAULTS = builder().build();

    public AssociationConfig {
        if (dsnBits != 32 && dsnBits != 64) {
            throw new IllegalArgumentException("dsnBits must be 32 or 64, not " + dsnBits);
        }
        if (periodMicros <= 0 || horizonMicros <= 0 || idleTimeoutMicros <= 0) {
            throw new IllegalArgumentException("period, horizon and idle timeout must be positive");
        }
        if (boxesPerTrack < 2 || boxesPerTrack > 64) {
            throw new IllegalArgumentException("boxesPerTrack must be within 2..64, not " + boxesPerTrack);
        }
        if (skewBytes < 0 || rateSlack < 1 || sigmoidSteepness <= 0 || population < 1) {
            throw new IllegalArgumentException("skewBytes ≥ 0, rateSlack ≥ 1, sigmoidSteepness > 0 and population ≥ 1 are required");
        }
        if (!(sameThreshold > 0 && sameThreshold <= 1 && distinctThreshold > 0 && distinctThreshold <= 1)) {
            throw new IllegalArgumentException("thresholds must lie in (0, 1]");
        }
        if (maxSubflows < 1) {
            throw new IllegalArgumentException("maxSubflows must be ≥ 1, not " + maxSubflows);
        }
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Builds a configuration from the defaults up; {@link #build} checks the whole. The knobs
     * without a setter keep the design note's values: no caller varies them yet.
     */
    public static final class Builder {
        private long periodMicros = 1_000_000L;
        private long horizonMicros = 600_000_000L;
        private long idleTimeoutMicros = 120_000_000L;
        private int dsnBits = 64;
        private boolean useTokens = true;
        private int boxesPerTrack = 16;
        private long skewBytes = 4L << 20;
        private double sameThreshold = 0.9999;
        private double distinctThreshold = 0.99;
        private double sigmoidSteepness = 8.0;
        private double rateSlack = 4.0;
        private long population = 10_000;
        private int maxSubflows = 1_000_000;

        private Builder() {
        }

        private Builder(AssociationConfig c) {
            periodMicros = c.periodMicros;
            horizonMicros = c.horizonMicros;
            idleTimeoutMicros = c.idleTimeoutMicros;
            dsnBits = c.dsnBits;
            useTokens = c.useTokens;
            boxesPerTrack = c.boxesPerTrack;
            skewBytes = c.skewBytes;
            sameThreshold = c.sameThreshold;
            distinctThreshold = c.distinctThreshold;
            sigmoidSteepness = c.sigmoidSteepness;
            rateSlack = c.rateSlack;
            population = c.population;
            maxSubflows = c.maxSubflows;
        }

        public Builder period(Duration period) {
            periodMicros = Durations.micros(period);
            return this;
        }

        public Builder horizon(Duration horizon) {
            horizonMicros = Durations.micros(horizon);
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            idleTimeoutMicros = Durations.micros(idleTimeout);
            return this;
        }

        public Builder dsnBits(int bits) {
            dsnBits = bits;
            return this;
        }

        public Builder useTokens(boolean tokens) {
            useTokens = tokens;
            return this;
        }

        /**
         * How many concurrent subflows a coincidence could come from: 10,000 by default. A
         * deployment that sees fewer may say so; the chance of every DSN coincidence is multiplied
         * by it (docs/ASSOCIATION.md §2, combining).
         */
        public Builder population(long subflows) {
            population = subflows;
            return this;
        }

        /** The cap on live subflows: 1,000,000 by default, about 1.9 GB of evidence and ranks. */
        public Builder maxSubflows(int max) {
            maxSubflows = max;
            return this;
        }

        /** @throws IllegalArgumentException for a setting out of its range */
        public AssociationConfig build() {
            return new AssociationConfig(periodMicros, horizonMicros, idleTimeoutMicros, dsnBits, useTokens,
                    boxesPerTrack, skewBytes, sameThreshold, distinctThreshold, sigmoidSteepness, rateSlack, population,
                    maxSubflows);
        }
    }
}
