package dev.sampo.steering;

import dev.sampo.association.Fnv1a;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Weighted rendezvous (highest random weight) hashing: a key goes to the instance with the highest
 * score {@code −capacity / ln(u)}, where {@code u} is a uniform hash of key and instance in (0, 1).
 * An instance then wins a share of keys proportional to its capacity, and when an instance joins or
 * leaves only the keys it wins or held change owner (Schindelhauer &amp; Schomaker, "Weighted
 * distributed hash tables", 2005). Keys are session ids and canonical subflow ids, so every steering
 * point that knows the same instances computes the same owner.
 */
public final class Rendezvous {
    private Rendezvous() {
    }

    /** The instance that owns {@code key}, or null when there is none. */
    public static NfInstance owner(String key, Collection<NfInstance> instances) {
        NfInstance best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (NfInstance i : instances) {
            double s = score(key, i);
            if (s > bestScore || (s == bestScore && best != null && i.id().compareTo(best.id()) < 0)) {
                best = i;
                bestScore = s;
            }
        }
        return best;
    }

    /** Every instance, best first: where {@code key} goes when the ones before are ruled out. */
    public static List<NfInstance> ranking(String key, Collection<NfInstance> instances) {
        return instances.stream()
                .sorted(Comparator.comparingDouble((NfInstance i) -> -score(key, i)).thenComparing(NfInstance::id))
                .toList();
    }

    static double score(String key, NfInstance instance) {
        return -instance.capacity() / Math.log(unit(key, instance.id()));
    }

    /**
     * A hash of the pair in (0, 1). FNV-1a alone spreads similar strings (subflow ids that differ in
     * one port digit) poorly in its high bits, so each half goes through the SplitMix64 finalizer.
     */
    static double unit(String key, String instanceId) {
        long h = mix(Fnv1a.hash64(key) ^ mix(Fnv1a.hash64(instanceId)));
        return ((h >>> 11) + 0.5) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
