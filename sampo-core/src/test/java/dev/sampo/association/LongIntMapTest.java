package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongIntMapTest {
    /**
     * Random puts and removes over few keys (so that probe runs collide and removal shifts entries
     * back), against a HashMap; the same for {@link ObjectIntMap} with keys that collide in their hash.
     */
    @Test
    void agreesWithAHashMapThroughPutsAndRemoves() {
        SplittableRandom random = new SplittableRandom(14);
        for (int round = 0; round < 20; round++) {
            LongIntMap map = new LongIntMap();
            ObjectIntMap<Key> objects = new ObjectIntMap<>();
            Map<Long, Integer> expected = new HashMap<>();
            int keys = 4 + random.nextInt(300);
            for (int op = 0; op < 5_000; op++) {
                long key = random.nextInt(keys) * (random.nextBoolean() ? 1L : 1L << 40);
                if (random.nextInt(3) == 0) {
                    Integer was = expected.remove(key);
                    map.remove(key);
                    assertEquals(was == null ? ObjectIntMap.NONE : was, objects.remove(new Key(key)));
                } else {
                    int value = random.nextInt(1000);
                    expected.put(key, value);
                    map.put(key, value);
                    objects.put(new Key(key), value);
                }
                long probe = random.nextInt(keys) * (random.nextBoolean() ? 1L : 1L << 40);
                int want = expected.getOrDefault(probe, LongIntMap.NONE);
                assertEquals(want, map.get(probe), "round " + round + ", op " + op);
                assertEquals(want, objects.get(new Key(probe)), "round " + round + ", op " + op);
                assertEquals(expected.size(), map.size());
                assertEquals(expected.size(), objects.size());
            }
            List<Integer> values = new ArrayList<>();
            map.forEachValue(values::add);
            assertEquals(expected.values().stream().sorted().toList(), values.stream().sorted().toList());
        }
    }

    /** A key whose hash collides for every 8th value, and that is equal by value, not identity. */
    private record Key(long value) {
        @Override
        public int hashCode() {
            return (int) (value % 8);
        }
    }
}
