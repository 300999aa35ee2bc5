package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Consumer;

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
 * engine's live subflow, or (the DSN buckets of a parallel instance, which keep no decoded
 * evidence between periods) the copy of its evidence bytes they hold. The buckets index only the
 * pieces that touch one of theirs ({@link Pieces}): a pair they decide meets there. Not
 * thread-safe.
 *
 * <p>The index is a cache the job's buckets hold for every live subflow, so it holds no object
 * per interval: intervals are numbered, their fields are parallel arrays, a cell is a map entry
 * to its first interval and the others are linked through {@link #nextInCell} (doubly, so that
 * removing one is O(1) in a crowded cell), and a subflow is a map entry to its first interval,
 * the others linked through {@link #nextOfSubflow}. That is about 70 bytes an interval where
 * objects, lists and map nodes took 160 (docs/PERFORMANCE.md, "State per live subflow").
 */
final class CandidateIndex<T> {
    private static final int CLASSES = 64;
    static final int NONE = -1;
    /** Pieces a subflow can have: two tracks, two widths, two pieces where an interval wraps. */
    private static final int MOST_PIECES = 8;

    /** Which pieces of a subflow's intervals are indexed, by sweep width and inclusive unsigned bounds. */
    interface Pieces {
        boolean keeps(int bits, long start, long end);
    }

    /** Per interval: inclusive unsigned bounds, owner, grid and length class, its cell's and its subflow's links. */
    private long[] starts = new long[16];
    private long[] ends = new long[16];
    private Object[] owners = new Object[16];
    /** grid << 6 | length class. */
    private byte[] places = new byte[16];
    /** The next interval of its cell; for a free interval number, the next free one. */
    private int[] nextInCell = new int[16];
    private int[] prevInCell = new int[16];
    private int[] nextOfSubflow = new int[16];
    /** Interval numbers ever used; below it, the free ones are chained from {@link #free}. */
    private int used;
    private int free = NONE;

    /** Per grid (width × meets-all) and length class: cell → its first interval; null while empty. */
    private final LongIntMap[] cells = new LongIntMap[4 * CLASSES];
    /** Intervals per grid and class, to skip empty classes and to scan small ones whole. */
    private final int[] population = new int[4 * CLASSES];
    /** Subflow → its first interval. */
    private final ObjectIntMap<SubflowId> bySubflow = new ObjectIntMap<>();
    private final Pieces kept;

    /** A put's pieces, before they are placed: grid, start, end. */
    private final int[] newGrids = new int[MOST_PIECES];
    private final long[] newStarts = new long[MOST_PIECES];
    private final long[] newEnds = new long[MOST_PIECES];
    private int newCount;

    /** An index of every piece. */
    CandidateIndex() {
        this((bits, start, end) -> true);
    }

    CandidateIndex(Pieces kept) {
        this.kept = kept;
    }

    /**
     * Indexes a subflow's intervals as its tracks are now, under {@code owner}, replacing those it
     * had: in place where each stays in its cell and length class, as a growing track's mostly do.
     *
     * @return the subflow's first interval, for {@link #forEachMeeting} until the next put or
     *         removal of any subflow; {@link #NONE} if no piece is kept
     */
    int put(SubflowId id, Track[] tracks, T owner) {
        newCount = 0;
        forEachInterval(tracks);
        int first = bySubflow.get(id);
        if (first != NONE && fitsInPlace(first)) {
            int k = 0;
            for (int i = first; i != NONE; i = nextOfSubflow[i], k++) {
                starts[i] = newStarts[k];
                ends[i] = newEnds[k];
                owners[i] = owner;
            }
            return first;
        }
        remove(id);
        int head = NONE;
        int last = NONE;
        for (int k = 0; k < newCount; k++) {
            int i = place(newGrids[k], newStarts[k], newEnds[k], owner);
            if (last == NONE) {
                bySubflow.put(id, i);
                head = i;
            } else {
                nextOfSubflow[last] = i;
            }
            last = i;
        }
        return head;
    }

    /** Whether the new pieces are as many as the subflow's, each in the same grid, class and cell. */
    private boolean fitsInPlace(int first) {
        int k = 0;
        for (int i = first; i != NONE; i = nextOfSubflow[i], k++) {
            if (k == newCount) {
                return false;
            }
            int lengthClass = lengthClass(newStarts[k], newEnds[k]);
            if (places[i] != place(newGrids[k], lengthClass)
                    || cellOf(starts[i], lengthClass) != cellOf(newStarts[k], lengthClass)) {
                return false;
            }
        }
        return k == newCount;
    }

    /** A new interval, linked first in its cell. */
    private int place(int grid, long start, long end, T owner) {
        int i = allocate();
        int lengthClass = lengthClass(start, end);
        int at = grid * CLASSES + lengthClass;
        starts[i] = start;
        ends[i] = end;
        owners[i] = owner;
        places[i] = place(grid, lengthClass);
        nextOfSubflow[i] = NONE;
        LongIntMap in = cells[at];
        if (in == null) {
            in = new LongIntMap();
            cells[at] = in;
        }
        long cell = cellOf(start, lengthClass);
        int head = in.get(cell);
        nextInCell[i] = head;
        prevInCell[i] = NONE;
        if (head != NONE) {
            prevInCell[head] = i;
        }
        in.put(cell, i);
        population[at]++;
        return i;
    }

    void remove(SubflowId id) {
        int i = bySubflow.remove(id);
        while (i != NONE) {
            int next = nextOfSubflow[i];
            unlink(i);
            i = next;
        }
    }

    private void unlink(int i) {
        int at = places[i] & 0xFF;
        int lengthClass = at & (CLASSES - 1);
        int prev = prevInCell[i];
        int next = nextInCell[i];
        if (prev != NONE) {
            nextInCell[prev] = next;
        } else {
            long cell = cellOf(starts[i], lengthClass);
            if (next == NONE) {
                cells[at].remove(cell);
            } else {
                cells[at].put(cell, next);
            }
        }
        if (next != NONE) {
            prevInCell[next] = prev;
        }
        population[at]--;
        owners[i] = null;
        nextInCell[i] = free;
        free = i;
    }

    private int allocate() {
        if (free != NONE) {
            int i = free;
            free = nextInCell[i];
            return i;
        }
        if (used == starts.length) {
            int n = used + (used >> 1);
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
            owners = Arrays.copyOf(owners, n);
            places = Arrays.copyOf(places, n);
            nextInCell = Arrays.copyOf(nextInCell, n);
            prevInCell = Arrays.copyOf(prevInCell, n);
            nextOfSubflow = Arrays.copyOf(nextOfSubflow, n);
        }
        return used++;
    }

    /**
     * The owners of the other subflows that form a candidate pair with subflow {@code id}, as
     * indexed now (with a {@link Pieces} filter, those whose kept pieces meet its kept pieces).
     */
    @SuppressWarnings("unchecked")
    Set<T> partners(SubflowId id) {
        Set<T> out = Collections.newSetFromMap(new IdentityHashMap<>());
        int first = bySubflow.get(id);
        forEachMeeting(first, out::add);
        if (first != NONE) {
            out.remove((T) owners[first]);
        }
        return out;
    }

    /**
     * The owner of every indexed interval that meets one of a subflow's, given its first interval
     * as {@link #put} returned it: each partner of {@link #partners} once per such meeting, and
     * the subflow's own owner. For a caller that tells owners apart cheaper than an identity set
     * does, and has just put the subflow (no second lookup of its id).
     */
    void forEachMeeting(int first, Consumer<T> out) {
        for (int i = first; i != NONE; i = nextOfSubflow[i]) {
            int grid = (places[i] & 0xFF) / CLASSES;
            int width = grid >> 1;
            lookup(grid(width, true), starts[i], ends[i], out);
            if ((grid & 1) == 1) {
                lookup(grid(width, false), starts[i], ends[i], out);
            }
        }
    }

    /** The owner the subflow is indexed under, or null. */
    @SuppressWarnings("unchecked")
    T ownerOf(SubflowId id) {
        int first = bySubflow.get(id);
        return first == NONE ? null : (T) owners[first];
    }

    private void lookup(int grid, long start, long end, Consumer<T> out) {
        for (int k = 0; k < CLASSES; k++) {
            int at = grid * CLASSES + k;
            int n = population[at];
            if (n == 0) {
                continue;
            }
            LongIntMap in = cells[at];
            long from = k == CLASSES - 1 || Long.compareUnsigned(start, 2L << k) < 0 ? 0 : cellOf(start - (2L << k), k);
            long to = cellOf(end, k);
            if (Long.compareUnsigned(to - from, n) >= 0) {
                in.forEachValue(head -> collect(head, start, end, out));
            } else {
                for (long c = from; Long.compareUnsigned(c, to) <= 0; c++) {
                    int head = in.get(c);
                    if (head != NONE) {
                        collect(head, start, end, out);
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void collect(int head, long start, long end, Consumer<T> out) {
        for (int i = head; i != NONE; i = nextInCell[i]) {
            if (Long.compareUnsigned(starts[i], end) <= 0 && Long.compareUnsigned(start, ends[i]) <= 0) {
                out.accept((T) owners[i]);
            }
        }
    }

    /** Every kept piece of every track's interval in each sweep, as {@link CandidateFinder} sweeps them, into the new pieces. */
    private void forEachInterval(Track[] tracks) {
        for (int w = 0; w < CandidateFinder.WIDTHS.length; w++) {
            int bits = CandidateFinder.WIDTHS[w];
            for (Track t : tracks) {
                if (CandidateFinder.sweeps(t, bits)) {
                    int grid = grid(w, CandidateFinder.meetsAll(t, bits));
                    for (long[] p : CandidateFinder.pieces(t, bits)) {
                        if (kept.keeps(bits, p[0], p[1])) {
                            newGrids[newCount] = grid;
                            newStarts[newCount] = p[0];
                            newEnds[newCount] = p[1];
                            newCount++;
                        }
                    }
                }
            }
        }
    }

    private static int grid(int width, boolean meetsAll) {
        return width << 1 | (meetsAll ? 1 : 0);
    }

    private static byte place(int grid, int lengthClass) {
        return (byte) (grid * CLASSES + lengthClass);
    }

    private static int lengthClass(long start, long end) {
        long length = end - start;
        return length == 0 ? 0 : 63 - Long.numberOfLeadingZeros(length);
    }

    private static long cellOf(long start, int lengthClass) {
        return lengthClass == CLASSES - 1 ? 0 : start >>> (lengthClass + 1);
    }
}
