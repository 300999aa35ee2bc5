package dev.sampo.association;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Candidate pairs without looking at all pairs: every track becomes an interval of its DSN space
 * widened by a reach, the intervals are sorted by start, and a sweep emits the subflow pairs whose
 * intervals intersect. The reach is where proximity stops mattering: 2^40 bytes in a 64-bit space
 * and 2^24 in a 32-bit one, beyond which the chance of coincidence alone rules a pair out.
 * Tracks compared at 32 bits (either side 32-bit) are swept in the 32-bit space.
 */
final class CandidateFinder {
    static final long REACH_64 = 1L << 40;
    static final long REACH_32 = 1L << 24;

    private CandidateFinder() {
    }

    /** Pairs (i, j), i &lt; j, of indices into {@code states}, each once, encoded as {@code i << 32 | j}. */
    static long[] candidates(List<SubflowState> states) {
        LongSet pairs = new LongSet();
        sweep(states, 64, pairs);
        sweep(states, 32, pairs);
        long[] out = pairs.toArray();
        Arrays.sort(out);
        return out;
    }

    private static void sweep(List<SubflowState> states, int bits, LongSet pairs) {
        List<long[]> intervals = new ArrayList<>();
        long reach = bits == 64 ? REACH_64 : REACH_32;
        for (int i = 0; i < states.size(); i++) {
            for (Track t : states.get(i).tracks) {
                if (t.isEmpty() || (bits == 64 && t.bits() != 64)) {
                    continue;
                }
                long start = DsnSpace.truncate(t.base() + t.minOffset() - reach, bits);
                long length = t.maxOffset() - t.minOffset() + 2 * reach;
                add(intervals, start, length, bits, i, t.bits() == 32);
            }
        }
        long[][] sorted = intervals.toArray(new long[0][]);
        Arrays.sort(sorted, (p, q) -> Long.compareUnsigned(p[0], q[0]));
        for (int i = 0; i < sorted.length; i++) {
            for (int j = i + 1; j < sorted.length && Long.compareUnsigned(sorted[j][0], sorted[i][1]) <= 0; j++) {
                int a = (int) sorted[i][2];
                int b = (int) sorted[j][2];
                // In the 32-bit sweep, pairs of two 64-bit tracks belong to the 64-bit sweep.
                boolean narrow = sorted[i][3] == 1 || sorted[j][3] == 1;
                if (a != b && (bits == 64 || narrow)) {
                    pairs.add(a < b ? ((long) a << 32) | b : ((long) b << 32) | a);
                }
            }
        }
    }

    /** Adds [start, start+length] in a 2^bits ring, split in two where it wraps. */
    private static void add(List<long[]> intervals, long start, long length, int bits, int owner, boolean narrow) {
        long flag = narrow ? 1 : 0;
        double size = DsnSpace.size(bits);
        if (length >= size - 1) {
            intervals.add(new long[] {0, DsnSpace.truncate(-1L, bits), owner, flag});
            return;
        }
        long end = DsnSpace.truncate(start + length, bits);
        if (Long.compareUnsigned(end, start) >= 0) {
            intervals.add(new long[] {start, end, owner, flag});
        } else {
            intervals.add(new long[] {start, DsnSpace.truncate(-1L, bits), owner, flag});
            intervals.add(new long[] {0, end, owner, flag});
        }
    }
}
