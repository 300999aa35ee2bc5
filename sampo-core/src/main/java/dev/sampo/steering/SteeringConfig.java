package dev.sampo.steering;

import java.io.Serializable;
import java.util.Set;

/**
 * How sessions are placed. The job's {@code sampo.steering.*} settings and {@code ./sampo steer}
 * give the defaults.
 *
 * @param loadBound ε of bounded loads: a new session skips an instance whose load per unit of
 *     capacity exceeds (1 + ε) times the mean, and takes the next in its rendezvous ranking
 *     (0.25 by default)
 * @param silenceMillis an instance whose last load report is older than this has left (10 s by default)
 * @param instances the instances allowed to report; empty for any (by default)
 */
public record SteeringConfig(double loadBound, long silenceMillis, Set<String> instances) implements Serializable {
    private static final long serialVersionUID = 1L;

    public SteeringConfig {
        if (!(loadBound >= 0) || Double.isInfinite(loadBound)) {
            throw new IllegalArgumentException("load bound must be a number ≥ 0, not " + loadBound);
        }
        if (silenceMillis <= 0) {
            throw new IllegalArgumentException("silence timeout must be positive, not " + silenceMillis + " ms");
        }
        instances = Set.copyOf(instances); // an immutable set, which is Serializable
    }
}
