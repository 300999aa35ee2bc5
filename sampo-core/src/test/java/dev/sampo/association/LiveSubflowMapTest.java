package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LiveSubflowMapTest {
    /**
     * Random puts and removes over few ids that differ in one field at a time (so that probe runs
     * collide and removal shifts entries back), against a HashMap.
     */
    @Test
    void agreesWithAHashMapThroughPutsAndRemoves() {
        SplittableRandom random = new SplittableRandom(14);
        for (int round = 0; round < 20; round++) {
            LiveSubflowMap map = new LiveSubflowMap();
            Map<SubflowId, LiveSubflow> expected = new HashMap<>();
            int ids = 4 + random.nextInt(300);
            for (int op = 0; op < 5_000; op++) {
                SubflowId id = id(random, ids);
                if (random.nextInt(3) == 0) {
                    assertSame(expected.remove(id), map.remove(id));
                } else if (!expected.containsKey(id)) {
                    LiveSubflow n = new LiveSubflow(new SubflowEvidence(id, 4));
                    expected.put(id, n);
                    map.put(id, n);
                }
                SubflowId probe = id(random, ids);
                assertSame(expected.get(probe), map.get(probe), "round " + round + ", op " + op);
                assertEquals(expected.size(), map.size());
            }
            Comparator<LiveSubflow> byId = Comparator.comparing(n -> n.evidence.id);
            assertEquals(expected.values().stream().sorted(byId).toList(), map.values().stream().sorted(byId).toList());
        }
        assertNull(new LiveSubflowMap().get(id(random, 1)));
    }

    /** One of n ids, each differing from the others in the high or low half of an address, or in a port. */
    private static SubflowId id(SplittableRandom random, int n) {
        int k = random.nextInt(n);
        IpAddress a = new IpAddress(k % 3 == 0 ? k : 0, IpAddress.V4_MAPPED_PREFIX | 0x0A00_0001L);
        IpAddress b = new IpAddress(0, IpAddress.V4_MAPPED_PREFIX | (k % 3 == 1 ? 0x0B00_0000L + k : 0x0B00_0001L));
        return SubflowId.of(a, 5000, b, k % 3 == 2 ? 1024 + k : 80);
    }
}
