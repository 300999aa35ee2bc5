package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The index's intervals live in arrays whose numbers are freed and reused, in cells linked both
 * ways: through random puts (new subflows, tracks that grow, so mostly in place, tracks that
 * move elsewhere) and removals, every live subflow's partners are exactly the subflows whose
 * intervals meet its own ({@link DsnBuckets#owner} over one bucket tries every piece pair).
 */
class CandidateIndexTest {
    private static final long[] REGIONS = {0, -(1L << 23), 0xFFFF_FFFFL - (1L << 22), 0x1234_5678_0000_0000L,
        -(1L << 39)};

    @Test
    void partnersAreExactlyTheMeetingSubflowsThroughPutsAndRemovals() {
        SplittableRandom random = new SplittableRandom(14);
        DsnBuckets one = new DsnBuckets(1);
        int checked = 0;
        for (int round = 0; round < 10; round++) {
            CandidateIndex<SubflowId> index = new CandidateIndex<>();
            Map<SubflowId, SubflowEvidence> live = new HashMap<>();
            for (int op = 0; op < 400; op++) {
                SubflowId id = SubflowId.of(IpAddress.ofV4(0x0A00_0000 | random.nextInt(80)), 1000,
                        IpAddress.ofV4(0x0A01_0000), 80);
                int what = random.nextInt(6);
                if (what == 0) {
                    index.remove(id);
                    live.remove(id);
                } else {
                    SubflowEvidence s = what < 4 && live.containsKey(id) ? live.get(id) : fresh(id, random);
                    if (s == live.get(id)) {
                        grow(s, random); // the same tracks further on: mostly an update in place
                    }
                    index.put(id, s.tracks, id);
                    live.put(id, s);
                }
                if (op % 20 == 19) {
                    for (SubflowEvidence s : live.values()) {
                        Set<SubflowId> expected = new HashSet<>();
                        for (SubflowEvidence o : live.values()) {
                            if (o != s && one.owner(s, o) >= 0) {
                                expected.add(o.id);
                            }
                        }
                        assertEquals(expected, index.partners(s.id), "round " + round + ", op " + op + ", " + s.id);
                        checked += expected.size();
                    }
                }
            }
        }
        assertTrue(checked > 10_000, "partners found to compare: " + checked);
    }

    private static SubflowEvidence fresh(SubflowId id, SplittableRandom random) {
        SubflowEvidence s = new SubflowEvidence(id, 4);
        for (Track t : s.tracks) {
            int bits = random.nextInt(3) == 0 ? 32 : 64;
            long at = REGIONS[random.nextInt(REGIONS.length)] + random.nextLong(1L << 26);
            int values = random.nextInt(3);
            for (int v = 0; v < values; v++) {
                add(t, at + random.nextLong(1L << 24), bits);
            }
        }
        return s;
    }

    private static void grow(SubflowEvidence s, SplittableRandom random) {
        Track t = s.tracks[random.nextInt(2)];
        if (!t.isEmpty()) {
            add(t, t.base() + t.maxOffset() + random.nextLong(1L << (random.nextBoolean() ? 10 : 24)), t.bits());
        }
    }

    private static void add(Track t, long value, int bits) {
        t.addAck(0, bits == 32 ? value & 0xFFFF_FFFFL : value, bits);
    }
}
