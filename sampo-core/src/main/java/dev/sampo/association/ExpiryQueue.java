package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Live subflows in the order they next need retention ({@link EvidenceCollector#retain}): at a
 * period's close only those due are visited, not every live subflow. A subflow is due once the
 * period ends after its idle timeout or after the horizon passed its earliest-ending box,
 * whichever comes first; before that, retention would leave it as it is. O(log n) per update.
 * Not thread-safe.
 */
final class ExpiryQueue {
    /** {@code serial} orders equal times cheaply: the order among subflows due together does not matter. */
    private record Due(long atMicros, long serial, SubflowId id) {
    }

    private static final Comparator<Due> ORDER = Comparator.comparingLong(Due::atMicros).thenComparingLong(Due::serial);

    private final long idleTimeout;
    private final long horizon;
    private final Map<SubflowId, Due> dues = new HashMap<>();
    private final TreeSet<Due> order = new TreeSet<>(ORDER);
    private long serials;

    ExpiryQueue(AssociationConfig config) {
        this.idleTimeout = config.idleTimeoutMicros();
        this.horizon = config.horizonMicros();
    }

    /** Notes when a live subflow, new or changed, is next due. */
    void update(SubflowEvidence s) {
        long at = s.lastSeen + idleTimeout;
        long earliestEnd = Math.min(s.tracks[0].earliestEnd(), s.tracks[1].earliestEnd());
        if (earliestEnd != Long.MAX_VALUE) {
            at = Math.min(at, earliestEnd + horizon);
        }
        Due now = new Due(at, serials++, s.id);
        Due before = dues.put(s.id, now);
        if (before != null) {
            order.remove(before);
        }
        order.add(now);
    }

    void remove(SubflowId id) {
        Due before = dues.remove(id);
        if (before != null) {
            order.remove(before);
        }
    }

    /** Takes out, and returns, a subflow due before the period closing at {@code nowMicros}; null when none is. */
    SubflowId pollDue(long nowMicros) {
        if (order.isEmpty() || order.first().atMicros() >= nowMicros) {
            return null;
        }
        Due d = order.pollFirst();
        dues.remove(d.id());
        return d.id();
    }
}
