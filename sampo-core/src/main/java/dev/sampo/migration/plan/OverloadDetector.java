package dev.sampo.migration.plan;

import java.util.HashMap;
import java.util.Map;

/**
 * The thesis's overload test: an instance is overloaded when its queue is <em>rising</em> and
 * above a threshold. A deep queue that drains is not an overload (it is recovering), and a rising
 * one below the threshold is ordinary jitter.
 */
public final class OverloadDetector {
    private final double threshold;
    private final Map<String, Double> lastQueue = new HashMap<>();

    public OverloadDetector(double threshold) {
        this.threshold = threshold;
    }

    /** Records the report and says whether it shows an overload; the first report of an instance never does. */
    public boolean overloaded(LoadReport report) {
        Double previous = lastQueue.put(report.instance(), report.queueDepth());
        return previous != null && report.queueDepth() > previous && report.queueDepth() > threshold;
    }

    /** Forgets a retired instance, so a later one of the same name starts afresh. */
    public void forget(String instance) {
        lastQueue.remove(instance);
    }
}
