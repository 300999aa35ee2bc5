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
 *
 * <p>A subflow is indexed under an owner of type {@code T}, which {@link #partners} returns: the
 * engine's evidence, or (a DSN bucket, which keeps no decoded evidence between periods) its id.
 * A bucket indexes only the pieces that touch it ({@link Pieces}): a pair it decides meets there.
 * Not thread-safe.
 */
final class CandidateIndex<T> {
    private static final int CLASSES = 64;

    /** Which pieces of a subflow's intervals are indexed, by sweep width and inclusive unsigned bounds. */
    interface Pieces {
        boolean keeps(int bits, long start, long end);
    }

    /** One piece of one track's widened interval, inclusive unsigned bounds, and where it sits in its cell. */
    private static final class Interval<O> {
        long start;
        long end;
        O owner;
        final int grid;
        final int lengthClass;
        int slot;

        Interval(long start, long end, O owner, int grid) {
            this.start = start;
            this.end = end;
            this.owner = owner;
            this.grid = grid;
            this.lengthClass = lengthClass(start, end);
        }
    }

    /** Per grid (width × meets-all), per length class: cell → intervals starting in it. */
    private final List<List<LongMap<List<Interval<T>>>>> grids = new ArrayList<>();
    /** Intervals per grid and class, to skip empty classes and to scan small ones whole. */
    private final int[][] population = new int[4][CLASSES];
    private final Map<SubflowId, List<Interval<T>>> bySubflow = new HashMap<>();
    private final Pieces kept;

    /** An index of every piece. */
    CandidateIndex() {
        this((bits, start, end) -> true);
    }

    CandidateIndex(Pieces kept) {
        this.kept = kept;
        for (int g = 0; g < 4; g++) {
            List<LongMap<List<Interval<T>>>> classes = new ArrayList<>();
            for (int k = 0; k < CLASSES; k++) {
                classes.add(new LongMap<>());
            }
            grids.add(classes);
        }
    }

    /**
     * Indexes a subflow's intervals as its tracks are now, under {@code owner}, replacing those it
     * had: in place where each stays in its cell and length class, as a growing track's mostly do.
     */
    void put(SubflowId id, Track[] tracks, T owner) {
        List<Interval<T>> old = bySubflow.get(id);
        if (old != null) {
            List<long[]> now = new ArrayList<>(old.size());
            forEachInterval(tracks, (grid, start, end) -> now.add(new long[] {grid, start, end}));
            if (fitsInPlace(old, now)) {
                for (int k = 0; k < now.size(); k++) {
                    old.get(k).start = now.get(k)[1];
                    old.get(k).end = now.get(k)[2];
                    old.get(k).owner = owner;
                }
                return;
            }
        }
        remove(id);
        List<Interval<T>> mine = new ArrayList<>(4);
        forEachInterval(tracks, (grid, start, end) -> {
            Interval<T> i = new Interval<>(start, end, owner, grid);
            List<Interval<T>> in = cells(i.grid, i.lengthClass).computeIfAbsent(cellOf(start, i.lengthClass),
                    c -> new ArrayList<>(1));
            i.slot = in.size();
            in.add(i);
            population[grid][i.lengthClass]++;
            mine.add(i);
        });
        if (!mine.isEmpty()) {
            bySubflow.put(id, mine);
        }
    }

    private static <T> boolean fitsInPlace(List<Interval<T>> old, List<long[]> now) {
        if (old.size() != now.size()) {
            return false;
        }
        for (int k = 0; k < now.size(); k++) {
            Interval<T> i = old.get(k);
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
        List<Interval<T>> old = bySubflow.remove(id);
        if (old == null) {
            return;
        }
        for (Interval<T> i : old) {
            LongMap<List<Interval<T>>> cells = cells(i.grid, i.lengthClass);
            long cell = cellOf(i.start, i.lengthClass);
            List<Interval<T>> in = cells.get(cell);
            Interval<T> last = in.remove(in.size() - 1); // swapped into the place of the one removed: O(1) in crowded cells
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

    /**
     * The owners of the other subflows that form a candidate pair with subflow {@code id}, as
     * indexed now (with a {@link Pieces} filter, those whose kept pieces meet its kept pieces).
     */
    Set<T> partners(SubflowId id) {
        List<Interval<T>> mine = bySubflow.getOrDefault(id, List.of());
        Set<T> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Interval<T> i : mine) {
            boolean meetsAll = (i.grid & 1) == 1;
            int width = i.grid >> 1;
            lookup(grid(width, true), i, out);
            if (meetsAll) {
                lookup(grid(width, false), i, out);
            }
        }
        if (!mine.isEmpty()) {
            out.remove(mine.get(0).owner);
        }
        return out;
    }

    private void lookup(int grid, Interval<T> q, Set<T> out) {
        for (int k = 0; k < CLASSES; k++) {
            int n = population[grid][k];
            if (n == 0) {
                continue;
            }
            LongMap<List<Interval<T>>> cells = cells(grid, k);
            long from = k == CLASSES - 1 || Long.compareUnsigned(q.start, 2L << k) < 0 ? 0 : cellOf(q.start - (2L << k), k);
            long to = cellOf(q.end, k);
            if (Long.compareUnsigned(to - from, n) >= 0) {
                cells.forEachValue(in -> collect(in, q, out));
            } else {
                for (long c = from; Long.compareUnsigned(c, to) <= 0; c++) {
                    List<Interval<T>> in = cells.get(c);
                    if (in != null) {
                        collect(in, q, out);
                    }
                }
            }
        }
    }

    private static <T> void collect(List<Interval<T>> in, Interval<T> q, Set<T> out) {
        for (Interval<T> i : in) {
            if (Long.compareUnsigned(i.start, q.end) <= 0 && Long.compareUnsigned(q.start, i.end) <= 0) {
                out.add(i.owner);
            }
        }
    }

    private interface IntervalSink {
        void accept(int grid, long start, long end);
    }

    /** Every kept piece of every track's interval in each sweep, as {@link CandidateFinder} sweeps them. */
    private void forEachInterval(Track[] tracks, IntervalSink sink) {
        for (int w = 0; w < CandidateFinder.WIDTHS.length; w++) {
            int bits = CandidateFinder.WIDTHS[w];
            for (Track t : tracks) {
                if (CandidateFinder.sweeps(t, bits)) {
                    int grid = grid(w, CandidateFinder.meetsAll(t, bits));
                    for (long[] p : CandidateFinder.pieces(t, bits)) {
                        if (kept.keeps(bits, p[0], p[1])) {
                            sink.accept(grid, p[0], p[1]);
                        }
                    }
                }
            }
        }
    }

    private static int grid(int width, boolean meetsAll) {
        return width << 1 | (meetsAll ? 1 : 0);
    }

    private LongMap<List<Interval<T>>> cells(int grid, int lengthClass) {
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
