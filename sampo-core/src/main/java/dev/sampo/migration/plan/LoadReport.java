package dev.sampo.migration.plan;

/**
 * What one NF instance reports each monitoring period (the thesis's per-NF counters).
 *
 * @param instance the instance's name
 * @param queueDepth packets waiting in its input queue at the end of the period
 * @param packetRatePps packets per second offered to it during the period
 * @param capacityPps packets per second it can process
 */
public record LoadReport(String instance, double queueDepth, double packetRatePps, double capacityPps) {
    public LoadReport {
        if (instance == null || instance.isEmpty()) {
            throw new IllegalArgumentException("a load report needs an instance name");
        }
        if (!(queueDepth >= 0 && packetRatePps >= 0 && capacityPps > 0)) {
            throw new IllegalArgumentException("load report of " + instance + ": queue and rate must be ≥ 0 and"
                    + " capacity > 0, got queue=" + queueDepth + " rate=" + packetRatePps + " capacity=" + capacityPps);
        }
    }
}
