package dev.sampo.association;

/**
 * A {@link Track}'s boxes unpacked into plain arrays, with the figures a comparison reads
 * (max gap, rate) worked out once: a judgement compares each track up to twice, over all pairs
 * of boxes, and the packed layout that keeps evidence small is slower to read box by box.
 */
final class UnpackedTrack {
    final int count;
    final int bits;
    final long base;
    final long minOffset;
    final long maxOffset;
    final long[] t0;
    final long[] t1;
    final long[] lo;
    final long[] hi;
    final byte[] kind;
    /** The largest DSN distance between consecutive boxes (the paper's max gap between segments). */
    final long maxGap;
    /** DSN advance per microsecond over the track's life, or 0 when it spans no time. */
    final double rate;
    /** The earliest start and the latest end of its boxes. */
    final long firstTime;
    final long lastTime;

    UnpackedTrack(Track t) {
        count = t.count();
        bits = t.bits();
        base = t.base();
        minOffset = t.minOffset();
        maxOffset = t.maxOffset();
        t0 = new long[count];
        t1 = new long[count];
        lo = new long[count];
        hi = new long[count];
        kind = new byte[count];
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            t0[i] = t.t0(i);
            t1[i] = t.t1(i);
            lo[i] = t.lo(i);
            hi[i] = t.hi(i);
            kind[i] = t.kind(i);
            first = Math.min(first, t0[i]);
            last = Math.max(last, t1[i]);
        }
        firstTime = first;
        lastTime = last;
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
