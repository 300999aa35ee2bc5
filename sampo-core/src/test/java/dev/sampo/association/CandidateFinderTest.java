package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sweep finds exactly the pairs the definition names, without looking at all pairs. */
class CandidateFinderTest {

    /**
     * Tracks crowded into a few narrow DSN regions, a mix of 32- and 64-bit ones, some wrapping the
     * 32- or 64-bit ring, so that pieces of every kind intersect; the sweep must return exactly the
     * pairs {@link DsnBuckets#owner} (which tries every track and piece pair) assigns a bucket,
     * and, asked for the pairs of changed subflows, exactly those of them with a changed subflow.
     */
    @Test
    void findsExactlyThePairsWhoseIntervalsMeet() {
        SplittableRandom random = new SplittableRandom(14);
        long[] regions = {0, -(1L << 23), 0xFFFF_FFFFL - (1L << 22), 0x1234_5678_0000_0000L, -(1L << 39)};
        for (int round = 0; round < 20; round++) {
            List<SubflowEvidence> states = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                SubflowEvidence s = new SubflowEvidence(SubflowId.of(IpAddress.ofV4(0x0A00_0000 | i), 1000 + i,
                        IpAddress.ofV4(0x0A01_0000), 80), 4);
                for (Track t : s.tracks) {
                    int values = random.nextInt(3);
                    int bits = random.nextInt(3) == 0 ? 32 : 64;
                    long at = regions[random.nextInt(regions.length)] + random.nextLong(1L << 26);
                    for (int v = 0; v < values; v++) {
                        long value = at + random.nextLong(1L << 24);
                        t.addAck(v, bits == 32 ? value & 0xFFFF_FFFFL : value, bits);
                    }
                }
                states.add(s);
            }
            DsnBuckets all = new DsnBuckets(1);
            List<Long> expected = new ArrayList<>();
            for (int a = 0; a < states.size(); a++) {
                for (int b = a + 1; b < states.size(); b++) {
                    if (all.owner(states.get(a), states.get(b)) >= 0) {
                        expected.add(((long) a << 32) | b);
                    }
                }
            }
            assertTrue(expected.size() > 50, "round " + round + ": enough meeting pairs to mean something");
            assertArrayEquals(expected.stream().mapToLong(Long::longValue).toArray(),
                    CandidateFinder.candidates(states), "round " + round);
            boolean[] changed = new boolean[states.size()];
            for (int i = 0; i < changed.length; i++) {
                changed[i] = random.nextInt(4) == 0;
            }
            long[] renewed = expected.stream().mapToLong(Long::longValue)
                    .filter(pair -> changed[(int) (pair >>> 32)] || changed[(int) pair]).toArray();
            assertArrayEquals(renewed, CandidateFinder.candidates(states, changed), "round " + round + ", changed only");
        }
    }
}
