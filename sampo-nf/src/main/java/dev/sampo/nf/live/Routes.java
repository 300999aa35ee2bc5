package dev.sampo.nf.live;

import dev.sampo.flow.SubflowId;
import dev.sampo.steering.NfInstance;
import dev.sampo.steering.Rendezvous;
import dev.sampo.wire.SteeringRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The steering point's rules, one per session: a subflow's session key is its session in
 * {@code sampo.steering}, or its own id while it has no entry; a key's home is the instance its
 * first entry named (a subflow without entry: where its id hashes, as the table would place it).
 * Afterwards a key's home changes only by a handover, or when its home died: an entry that names
 * another instance for a key with a living home is a migration to run, not a rule to copy.
 */
final class Routes {
    private final Map<SubflowId, String> keyOf = new HashMap<>();
    private final Map<String, String> home = new HashMap<>();
    /** Keys whose home died holding their state, with that instance: they went on elsewhere without it. */
    private final Map<String, String> orphaned = new HashMap<>();

    /** The key a packet of this subflow belongs to now. */
    String key(SubflowId subflow) {
        return keyOf.getOrDefault(subflow, subflow.toString());
    }

    /**
     * The key's home among the living instances: a key seen for the first time, or whose home
     * died (its state died with it), gets its owner among them.
     */
    String home(String key, Collection<NfInstance> living) {
        String at = home.get(key);
        if (at == null || living.stream().noneMatch(i -> i.id().equals(at))) {
            String owner = Rendezvous.owner(key, living).id();
            home.put(key, owner);
            if (at != null) {
                orphaned.putIfAbsent(key, at);
            }
            return owner;
        }
        return at;
    }

    /**
     * Takes a steering entry; returns the instance the session should move to when the entry asks
     * for a move of a session whose home lives elsewhere, or null.
     */
    String entry(SteeringRecord r, Collection<String> alive) {
        keyOf.put(r.subflow(), r.session());
        String at = home.putIfAbsent(r.session(), r.instance());
        if (at == null || at.equals(r.instance()) || !alive.contains(r.instance())) {
            return null;
        }
        if (!alive.contains(at)) {
            home.put(r.session(), r.instance()); // its state died with its instance: nothing to hand over
            orphaned.putIfAbsent(r.session(), at);
            return null;
        }
        return r.instance();
    }

    /** Keys whose home died holding them, with the instance that died. */
    Map<String, String> orphaned() {
        return Map.copyOf(orphaned);
    }

    void forget(SubflowId subflow) {
        keyOf.remove(subflow);
    }

    void rehome(String key, String instance) {
        home.put(key, instance);
    }
}
