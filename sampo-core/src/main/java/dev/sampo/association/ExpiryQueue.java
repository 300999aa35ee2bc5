package dev.sampo.association;

import java.util.Comparator;
import java.util.TreeSet;

/**
 * Live subflows in the order they next need retention ({@link EvidenceCollector#retain}): at a
 * period's close only those due are visited, not every live subflow. A subflow is due once the
 * period ends after its idle timeout or after the horizon passed its earliest-ending box,
 * whichever comes first; before that, retention would leave it as it is.
 *
 * <p>A subflow's due time mostly moves later (a packet moves its idle timeout), so the order holds
 * each subflow at the time it was queued for, never later than it is due now: an update that
 * makes it due later changes a field, not the order, and one found in the order before it is due
 * is queued again for its time then. An update that makes it due sooner re-queues it at once. So
 * an update costs O(1) mostly, an arrival or departure O(log n). When it is due and its entry are
 * kept on the {@link LiveSubflow}, so an update hashes no id. Not thread-safe.
 */
final class ExpiryQueue {
    /** {@code serial} orders equal times cheaply: the order among subflows due together does not matter. */
    record Due(long atMicros, long serial, LiveSubflow subflow) {
    }

    private static final Comparator<Due> ORDER = (x, y) -> {
        int c = Long.compare(x.atMicros, y.atMicros);
        return c != 0 ? c : Long.compare(x.serial, y.serial);
    };

    private final long idleTimeout;
    private final long horizon;
    /** One entry per live subflow, due no later than it is now. */
    private final TreeSet<Due> order = new TreeSet<>(ORDER);
    private long serials;

    ExpiryQueue(AssociationConfig config) {
        this.idleTimeout = config.idleTimeoutMicros();
        this.horizon = config.horizonMicros();
    }

    /** Notes when a live subflow, new or changed, is next due. */
    void update(LiveSubflow n) {
        SubflowEvidence s = n.evidence;
        long at = s.lastSeen + idleTimeout;
        long earliestEnd = Math.min(s.tracks[0].earliestEnd(), s.tracks[1].earliestEnd());
        if (earliestEnd != Long.MAX_VALUE) {
            at = Math.min(at, earliestEnd + horizon);
        }
        if (n.queuedDue != null) {
            if (at >= n.queuedDue.atMicros()) {
                n.dueAt = at;
                return;
            }
            order.remove(n.queuedDue);
        }
        n.dueAt = at;
        queue(n);
    }

    void remove(LiveSubflow n) {
        if (n.queuedDue != null) {
            order.remove(n.queuedDue);
            n.queuedDue = null;
        }
    }

    /** Takes out, and returns, a subflow due before the period closing at {@code nowMicros}; null when none is. */
    LiveSubflow pollDue(long nowMicros) {
        while (!order.isEmpty() && order.first().atMicros() < nowMicros) {
            LiveSubflow n = order.pollFirst().subflow();
            if (n.dueAt < nowMicros) {
                n.queuedDue = null;
                return n;
            }
            queue(n); // due later than it was queued for
        }
        return null;
    }

    private void queue(LiveSubflow n) {
        n.queuedDue = new Due(n.dueAt, serials++, n);
        order.add(n.queuedDue);
    }
}
