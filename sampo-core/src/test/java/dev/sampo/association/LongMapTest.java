package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongMapTest {
    /** Random puts and removes over few keys (so that probe runs collide and removal shifts entries back), against a HashMap. */
    @Test
    void agreesWithAHashMapThroughPutsAndRemoves() {
        SplittableRandom random = new SplittableRandom(14);
        for (int round = 0; round < 20; round++) {
            LongMap<String> map = new LongMap<>();
            Map<Long, String> expected = new HashMap<>();
            int keys = 4 + random.nextInt(300);
            for (int op = 0; op < 5_000; op++) {
                long key = random.nextInt(keys) * (random.nextBoolean() ? 1L : 1L << 40);
                if (random.nextInt(3) == 0) {
                    map.remove(key);
                    expected.remove(key);
                } else {
                    String value = "v" + key;
                    assertEquals(expected.computeIfAbsent(key, k -> value), map.computeIfAbsent(key, k -> value));
                }
                long probe = random.nextInt(keys) * (random.nextBoolean() ? 1L : 1L << 40);
                assertEquals(expected.get(probe), map.get(probe), "round " + round + ", op " + op);
            }
            List<String> values = new ArrayList<>();
            map.forEachValue(values::add);
            assertEquals(expected.size(), values.size());
            assertEquals(new HashMap<>(expected).values().stream().sorted().toList(), values.stream().sorted().toList());
        }
    }
}
