package dev.sampo.association;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The evidence one subflow holds about one DSN space (data flowing in one direction): data
 * ranges from DSS mappings sent that way, and DATA_ACK points sent the other way. It is a bounded
 * list of boxes in (time × DSN): when full, the two time-adjacent boxes whose union is narrowest in
 * DSN are merged, so a subflow's whole life stays summarized in {@code capacity} boxes.
 *
 * <p>DSNs are stored unwrapped, as offsets from the first value seen: each new value is placed
 * by its serial-number distance from the previous one, so 32-bit spaces wrap cleanly. A 32-bit
 * value in a track that has seen 64-bit values is extended from the track's upper bits.
 */
final class Track {
    static final byte DATA = 0;
    static final byte ACK = 1;
    static final byte MERGED = 2;

    private final int capacity;
    private long base;
    private int bits;
    private long lastValue;
    private long lastOffset;

    private int count;
    private long[] t0;
    private long[] t1;
    private long[] lo;
    private long[] hi;
    private byte[] kind;

    private long minOffset = Long.MAX_VALUE;
    private long maxOffset = Long.MIN_VALUE;

    Track(int capacity) {
        this.capacity = capacity;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int bits() {
        return bits;
    }

    long base() {
        return base;
    }

    int count() {
        return count;
    }

    long t0(int i) {
        return t0[i];
    }

    long t1(int i) {
        return t1[i];
    }

    long lo(int i) {
        return lo[i];
    }

    long hi(int i) {
        return hi[i];
    }

    byte kind(int i) {
        return kind[i];
    }

    long minOffset() {
        return minOffset;
    }

    long maxOffset() {
        return maxOffset;
    }

    /** Earliest and latest time of any box. */
    long firstTime() {
        long t = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            t = Math.min(t, t0[i]);
        }
        return t;
    }

