package dev.sampo.nf.live;

import dev.sampo.migration.nf.Packet;
import dev.sampo.migration.sim.Property;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One session's packets against what the instances applied of it: each packet output exactly
 * once; per instance, in session order (and each handshake before the later packets of its
 * subflow); after a completed handover, nothing output at the source once the destination output;
 * and no other session on two instances, unless the first died holding it.
 */
final class SessionCheck {
    private final List<Packet> sent;
    private final List<Output> applied;
    private final SwitchHandover handover;
    private final boolean orphaned;

    /** @param orphaned its instance died holding it, and it went on elsewhere: two instances, and said so */
    SessionCheck(List<Packet> sent, List<Output> applied, SwitchHandover handover, boolean orphaned) {
        this.sent = sent;
        this.applied = applied;
        this.handover = handover;
        this.orphaned = orphaned;
    }

    void count(Map<Property, Long> violations) {
        int[] outputs = new int[sent.size()];
        Map<String, Long> maxSeq = new HashMap<>();
        Map<String, Integer> maxSubflowSeq = new HashMap<>();
        long firstAtDestination = Long.MAX_VALUE;
        for (Output o : applied) {
            if (!o.hadCriticalState()) {
                add(violations, Property.CSS_MISSING);
            }
            if (!o.output()) {
                continue;
            }
            Packet p = o.packet();
            outputs[(int) p.seq()]++;
            if (p.seq() < maxSeq.merge(o.instance(), p.seq(), Math::max)) {
                add(violations, Property.REORDER);
            }
            int later = maxSubflowSeq.merge(o.instance() + "/" + p.subflow(), p.subflowSeq(), Math::max);
            if (p.cohesive() && p.subflowSeq() < later) {
                add(violations, Property.COHESIVE_REORDER);
            }
            if (handover != null && o.instance().equals(handover.to)) {
                firstAtDestination = Math.min(firstAtDestination, o.atMicros());
            }
        }
        for (int n : outputs) {
            if (n == 0) {
                add(violations, Property.LOSS);
            } else if (n > 1) {
                add(violations, Property.DUPLICATE);
            }
        }
        if (handover == null) {
            if (maxSeq.size() > 1 && !orphaned) {
                add(violations, Property.SPLIT);
            }
            return;
        }
        for (Output o : applied) {
            if (o.output() && o.instance().equals(handover.from) && o.atMicros() > firstAtDestination) {
                add(violations, Property.RETURN_TO_SOURCE);
            }
        }
    }

    private static void add(Map<Property, Long> violations, Property p) {
        violations.merge(p, 1L, Long::sum);
    }
}
