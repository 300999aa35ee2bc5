package dev.sampo.stream;

import dev.sampo.migration.plan.MigrationProtocol;
import dev.sampo.migration.plan.PairBackoff;
import dev.sampo.migration.plan.PlannerSettings;
import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of migration planning in the steering stage ({@code sampo.topic.migrations},
 * {@code sampo.migration.*}), checked when read. The planner's own settings record is not
 * serializable, so the values travel as they are and {@link #planner} builds it.
 *
 * @param topic where the plans' steps go; empty: no planning
 * @param scaleIn whether an instance whose sessions all fit elsewhere has them moved off
 * @param backoffAfter aborts in a row before a source and destination pair is backed off
 * @param backoffMillis the first back-off, doubled per further abort up to {@code backoffMaxMillis}
 */
public record MigrationSettings(String topic, double queueThreshold, double margin, double newInstanceCapacityPps,
        int maxInstances, boolean scaleIn, MigrationProtocol protocol, int backoffAfter, long backoffMillis,
        long backoffMaxMillis) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String SPAWNED_PREFIX = "nf-";

    static MigrationSettings of(String topic, double queueThreshold, double margin, double newInstanceCapacityPps,
            int maxInstances, boolean scaleIn, String protocol, int backoffAfter, Duration backoff, Duration backoffMax) {
        try {
            MigrationSettings s = new MigrationSettings(topic, queueThreshold, margin, newInstanceCapacityPps,
                    maxInstances, scaleIn, MigrationProtocol.ofName(protocol), backoffAfter, backoff.toMillis(),
                    backoffMax.toMillis());
            s.planner();
            s.backoff();
            return s;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sampo.migration.*: " + e.getMessage(), e);
        }
    }

    /**
     * The planner's settings. Without scale-in the planner's minimum is its maximum: it retires an
     * instance only when more than the minimum run, which then never holds.
     */
    public PlannerSettings planner() {
        return new PlannerSettings(queueThreshold, margin, newInstanceCapacityPps, maxInstances,
                scaleIn ? 1 : maxInstances, SPAWNED_PREFIX);
    }

    public PairBackoff.Settings backoff() {
        return new PairBackoff.Settings(backoffAfter, backoffMillis, backoffMaxMillis);
    }

    public boolean enabled() {
        return !topic.isEmpty();
    }
}