    /** The earliest end time of any box, or {@link Long#MAX_VALUE} when there is none. */
    long earliestEnd() {
        long t = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            t = Math.min(t, t1[i]);
        }
        return t;
    }

    long lastTime() {
        long t = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            t = Math.max(t, t1[i]);
        }
        return t;
    }

    /** The largest DSN distance between consecutive boxes (the paper's max gap between segments). */
    long maxGap() {
        if (count < 2) {
            return 0;
        }
        long[][] spans = new long[count][];
        for (int i = 0; i < count; i++) {
            spans[i] = new long[] {lo[i], hi[i]};
        }
        Arrays.sort(spans, (a, b) -> Long.compare(a[0], b[0]));
        long gap = 0;
        long reach = spans[0][1];
        for (int i = 1; i < spans.length; i++) {
            gap = Math.max(gap, spans[i][0] - reach);
            reach = Math.max(reach, spans[i][1]);
        }
        return gap;
    }

    /** DSN advance per microsecond over the track's life, or 0 when it spans no time. */
    double rate() {
        long dt = lastTime() - firstTime();
        return dt <= 0 ? 0 : (double) (maxOffset - minOffset) / dt;
    }

    void addData(long time, long dsn, int valueBits, long length) {
        long off = offsetOf(dsn, valueBits);
        add(time, off, off + length, DATA);
    }

    void addAck(long time, long dataAck, int valueBits) {
        long off = offsetOf(dataAck, valueBits);
        add(time, off, off, ACK);
    }

    /** Drops boxes that ended before {@code cutoff}; returns true when the track became empty. */
    boolean expire(long cutoff) {
        int w = 0;
        for (int i = 0; i < count; i++) {
            if (t1[i] >= cutoff) {
                copy(i, w++);
            }
        }
        if (w != count) {
            count = w;
            recomputeRange();
        }
        return count == 0;
    }

    private long offsetOf(long value, int valueBits) {
        if (bits == 0) {
            base = value;
            bits = valueBits;
            lastValue = value;
            return 0;
        }
        if (valueBits == 64 && bits == 32) {
            // Learn the upper 32 bits: the base keeps its low bits, offsets stay valid.
            base = value + (int) ((int) base - (int) value);
            lastValue = value + (int) ((int) lastValue - (int) value);
            bits = 64;
        }
        int b = Math.min(bits, valueBits);
        long off = lastOffset + DsnSpace.delta(lastValue, value, b);
        lastOffset = off;
        lastValue = b == 64 ? value : lastValue + DsnSpace.delta(lastValue, value, 32);
        return off;
    }

    private void add(long time, long l, long h, byte k) {
        if (t0 == null) {
            allocate();
        }
        minOffset = Math.min(minOffset, l);
        maxOffset = Math.max(maxOffset, h);
        for (int i = 0; i < count; i++) {
            if (lo[i] == l && hi[i] == h && kind[i] == k) {
                // The same mapping or DATA_ACK again (Linux repeats a mapping on every segment).
                t0[i] = Math.min(t0[i], time);
                t1[i] = Math.max(t1[i], time);
                return;
            }
        }
        if (count == capacity) {
            mergeNarrowestAdjacent();
        }
        int i = count++;
        while (i > 0 && t0[i - 1] > time) {
            copy(i - 1, i);
            i--;
        }
        t0[i] = time;
        t1[i] = time;
        lo[i] = l;
        hi[i] = h;
        kind[i] = k;
    }

    private void allocate() {
        t0 = new long[capacity];
        t1 = new long[capacity];
        lo = new long[capacity];
        hi = new long[capacity];
        kind = new byte[capacity];
    }

    private void mergeNarrowestAdjacent() {
        int best = 0;
        long bestSpan = Long.MAX_VALUE;
        for (int i = 0; i + 1 < count; i++) {
            long span = Math.max(hi[i], hi[i + 1]) - Math.min(lo[i], lo[i + 1]);
            if (span < bestSpan) {
                bestSpan = span;
                best = i;
            }
        }
        int j = best + 1;
        t0[best] = Math.min(t0[best], t0[j]);
        t1[best] = Math.max(t1[best], t1[j]);
        lo[best] = Math.min(lo[best], lo[j]);
        hi[best] = Math.max(hi[best], hi[j]);
        kind[best] = kind[best] == kind[j] && kind[best] == ACK ? ACK : MERGED;
        for (int i = j; i + 1 < count; i++) {
            copy(i + 1, i);
        }
        count--;
    }

    private void copy(int from, int to) {
        t0[to] = t0[from];
        t1[to] = t1[from];
        lo[to] = lo[from];
        hi[to] = hi[from];
        kind[to] = kind[from];
    }

    private void recomputeRange() {
        minOffset = Long.MAX_VALUE;
        maxOffset = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            minOffset = Math.min(minOffset, lo[i]);
            maxOffset = Math.max(maxOffset, hi[i]);
        }
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeByte(capacity);
        out.writeByte(bits);
        out.writeLong(base);
        out.writeLong(lastValue);
        out.writeLong(lastOffset);
        out.writeByte(count);
        for (int i = 0; i < count; i++) {
            out.writeLong(t0[i]);
            out.writeLong(t1[i]);
            out.writeLong(lo[i]);
            out.writeLong(hi[i]);
            out.writeByte(kind[i]);
        }
    }

    static Track readFrom(DataInput in) throws IOException {
        int capacity = in.readUnsignedByte();
        if (capacity < 2 || capacity > 64) {
            throw new IOException("track capacity " + capacity + " outside 2..64");
        }
        Track t = new Track(capacity);
        t.bits = in.readUnsignedByte();
        t.base = in.readLong();
        t.lastValue = in.readLong();
        t.lastOffset = in.readLong();
        int n = in.readUnsignedByte();
        if (n > capacity || (t.bits != 0 && t.bits != 32 && t.bits != 64)) {
            throw new IOException("corrupt track: " + n + " boxes of " + capacity + ", " + t.bits + " bits");
        }
        if (n > 0) {
            t.allocate();
        }
        for (int i = 0; i < n; i++) {
            t.t0[i] = in.readLong();
            t.t1[i] = in.readLong();
            t.lo[i] = in.readLong();
            t.hi[i] = in.readLong();
            t.kind[i] = in.readByte();
        }
        t.count = n;
        t.recomputeRange();
        return t;
    }

    /** Heap bytes held by this track once its arrays exist (for the bytes-per-subflow figure). */
    long retainedBytes() {
        long arrays = t0 == null ? 0 : 4L * (16 + 8L * capacity) + (16 + capacity);
        return 64 + arrays;
    }
}
