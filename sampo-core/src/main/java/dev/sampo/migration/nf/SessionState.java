package dev.sampo.migration.nf;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A reference NF's state for one session: the subflow mappings (critical), counters (commutative)
 * and a stream digest (order-sensitive). Mutable, owned by one instance; {@link #copy} exports it.
 */
public final class SessionState {
    private final BitSet mappings;
    private final Map<Integer, Long> packetsPerSubflow;
    private long packets;
    private long bytes;
    private long digest;

    public SessionState() {
        this(new BitSet(), new TreeMap<>(), 0, 0, 1);
    }

    private SessionState(BitSet mappings, Map<Integer, Long> packetsPerSubflow, long packets, long bytes, long digest) {
        this.mappings = mappings;
        this.packetsPerSubflow = packetsPerSubflow;
        this.packets = packets;
        this.bytes = bytes;
        this.digest = digest;
    }

    /** The state of a session that saw these packets in this order: what an unmigrated NF would hold. */
    public static SessionState fold(List<Packet> packetsInOrder) {
        SessionState s = new SessionState();
        packetsInOrder.forEach(s::apply);
        return s;
    }

    /** Whether the packet's subflow has the critical state it needs here (a SYN makes its own). */
    public boolean hasCriticalStateFor(Packet p) {
        return p.opensSubflow() || mappings.get(p.subflow());
    }

    /** Applies a packet: its SYN creates the mapping; every packet counts and extends the digest. */
    public void apply(Packet p) {
        if (p.opensSubflow()) {
            mappings.set(p.subflow());
        }
        packetsPerSubflow.merge(p.subflow(), 1L, Long::sum);
        packets++;
        bytes += p.bytes();
        // A polynomial rolling hash: the same packets in another order give another digest.
        digest = digest * 1_000_003L + p.seq() + 1;
    }

    /**
     * The state as plain values, for an export between processes (as JSON).
     *
     * @param subflows the subflows that have their mapping
     */
    public record Snapshot(List<Integer> subflows, Map<Integer, Long> packetsPerSubflow, long packets, long bytes,
            long digest) {
    }

    public Snapshot snapshot() {
        return new Snapshot(mappings.stream().boxed().toList(), Map.copyOf(packetsPerSubflow), packets, bytes, digest);
    }

    public static SessionState of(Snapshot s) {
        BitSet mappings = new BitSet();
        s.subflows().forEach(mappings::set);
        return new SessionState(mappings, new TreeMap<>(s.packetsPerSubflow()), s.packets(), s.bytes(), s.digest());
    }

    public SessionState copy() {
        return new SessionState((BitSet) mappings.clone(), new TreeMap<>(packetsPerSubflow), packets, bytes, digest);
    }

    public long packets() {
        return packets;
    }

    /** Whether this state equals another as far as an NF of this kind can tell. */
    public boolean sameAs(SessionState other, NfKind kind) {
        boolean commutativePart = mappings.equals(other.mappings) && packetsPerSubflow.equals(other.packetsPerSubflow)
                && packets == other.packets && bytes == other.bytes;
        return commutativePart && (kind == NfKind.COUNTERS || digest == other.digest);
    }

    @Override
    public String toString() {
        return "SessionState{subflows=" + mappings + ", packets=" + packets + ", bytes=" + bytes
                + ", digest=" + Long.toHexString(digest) + "}";
    }
}
