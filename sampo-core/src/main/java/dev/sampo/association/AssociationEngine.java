package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SAMPO, online: packets are buffered for the current period, applied in content order when the
 * period closes (so arrival order inside a period does not matter), and association runs over
 * every live subflow, renewing only the decisions and sessions that the period's changes reach
 * ({@link IncrementalAssociation}). Evidence older than the horizon is dropped and idle subflows
 * time out, so memory is bounded by the number of live subflows, which a {@link SubflowCap} bounds
 * in turn (a flood of spoofed subflows evicts its own kind first). The offline CLI drives this
 * class; the Flink job runs its steps as stages. Not thread-safe.
 */
public final class AssociationEngine {
    private final AssociationConfig config;
    private final EvidenceCollector collector;
    private final IncrementalAssociation association;
    private final Map<SubflowId, SubflowEvidence> subflows = new HashMap<>();
    /** Subflows whose evidence changed since the last association. */
    private final Set<SubflowId> changed = new HashSet<>();
    private final List<PacketRecord> pending = new ArrayList<>();
    private final SubflowCap cap;
    private long acceptedPackets;
    private long evictedSubflows;
    private long mptcpPackets;

    public AssociationEngine(AssociationConfig config) {
        this.config = config;
        this.collector = new EvidenceCollector(config);
        this.association = new IncrementalAssociation(config);
        this.cap = new SubflowCap(config.maxSubflows());
    }

    public AssociationConfig config() {
        return config;
    }

    /** Buffers a packet for the current period. */
    public void accept(PacketRecord p) {
        pending.add(p);
        acceptedPackets++;
    }

    /**
     * Applies the period's packets, expires old state, evicts the subflows past the cap, and
     * associates every live subflow.
     */
    public AssociationResult associate(long nowMicros) {
        applyPending();
        List<SubflowEvidence> removed = expire(nowMicros);
        evict(removed);
        AssociationResult r = association.associate(nowMicros, subflows, changed, removed);
        changed.clear();
        return r;
    }

    /** Live subflows, for the bytes-per-subflow figure and for tests. */
    public int subflowCount() {
        return subflows.size();
    }

    public long acceptedPackets() {
        return acceptedPackets;
    }

    public long mptcpPackets() {
        return mptcpPackets;
    }

    /** Subflows evicted so far because more than the cap were live. */
    public long evictedSubflows() {
        return evictedSubflows;
    }

    /** Estimated heap bytes of all subflow state. */
    public long retainedBytes() {
        long total = 0;
        for (SubflowEvidence s : subflows.values()) {
            total += s.retainedBytes() + 64; // plus the map entry and key
        }
        return total;
    }

    /** Subflows with at least one sampled MPTCP packet. */
    public Collection<SubflowId> subflowIds() {
        return List.copyOf(subflows.keySet());
    }

    /** A live subflow's evidence, or null (for diagnosis: {@link MissedPairs}). */
    public SubflowEvidence evidence(SubflowId id) {
        return subflows.get(id);
    }

    /** When a subflow first produced DSN evidence (µs), or -1. */
    public long firstEvidence(SubflowId id) {
        SubflowEvidence s = subflows.get(id);
        return s == null || s.firstEvidence == Long.MAX_VALUE ? -1 : s.firstEvidence;
    }

    private void applyPending() {
        pending.sort(PacketOrder.BY_CONTENT);
        for (PacketRecord p : pending) {
            SubflowId id = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
            SubflowEvidence s = subflows.get(id);
            SubflowEvidence after = collector.apply(p, id, s);
            if (after != s) {
                subflows.put(id, after);
            }
            if (after != null) {
                changed.add(id);
                cap.update(after);
            }
            if (after != null && !p.mptcp().isEmpty()) {
                mptcpPackets++;
            }
        }
        pending.clear();
    }

    /** Drops idle subflows (returned) and old boxes, noting the subflows that lost boxes as changed. */
    private List<SubflowEvidence> expire(long now) {
        List<SubflowEvidence> removed = new ArrayList<>();
        for (Iterator<SubflowEvidence> it = subflows.values().iterator(); it.hasNext(); ) {
            SubflowEvidence s = it.next();
            int boxes = boxes(s);
            if (!collector.retain(s, now)) {
                removed.add(s);
                changed.remove(s.id);
                cap.remove(s.id);
                it.remove();
            } else if (boxes(s) != boxes) {
                changed.add(s.id);
            }
        }
        return removed;
    }

    /** Evicts the live subflows past the cap, as if they had timed out. */
    private void evict(List<SubflowEvidence> removed) {
        for (SubflowId id : cap.overflow()) {
            removed.add(subflows.remove(id));
            changed.remove(id);
            evictedSubflows++;
        }
    }

    private static int boxes(SubflowEvidence s) {
        return s.tracks[0].count() + s.tracks[1].count();
    }
}
