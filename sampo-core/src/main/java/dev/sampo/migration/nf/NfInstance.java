package dev.sampo.migration.nf;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A reference NF instance: per-session state, processing with or without output, export and
 * import. Processing is deterministic, as reprocessing requires.
 */
public final class NfInstance {
    private final String name;
    private final Map<Integer, SessionState> sessions = new HashMap<>();

    public NfInstance(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /**
     * Processes a packet; returns false when the packet needed critical state this instance lacks
     * (a NAT without the subflow's mapping), which the packet's processing then violated.
     */
    public boolean process(Packet p) {
        SessionState state = sessions.computeIfAbsent(p.session(), s -> new SessionState());
        boolean hadCriticalState = state.hasCriticalStateFor(p);
        state.apply(p);
        return hadCriticalState;
    }

    /** Applies a state update streamed from another instance (Weak-O's eventual synchronisation). */
    public void applyUpdate(Packet p) {
        sessions.computeIfAbsent(p.session(), s -> new SessionState()).apply(p);
    }

    public SessionState export(int session) {
        SessionState state = sessions.get(session);
        return state == null ? new SessionState() : state.copy();
    }

    public void importState(int session, SessionState state) {
        sessions.put(session, state.copy());
    }

    public void drop(int session) {
        sessions.remove(session);
    }

    public SessionState state(int session) {
        return sessions.get(session);
    }

    /** The sessions this instance holds state for. */
    public Set<Integer> sessions() {
        return Set.copyOf(sessions.keySet());
    }

    public boolean holds(int session) {
        return sessions.containsKey(session);
    }
}
