package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link CandidateFinder}'s search kept from one period to the next, so that a period costs what
 * its changed subflows cost: the reach-widened intervals of every live subflow's tracks stay
 * indexed, a changed subflow's intervals are replaced, and its partners are looked up, not swept
 * for. The pairs found are exactly the candidate pairs {@link CandidateFinder} finds with that
 * subflow in them.
 *
 * <p>Intervals are kept per sweep width, per whether they meet all others in it
 * ({@link CandidateFinder#meets}), and per length class k (length in [2^k, 2^(k+1))), in a grid of
 * cells 2^(k+1) wide keyed by the cell of their start. An interval that meets one starting at s
 * starts after s − 2^(k+1), so a lookup visits the cells from there to the end of its own
 * interval, or the class's intervals one by one where they are fewer than those cells.
 * Not thread-safe.
 */
final class CandidateIndex {
    private static final int CLASSES = 64;

    /** One piece of one track's widened interval, inclusive unsigned bounds, and where it sits in its cell. */
    private static final class Interval {
        long start;
        long end;
        final SubflowEvidence owner;
        final int grid;
        final int lengthClass;
        int slot;

        Interval(long start, long end, SubflowEvidence owner, int grid) {
            this.start = start;
            this.end = end;
            this.owner = owner;
            this.grid = grid;
            this.lengthClass = lengthClass(start, end);
        }
    }

    /** Per grid (width × meets-all), per length class: cell → intervals starting in it. */
    private final List<List<LongMap<List<Interval>>>> grids = new ArrayList<>();
    /** Intervals per grid and class, to skip empty classes and to scan small ones whole. */
    private final int[][] population = new int[4][CLASSES];
    private final Map<SubflowId, List<Interval>> bySubflow = new HashMap<>();

    CandidateIndex() {
        for (int g = 0; g < 4; g++) {
            List<LongMap<List<Interval>>> classes = new ArrayList<>();
            for (int k = 0; k < CLASSES; k++) {
                classes.add(new LongMap<>());
            }
            grids.add(classes);
        }
    }

    /**
     * Indexes a subflow's intervals as its evidence is now, replacing those it had: in place where
     * each stays in its cell and length class, as a growing track's mostly do.
     */
    void put(SubflowEvidence s) {
        List<Interval> old = bySubflow.get(s.id);
        if (old != null) {
            List<long[]> now = new ArrayList<>(old.size());
            forEachInterval(s, (grid, start, end) -> now.add(new long[] {grid, start, end}));
            if (fitsInPlace(old, now)) {
                for (int k = 0; k < now.size(); k++) {
                    old.get(k).start = now.get(k)[1];
                    old.get(k).end = now.get(k)[2];
                }
                return;
            }
        }
        remove(s.id);
        List<Interval> mine = new ArrayList<>(4);
        forEachInterval(s, (grid, start, end) -> {
            Interval i = new Interval(start, end, s, grid);
            List<Interval> in = cells(i.grid, i.lengthClass).computeIfAbsent(cellOf(start, i.lengthClass),
                    c -> new ArrayList<>(1));
            i.slot = in.size();
            in.add(i);
            population[grid][i.lengthClass]++;
            mine.add(i);
        });
        if (!mine.isEmpty()) {
            bySubflow.put(s.id, mine);
        }
    }

    private static boolean fitsInPlace(List<Interval> old, List<long[]> now) {
        if (old.size() != now.size()) {
            return false;
        }
        for (int k = 0; k < now.size(); k++) {
            Interval i = old.get(k);
            long[] n = now.get(k);
            int lengthClass = lengthClass(n[1], n[2]);
            if (i.grid != n[0] || i.lengthClass != lengthClass
                    || cellOf(i.start, lengthClass) != cellOf(n[1], lengthClass)) {
                return false;
            }
        }
        return true;
    }

    void remove(SubflowId id) {
        List<Interval> old = bySubflow.remove(id);
        if (old == null) {
            return;
        }
        for (Interval i : old) {
            LongMap<List<Interval>> cells = cells(i.grid, i.lengthClass);
            long cell = cellOf(i.start, i.lengthClass);
            List<Interval> in = cells.get(cell);
            Interval last = in.remove(in.size() - 1); // swapped into the place of the one removed: O(1) in crowded cells
            if (last != i) {
                last.slot = i.slot;
                in.set(i.slot, last);
            }
            if (in.isEmpty()) {
                cells.remove(cell);
            }
            population[i.grid][i.lengthClass]--;
        }
    }

    /** The other subflows that form a candidate pair with {@code s}, as indexed now. */
    Set<SubflowEvidence> partners(SubflowEvidence s) {
        List<Interval> mine = bySubflow.getOrDefault(s.id, List.of());
        Set<SubflowEvidence> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Interval i : mine) {
            boolean meetsAll = (i.grid & 1) == 1;
            int width = i.grid >> 1;
            lookup(grid(width, true), i, out);
            if (meetsAll) {
                lookup(grid(width, false), i, out);
            }
        }
        out.remove(s);
        return out;
    }

    private void lookup(int grid, Interval q, Set<SubflowEvidence> out) {
        for (int k = 0; k < CLASSES; k++) {
            int n = population[grid][k];
            if (n == 0) {
                continue;
            }
            LongMap<List<Interval>> cells = cells(grid, k);
            long from = k == CLASSES - 1 || Long.compareUnsigned(q.start, 2L << k) < 0 ? 0 : cellOf(q.start - (2L << k), k);
            long to = cellOf(q.end, k);
            if (Long.compareUnsigned(to - from, n) >= 0) {
                cells.forEachValue(in -> collect(in, q, out));
            } else {
                for (long c = from; Long.compareUnsigned(c, to) <= 0; c++) {
                    List<Interval> in = cells.get(c);
                    if (in != null) {
                        collect(in, q, out);
                    }
                }
            }
        }
    }

    private static void collect(List<Interval> in, Interval q, Set<SubflowEvidence> out) {
        for (Interval i : in) {
            if (Long.compareUnsigned(i.start, q.end) <= 0 && Long.compareUnsigned(q.start, i.end) <= 0) {
                out.add(i.owner);
            }
        }
    }

    private interface IntervalSink {
        void accept(int grid, long start, long end);
    }

    /** Every piece of every track's interval in each sweep, as {@link CandidateFinder} sweeps them. */
    private static void forEachInterval(SubflowEvidence s, IntervalSink sink) {
        for (int w = 0; w < CandidateFinder.WIDTHS.length; w++) {
            int bits = CandidateFinder.WIDTHS[w];
            for (Track t : s.tracks) {
                if (CandidateFinder.sweeps(t, bits)) {
                    int grid = grid(w, CandidateFinder.meetsAll(t, bits));
                    for (long[] p : CandidateFinder.pieces(t, bits)) {
                        sink.accept(grid, p[0], p[1]);
                    }
                }
            }
        }
    }

    private static int grid(int width, boolean meetsAll) {
        return width << 1 | (meetsAll ? 1 : 0);
    }

    private LongMap<List<Interval>> cells(int grid, int lengthClass) {
        return grids.get(grid).get(lengthClass);
    }

    private static int lengthClass(long start, long end) {
        long length = end - start;
        return length == 0 ? 0 : 63 - Long.numberOfLeadingZeros(length);
    }

    private static long cellOf(long start, int lengthClass) {
        return lengthClass == CLASSES - 1 ? 0 : start >>> (lengthClass + 1);
    }
}
