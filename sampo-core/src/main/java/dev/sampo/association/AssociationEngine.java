package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * SAMPO, online: packets are buffered for the current period, applied in content order when the
 * period closes (so arrival order inside a period does not matter), and association renews only
 * the decisions and sessions that the period's changes reach ({@link IncrementalAssociation}), so
 * a period costs what changed in it, not what is live: {@link #period} returns what changed, and
 * {@link #result} the whole table when a caller needs it. Evidence older than the horizon is
 * dropped and idle subflows time out (visited in the order they fall due, {@link ExpiryQueue}),
 * so memory is bounded by the number of live subflows, which a {@link SubflowCap} bounds in turn
 * (a flood of spoofed subflows evicts its own kind first). The offline CLI drives this class; the
 * Flink job runs its steps as stages. Not thread-safe.
 */
public final class AssociationEngine {
    private final AssociationConfig config;
    private final EvidenceCollector collector;
    private final IncrementalAssociation association;
    /** The one map by id: a subflow's evidence, cap slot, expiry and association state hang on its {@link LiveSubflow}. */
    private final LiveSubflowMap subflows = new LiveSubflowMap();
    /** Subflows whose evidence changed since the last association (each marked {@link LiveSubflow#changed}). */
    private final List<LiveSubflow> changed = new ArrayList<>();
    private final List<PacketRecord> pending = new ArrayList<>();
    private final SubflowCap cap;
    private final ExpiryQueue expiry;
    private long lastPeriod;
    private long acceptedPackets;
    private long evictedSubflows;
    private long mptcpPackets;

    public AssociationEngine(AssociationConfig config) {
        this.config = config;
        this.collector = new EvidenceCollector(config);
        this.association = new IncrementalAssociation(config);
        this.cap = new SubflowCap(config.maxSubflows());
        this.expiry = new ExpiryQueue(config);
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
     * Closes the period at {@code nowMicros}: applies its packets, expires old state, evicts the
     * subflows past the cap, and renews the association where it changed.
     *
     * @return what changed; {@link #result} has the whole table
     */
    public AssociationDelta period(long nowMicros) {
        applyPending();
        List<LiveSubflow> removed = expire(nowMicros);
        evict(removed);
        changed.removeIf(n -> !n.changed); // those that left since they changed
        AssociationDelta delta = association.associate(nowMicros, changed, removed);
        changed.forEach(n -> n.changed = false);
        changed.clear();
        lastPeriod = nowMicros;
        return delta;
    }

    /** Every live subflow's session, every candidate pair's decision, as of the last period: O(live subflows). */
    public AssociationResult result() {
        return association.result(lastPeriod, subflows);
    }

    /** Closes the period at {@code nowMicros} and returns the whole table ({@link #period}, then {@link #result}). */
    public AssociationResult associate(long nowMicros) {
        period(nowMicros);
        return result();
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
        for (LiveSubflow n : subflows.values()) {
            total += n.evidence.retainedBytes() + 64; // plus its LiveSubflow and map slot, roughly
        }
        return total;
    }

    /** Subflows with at least one sampled MPTCP packet. */
    public Collection<SubflowId> subflowIds() {
        return subflows.values().stream().map(n -> n.evidence.id).toList();
    }

    /** A live subflow's evidence, or null (for diagnosis: {@link MissedPairs}). */
    public SubflowEvidence evidence(SubflowId id) {
        LiveSubflow n = subflows.get(id);
        return n == null ? null : n.evidence;
    }

    /** When a subflow first produced DSN evidence (µs), or -1. */
    public long firstEvidence(SubflowId id) {
        SubflowEvidence s = evidence(id);
        return s == null || s.firstEvidence == Long.MAX_VALUE ? -1 : s.firstEvidence;
    }

    private void applyPending() {
        pending.sort(PacketOrder.BY_CONTENT);
        for (PacketRecord p : pending) {
            SubflowId id = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
            LiveSubflow n = subflows.get(id);
            SubflowEvidence after = collector.apply(p, id, n == null ? null : n.evidence);
            if (after == null) {
                continue;
            }
            if (n == null) {
                n = new LiveSubflow(after);
                subflows.put(id, n);
            }
            markChanged(n);
            if (!p.mptcp().isEmpty()) {
                mptcpPackets++;
            }
        }
        pending.clear();
        for (LiveSubflow n : changed) { // once per subflow, not per packet: both rank the period's end state
            cap.update(n, n.evidence);
            expiry.update(n);
        }
    }

    private void markChanged(LiveSubflow n) {
        if (!n.changed) {
            n.changed = true;
            changed.add(n);
        }
    }

    /**
     * Drops idle subflows (returned) and old boxes, noting the subflows that lost boxes as changed:
     * only the subflows due are visited.
     */
    private List<LiveSubflow> expire(long now) {
        List<LiveSubflow> removed = new ArrayList<>();
        for (LiveSubflow n = expiry.pollDue(now); n != null; n = expiry.pollDue(now)) {
            SubflowEvidence s = n.evidence;
            int boxes = boxes(s);
            if (!collector.retain(s, now)) {
                removed.add(n);
                n.changed = false;
                cap.remove(n);
                subflows.remove(s.id);
            } else {
                if (boxes(s) != boxes) {
                    markChanged(n);
                }
                expiry.update(n);
            }
        }
        return removed;
    }

    /** Evicts the live subflows past the cap, as if they had timed out. */
    private void evict(List<LiveSubflow> removed) {
        for (SubflowId id : cap.overflow()) {
            LiveSubflow n = subflows.remove(id);
            removed.add(n);
            n.changed = false;
            expiry.remove(n);
            evictedSubflows++;
        }
    }

    private static int boxes(SubflowEvidence s) {
        return s.tracks[0].count() + s.tracks[1].count();
    }
}
