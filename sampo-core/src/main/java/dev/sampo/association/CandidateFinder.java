package dev.sampo.association;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Candidate pairs without looking at all pairs: every track becomes an interval of its DSN space
 * widened by a reach, the intervals are sorted by start, and a sweep emits the subflow pairs whose
 * intervals intersect. The reach is where proximity stops mattering: 2^40 bytes in a 64-bit space
 * and 2^24 in a 32-bit one, beyond which the chance of coincidence alone rules a pair out.
 * Two 64-bit tracks meet in the 64-bit sweep; a pair where either track is 32-bit meets in the
 * 32-bit sweep, where 64-bit tracks take part by their low 32 bits.
 */
final class CandidateFinder {
    static final long REACH_64 = 1L << 40;
    static final long REACH_32 = 1L << 24;
    static final int[] WIDTHS = {64, 32};
    /** Flags of a swept interval: its track meets all others in the sweep; its subflow changed. */
    private static final int MEETS_ALL = 1;
    private static final int CHANGED = 2;

    private CandidateFinder() {
    }

    /** Pairs (i, j), i &lt; j, of indices into {@code states}, each once, encoded as {@code i << 32 | j}. */
    static long[] candidates(List<SubflowEvidence> states) {
        return candidates(states, null);
    }

    /**
     * The candidate pairs with at least one subflow flagged in {@code changed} (all of them when
     * it is null), in the same encoding: the pairs whose decision a period must renew.
     */
    static long[] candidates(List<SubflowEvidence> states, boolean[] changed) {
        LongSet pairs = new LongSet();
        for (int bits : WIDTHS) {
            sweep(states, changed, bits, pairs);
        }
        long[] out = pairs.toArray();
        Arrays.sort(out);
        return out;
    }

    /** Whether a track takes part in the sweep of this width. */
    static boolean sweeps(Track t, int bits) {
        return !t.isEmpty() && (bits == 32 || t.bits() == 64);
    }

    /** Whether two tracks that both take part in this sweep may be paired in it. */
    static boolean meets(Track x, Track y, int bits) {
        return meetsAll(x, bits) || meetsAll(y, bits);
    }

    /** Whether a track may be paired with every other track of this sweep (else only with those that do). */
    static boolean meetsAll(Track t, int bits) {
        return bits == 64 || t.bits() == 32;
    }

    /**
     * The track's reach-widened interval in the 2^bits ring, as one or two inclusive unsigned
     * [start, end] pieces (two where it wraps).
     */
    static long[][] pieces(Track t, int bits) {
        long reach = bits == 64 ? REACH_64 : REACH_32;
        long start = DsnSpace.truncate(t.base() + t.minOffset() - reach, bits);
        long length = t.maxOffset() - t.minOffset() + 2 * reach;
        long top = DsnSpace.truncate(-1L, bits);
        if (length >= DsnSpace.size(bits) - 1) {
            return new long[][] {{0, top}};
        }
        long end = DsnSpace.truncate(start + length, bits);
        if (Long.compareUnsigned(end, start) >= 0) {
            return new long[][] {{start, end}};
        }
        return new long[][] {{start, top}, {0, end}};
    }

    /**
     * Emits every pair of intersecting intervals that may meet and has a changed subflow, visiting
     * no other pair: each interval looks forward in start order only over the intervals it may be
     * paired with (those that meet all, unless it does; the changed ones, unless it is). Scanning
     * all of them would visit, in the 32-bit sweep, every pair of 64-bit tracks whose low bits lie
     * within the reach (a 2^-7 share of all pairs) only to skip it.
     */
    private static void sweep(List<SubflowEvidence> states, boolean[] changed, int bits, LongSet pairs) {
        if (bits == 32 && states.stream().noneMatch(s -> meetsAllIn32(s))) {
            return; // only a 32-bit track pairs in the 32-bit sweep (64-bit ones meet in theirs)
        }
        List<long[]> intervals = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            int kind = changed == null || changed[i] ? CHANGED : 0;
            for (Track t : states.get(i).tracks) {
                if (!sweeps(t, bits)) {
                    continue;
                }
                for (long[] p : pieces(t, bits)) {
                    intervals.add(new long[] {p[0], p[1], i, kind | (meetsAll(t, bits) ? MEETS_ALL : 0)});
                }
            }
        }
        long[][] sorted = intervals.toArray(new long[0][]);
        Arrays.sort(sorted, (p, q) -> Long.compareUnsigned(p[0], q[0]));
        // partners[need]: in start order, the intervals whose kind has every flag in need
        int[][] partners = new int[4][];
        for (int need = 0; need < 4; need++) {
            int flags = need;
            partners[need] = IntStream.range(0, sorted.length).filter(k -> (sorted[k][3] & flags) == flags).toArray();
        }
        int[] next = new int[4]; // per list, the first partner after the current interval
        for (int i = 0; i < sorted.length; i++) {
            int need = ~(int) sorted[i][3] & (MEETS_ALL | CHANGED);
            int[] list = partners[need];
            while (next[need] < list.length && list[next[need]] <= i) {
                next[need]++;
            }
            for (int k = next[need]; k < list.length
                    && Long.compareUnsigned(sorted[list[k]][0], sorted[i][1]) <= 0; k++) {
                add(pairs, sorted[i], sorted[list[k]]);
            }
        }
    }

    private static boolean meetsAllIn32(SubflowEvidence s) {
        for (Track t : s.tracks) {
            if (sweeps(t, 32) && meetsAll(t, 32)) {
                return true;
            }
        }
        return false;
    }

    private static void add(LongSet pairs, long[] p, long[] q) {
        int a = (int) p[2];
        int b = (int) q[2];
        if (a != b) {
            pairs.add(a < b ? ((long) a << 32) | b : ((long) b << 32) | a);
        }
    }
}
