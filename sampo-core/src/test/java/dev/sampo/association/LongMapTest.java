package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongMapTest {
    /**
     * Random puts, replacements and removes over few keys, counting up and far apart (so that probe
     * runs collide and removal shifts entries back), against a HashMap.
     */
    @Test
    void agreesWithAHashMapThroughPutsAndRemoves() {
        SplittableRandom random = new SplittableRandom(14);
        for (int round = 0; round < 20; round++) {
            LongMap<String> map = new LongMap<>();
            Map<Long, String> expected = new HashMap<>();
            int keys = 4 + random.nextInt(300);
            for (int op = 0; op < 5_000; op++) {
                long key = key(random, keys);
                if (random.nextInt(3) == 0) {
                    map.remove(key);
                    expected.remove(key);
                } else {
                    String value = "v" + key + "/" + op;
                    map.put(key, value);
                    expected.put(key, value);
                }
                long probe = key(random, keys);
                assertEquals(expected.get(probe), map.get(probe), "round " + round + ", op " + op);
                assertEquals(expected.size(), map.size());
            }
            for (long key : expected.keySet()) {
                assertEquals(expected.get(key), map.get(key));
            }
        }
    }

    private static long key(SplittableRandom random, int n) {
        return random.nextInt(n) * (random.nextBoolean() ? 1L : -(1L << 40));
    }
}
