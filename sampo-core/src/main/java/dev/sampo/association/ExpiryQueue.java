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
 * whichever comes first; before that, retention would leave it as it is.
 *
 * <p>A subflow's due time mostly moves later (a packet moves its idle timeout), so the order holds
 * each subflow at the time it was queued for, never later than it is due now: an update that
 * makes it due later changes a field, not the order, and one found in the order before it is due
 * is queued again for its time then. An update that makes it due sooner re-queues it at once. So
 * an update costs O(1) mostly, an arrival or departure O(log n). Not thread-safe.
 */
final class ExpiryQueue {
    /** {@code serial} orders equal times cheaply: the order among subflows due together does not matter. */
    private record Due(long atMicros, long serial, SubflowId id) {
    }

    /** When a live subflow is due now, and the entry that holds its place in the order. */
    private static final class Dues {
        long atMicros;
        Due queued;
    }

    private static final Comparator<Due> ORDER = (x, y) -> {
        int c = Long.compare(x.atMicros, y.atMicros);
        return c != 0 ? c : Long.compare(x.serial, y.serial);
    };

    private final long idleTimeout;
    private final long horizon;
    private final Map<SubflowId, Dues> dues = new HashMap<>();
    /** One entry per live subflow, due no later than it is now. */
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
        Dues d = dues.get(s.id);
        if (d == null) {
            d = new Dues();
            dues.put(s.id, d);
        } else if (at >= d.queued.atMicros()) {
            d.atMicros = at;
            return;
        } else {
            order.remove(d.queued);
        }
        d.atMicros = at;
        queue(d, s.id);
    }

    void remove(SubflowId id) {
        Dues before = dues.remove(id);
        if (before != null) {
            order.remove(before.queued);
        }
    }

    /** Takes out, and returns, a subflow due before the period closing at {@code nowMicros}; null when none is. */
    SubflowId pollDue(long nowMicros) {
        while (!order.isEmpty() && order.first().atMicros() < nowMicros) {
            Due first = order.pollFirst();
            Dues d = dues.get(first.id());
            if (d.atMicros < nowMicros) {
                dues.remove(first.id());
                return first.id();
            }
            queue(d, first.id()); // due later than it was queued for
        }
        return null;
    }

    private void queue(Dues d, SubflowId id) {
        d.queued = new Due(d.atMicros, serials++, id);
        order.add(d.queued);
    }
}
