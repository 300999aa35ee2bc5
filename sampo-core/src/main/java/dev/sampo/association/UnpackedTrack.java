package dev.sampo.association;

import java.util.List;

/**
 * A {@link Track}'s boxes unpacked into plain arrays, with the figures a comparison reads
 * (max gap, rate) worked out once: a judgement compares each track up to twice, over all pairs
 * of boxes, and the packed layout that keeps evidence small is slower to read box by box.
 */
final class UnpackedTrack {
    final int count;
    final int bits;
    final long base;
    long minOffset;
    long maxOffset;
    final long[] t0;
    final long[] t1;
    final long[] lo;
    final long[] hi;
    final byte[] kind;
    /** Each box's mid time, (t0 + t1) / 2, as {@link TimePrediction} places it: worked out once, not per box pair. */
    final double[] mid;
    /**
     * Box indices by mid time, boxes at one time by index: {@link TimePrediction} walks two
     * tracks in this order together instead of scanning one for every box of the other.
     */
    final int[] byMid;
    /** The largest DSN distance between consecutive boxes (the paper's max gap between segments). */
    long maxGap;
    /** DSN advance per microsecond over the track's life, or 0 when it spans no time. */
    double rate;
    /** The earliest start and the latest end of its boxes. */
    long firstTime;
    long lastTime;
    /** The highest start and the lowest end of its boxes in DSN (bounds for {@link TrackComparator}'s time test). */
    long maxLo;
    long minHi;

    UnpackedTrack(Track t) {
        this(t.bits(), t.base(), t.count());
        t.unpackInto(t0, t1, lo, hi, kind);
        fill();
    }

    private UnpackedTrack(int bits, long base, int count) {
        this.bits = bits;
        this.base = base;
        this.count = count;
        t0 = new long[count];
        t1 = new long[count];
        lo = new long[count];
        hi = new long[count];
        kind = new byte[count];
        mid = new double[count];
        byMid = new int[count];
    }

    /**
     * The boxes of tracks of one DSN space held by different subflows, as one track: each part's
     * offsets are moved to the first part's base (a session's members see one space at one
     * place). Parts of another width are compared at the narrower one.
     */
    static UnpackedTrack union(List<UnpackedTrack> parts) {
        int bits = 64;
        int total = 0;
        for (UnpackedTrack p : parts) {
            bits = Math.min(bits, p.bits);
            total += p.count;
        }
        UnpackedTrack first = parts.get(0);
        UnpackedTrack u = new UnpackedTrack(bits, DsnSpace.truncate(first.base, bits), total);
        int at = 0;
        for (UnpackedTrack p : parts) {
            long shift = DsnSpace.delta(first.base, p.base, bits);
            System.arraycopy(p.t0, 0, u.t0, at, p.count);
            System.arraycopy(p.t1, 0, u.t1, at, p.count);
            System.arraycopy(p.kind, 0, u.kind, at, p.count);
            for (int i = 0; i < p.count; i++) {
                u.lo[at + i] = p.lo[i] + shift;
                u.hi[at + i] = p.hi[i] + shift;
            }
            at += p.count;
        }
        u.fill();
        return u;
    }

    /** Works out the figures read from the boxes. */
    private void fill() {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long highestLo = Long.MIN_VALUE;
        long lowestHi = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            mid[i] = TimePrediction.mid(t0[i], t1[i]);
            first = Math.min(first, t0[i]);
            last = Math.max(last, t1[i]);
            min = Math.min(min, lo[i]);
            max = Math.max(max, hi[i]);
            highestLo = Math.max(highestLo, lo[i]);
            lowestHi = Math.min(lowestHi, hi[i]);
            // insertion sort by mid time, stable: a track's boxes come nearly in time order
            int k = i;
            while (k > 0 && mid[byMid[k - 1]] > mid[i]) {
                byMid[k] = byMid[k - 1];
                k--;
            }
            byMid[k] = i;
        }
        firstTime = first;
        lastTime = last;
        minOffset = min;
        maxOffset = max;
        maxLo = highestLo;
        minHi = lowestHi;
        long dt = last - first;
        rate = count == 0 || dt <= 0 ? 0 : (double) (maxOffset - minOffset) / dt;
        maxGap = maxGap(lo, hi, count);
    }

    private static long maxGap(long[] lo, long[] hi, int count) {
        if (count < 2) {
            return 0;
        }
        long[] los = lo.clone();
        long[] his = hi.clone();
        for (int i = 1; i < count; i++) { // insertion sort by lo: at most a track's capacity of boxes
            long l = los[i];
            long h = his[i];
            int j = i - 1;
            while (j >= 0 && los[j] > l) {
                los[j + 1] = los[j];
                his[j + 1] = his[j];
                j--;
            }
            los[j + 1] = l;
            his[j + 1] = h;
        }
        long gap = 0;
        long reach = his[0];
        for (int i = 1; i < count; i++) {
            gap = Math.max(gap, los[i] - reach);
            reach = Math.max(reach, his[i]);
        }
        return gap;
    }
}
