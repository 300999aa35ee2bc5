package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The cap by id, as the job's evidence stage uses it, against a plain map of ranks. */
class SubflowCapTest {
    private static final Comparator<SubflowEvidence> RANK = Comparator.<SubflowEvidence>comparingLong(s -> s.packets)
            .thenComparingLong(s -> s.firstSeen).thenComparing(s -> s.id);

    @Test
    void subflowsComingGoingAndGainingEvidenceAreEvictedLeastFirst() {
        int cap = 40;
        SubflowCap ranks = new SubflowCap(cap);
        Map<SubflowId, SubflowEvidence> live = new HashMap<>();
        SplittableRandom random = new SplittableRandom(14);
        int evictions = 0;
        for (int step = 0; step < 20_000; step++) {
            SubflowEvidence s = evidence(random.nextInt(200), random.nextLong(1_000));
            int what = random.nextInt(10);
            if (what < 2) {
                ranks.remove(s.id);
                live.remove(s.id);
            } else {
                SubflowEvidence held = live.get(s.id);
                if (held != null) {
                    held.packets += random.nextInt(3); // a rank only rises with packets
                    s = held;
                }
                SubflowId copy = SubflowId.parse(s.id.toString()); // an equal id of its own, as each update reads one
                assertSame(s.id, ranks.update(held == null ? s.id : copy, s), "the id the cap was first given");
                live.put(s.id, s);
            }
            List<SubflowId> evicted = ranks.overflow();
            if (!evicted.isEmpty()) {
                List<SubflowEvidence> least = new ArrayList<>(live.values());
                least.sort(RANK);
                assertEquals(least.subList(0, evicted.size()).stream().map(e -> e.id).toList(), evicted,
                        "the least evidence first, the oldest among equals");
                evicted.forEach(live::remove);
                evictions += evicted.size();
            }
            assertEquals(live.size(), ranks.size());
            assertTrue(ranks.size() <= cap);
        }
        assertTrue(evictions > 1_000, "too few evictions: the test shows little (" + evictions + ")");
    }

    private static SubflowEvidence evidence(int host, long firstSeen) {
        SubflowEvidence s = new SubflowEvidence(SubflowId.of(IpAddress.ofV4(0x0A00_0000 | host), 1000,
                IpAddress.ofV4(0x0A00_00FF), 80), 16);
        s.firstSeen = firstSeen;
        s.packets = 1;
        return s;
    }
}
