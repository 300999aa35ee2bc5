package dev.sampo.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendezvousTest {
    private static final int KEYS = 20_000;

    @Test
    void sharesFollowCapacity() {
        List<NfInstance> nfs = List.of(new NfInstance("a", 1), new NfInstance("b", 1), new NfInstance("c", 2));
        Map<String, Integer> counts = owners(nfs);
        assertEquals(0.25, counts.get("a") / (double) KEYS, 0.015);
        assertEquals(0.25, counts.get("b") / (double) KEYS, 0.015);
        assertEquals(0.50, counts.get("c") / (double) KEYS, 0.015);
    }

    @Test
    void aLeavingInstanceMovesOnlyItsOwnKeysAndAJoiningOneTakesOnly() {
        List<NfInstance> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            four.add(new NfInstance("nf-" + i, 1 + i % 2));
        }
        List<NfInstance> three = four.subList(0, 3);
        int moved = 0;
        for (int k = 0; k < KEYS; k++) {
            String key = key(k);
            String before = Rendezvous.owner(key, four).id();
            String after = Rendezvous.owner(key, three).id();
            if (!before.equals("nf-3")) {
                assertEquals(before, after, "a key moved though its instance stayed: " + key);
            } else {
                moved++;
                assertEquals(Rendezvous.ranking(key, four).get(1).id(), after, "goes to its second choice");
            }
        }
        assertTrue(moved > KEYS / 5, "nf-3 (capacity 2 of 6) owned too few keys: " + moved);
    }

    @Test
    void hashUnitStaysInsideTheOpenInterval() {
        for (int k = 0; k < KEYS; k++) {
            double u = Rendezvous.unit(key(k), "nf-" + (k % 7));
            assertTrue(u > 0 && u < 1, "u = " + u);
        }
    }

    private static Map<String, Integer> owners(List<NfInstance> nfs) {
        Map<String, Integer> counts = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            counts.merge(Rendezvous.owner(key(k), nfs).id(), 1, Integer::sum);
        }
        return counts;
    }

    /** Subflow-id-like keys that differ only in a port, the hard case for a weak hash. */
    private static String key(int k) {
        return "10.100.0.2:5000-10.100." + (k / 60_000) + ".2:" + (1024 + k % 60_000);
    }
}
