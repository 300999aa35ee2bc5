package dev.sampo.association;

import java.io.DataInput;
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
    private static final int NARROW = 3;
    private static final int WIDE = 4;
    private static final long NARROW_START = 1L << 32;
    private static final long NARROW_DURATION = 1L << 30;
    /** {@link #keys} holds, and no two boxes have the same key: every track this class builds. */
    private static final byte KEYS_UNIQUE = 0;
    /** {@link #keys} is to be rebuilt: the track was read. */
    private static final byte KEYS_UNKNOWN = 1;
    /** {@link #keys} holds, but two boxes may have the same key: read from bytes no track wrote. */
    private static final byte KEYS_REPEATED = 2;

    // Bytes rather than ints, so that the key filter costs no heap: a track stays 80 bytes.
    private final byte capacity;
    private long base;
    private byte bits;
    private long lastValue;
    private long lastOffset;

    private byte count;
    /**
     * The boxes, {@code stride} longs each, sized to the boxes held (it grows up to the capacity):
     * narrow (3 longs: times packed with the kind, lo, hi) while every box starts within 2^32 µs
     * of {@link #timeBase} and lasts less than 2^30 µs, which is a box's whole life within the
     * horizon unless the subflow lives past 71 minutes; else wide (4 longs: t0, duration and
     * kind, lo, hi). Narrow boxes make a subflow's evidence fit in 1 KB.
     */
    private long[] boxes;
    private byte stride = NARROW;
    private long timeBase;

    /**
     * A Bloom filter (one bit a key) of the keys (low, high, kind) of the boxes a new DSS mapping
     * or DATA_ACK can repeat: DATA boxes and ACK boxes of one point. Every such box's bit is set;
     * bits of boxes merged or expired since may linger until a search that finds nothing rebuilds
     * it. A new mapping whose bit is clear is in no box, which spares the search.
     */
    private long keys;
    private byte keyState = KEYS_UNIQUE;

    /**
     * The narrowest of the first {@code knownPairs} adjacent pairs (the first of them if several
     * are as narrow), which no box has changed since it was found: merging and adding mostly touch
     * the newest boxes, so choosing the pair to merge mostly looks at the newest pairs only. 0
     * when none is known (a new or read track, after expiry).
     */
    private byte knownPairs;
    private byte narrowestKnown;

    private long minOffset = Long.MAX_VALUE;
    private long maxOffset = Long.MIN_VALUE;

    Track(int capacity) {
        this.capacity = (byte) capacity;
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
        return stride == WIDE ? boxes[WIDE * i] : timeBase + (boxes[NARROW * i] >>> 32);
    }

    long t1(int i) {
        return t0(i) + duration(i);
    }

    long lo(int i) {
        return boxes[stride * i + stride - 2];
    }

    long hi(int i) {
        return boxes[stride * i + stride - 1];
    }

    byte kind(int i) {
        return (byte) (timeWord(i) & 3);
    }

    private long duration(int i) {
        return stride == WIDE ? boxes[WIDE * i + 1] >>> 2 : (timeWord(i) >>> 2) & (NARROW_DURATION - 1);
    }

    /** The word holding a box's duration and kind. */
    private long timeWord(int i) {
        return stride == WIDE ? boxes[WIDE * i + 1] : boxes[NARROW * i];
    }

    /**
     * Copies the boxes into plain arrays ({@link UnpackedTrack}), decoding the layout as
     * {@link #t0}, {@link #t1}, {@link #lo}, {@link #hi} and {@link #kind} do, in one pass: the C1
     * compiler of batch commands inlines neither {@code t0} nor {@code duration}, and every
     * judged subflow is unpacked once a period.
     */
    void unpackInto(long[] t0, long[] t1, long[] lo, long[] hi, byte[] kind) {
        boolean wide = stride == WIDE;
        for (int i = 0, at = 0; i < count; i++, at += stride) {
            long word = wide ? boxes[at + 1] : boxes[at];
            long start = wide ? boxes[at] : timeBase + (word >>> 32);
            t0[i] = start;
            t1[i] = start + (wide ? word >>> 2 : (word >>> 2) & (NARROW_DURATION - 1));
            kind[i] = (byte) (word & 3);
            lo[i] = boxes[at + stride - 2];
            hi[i] = boxes[at + stride - 1];
        }
    }

    /** Writes box i, widening the layout first when the box does not fit the narrow one. */
    private void set(int i, long t0, long t1, long l, long h, byte k) {
        long start = t0 - timeBase;
        long duration = t1 - t0;
        if (stride == NARROW && (start < 0 || start >= NARROW_START || duration >= NARROW_DURATION)) {
            widen();
        }
        int at = stride * i;
        if (stride == WIDE) {
            boxes[at] = t0;
            boxes[at + 1] = duration << 2 | k;
        } else {
            boxes[at] = start << 32 | duration << 2 | k;
        }
        boxes[at + stride - 2] = l;
        boxes[at + stride - 1] = h;
    }

    private void widen() {
        long[] wide = new long[boxes.length / NARROW * WIDE];
        for (int i = 0; i < count; i++) {
            wide[WIDE * i] = t0(i);
            wide[WIDE * i + 1] = duration(i) << 2 | kind(i);
            wide[WIDE * i + 2] = lo(i);
            wide[WIDE * i + 3] = hi(i);
        }
        boxes = wide;
        stride = WIDE;
    }

    /** Room for one more box: the array grows by doubling, up to the capacity. */
    private void makeRoom() {
        if (boxes == null) {
            boxes = new long[stride];
        } else if (boxes.length < stride * (count + 1)) {
            boxes = Arrays.copyOf(boxes, stride * Math.min(capacity, 2 * count));
        }
    }

    long minOffset() {
        return minOffset;
    }

    long maxOffset() {
        return maxOffset;
    }

    /** The earliest end time of any box, or {@link Long#MAX_VALUE} when there is none. */
    long earliestEnd() {
        long t = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            t = Math.min(t, t1(i));
        }
        return t;
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
            if (t1(i) >= cutoff) {
                copy(i, w++);
            }
        }
        if (w != count) {
            count = (byte) w;
            knownPairs = 0;
            recomputeRange();
        }
        return count == 0;
    }

    private long offsetOf(long value, int valueBits) {
        if (bits == 0) {
            base = value;
            bits = (byte) valueBits;
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
        if (count == 0) {
            timeBase = time;
        }
        minOffset = Math.min(minOffset, l);
        maxOffset = Math.max(maxOffset, h);
        long key = keyBit(l, h, k);
        int same = find(l, h, k, key);
        if (same >= 0) {
            // The same mapping or DATA_ACK again (Linux repeats a mapping on every segment).
            set(same, Math.min(t0(same), time), Math.max(t1(same), time), l, h, k);
            return;
        }
        if (count == capacity) {
            mergeNarrowestAdjacent();
        }
        makeRoom();
        int i = count++;
        while (i > 0 && t0(i - 1) > time) {
            copy(i - 1, i);
            i--;
        }
        set(i, time, time, l, h, k);
        keys |= key;
        keepKnownPairsBefore(i - 1);
    }

    /** Pair {@code firstChanged} and those after it changed: what is known of the pairs before it stays. */
    private void keepKnownPairsBefore(int firstChanged) {
        if (firstChanged < knownPairs) {
            knownPairs = (byte) (narrowestKnown < firstChanged ? firstChanged : 0);
        }
    }

    /** The bit of a box's key in {@link #keys}. */
    private static long keyBit(long l, long h, byte k) {
        long x = (l ^ (h - l) * 0x9E37_79B9_7F4A_7C15L ^ k) * 0xBF58_476D_1CE4_E5B9L;
        return 1L << (x >>> 58);
    }

    /**
     * The first box with this key, or -1. When no two boxes share a key (a track that only ever
     * added boxes through here: a new box is added only when none has its key, and merging makes
     * boxes no mapping or DATA_ACK can repeat), the first is the only one, and it is sought from
     * the newest box back: a repeat is mostly of the newest boxes.
     */
    private int find(long l, long h, byte k, long key) {
        if (keyState == KEYS_UNKNOWN) {
            rebuildKeys();
        }
        if ((keys & key) == 0) {
            return -1;
        }
        int found = keyState == KEYS_UNIQUE ? lastWith(l, h, k) : firstWith(l, h, k, count);
        if (found < 0) {
            rebuildKeys(); // a false positive: clear the bits of boxes that are gone
        }
        return found;
    }

    private int lastWith(long l, long h, byte k) {
        long[] b = boxes;
        int s = stride;
        int word = s == WIDE ? 1 : 0;
        for (int i = count - 1, at = s * i; i >= 0; i--, at -= s) {
            if (b[at + s - 2] == l && b[at + s - 1] == h && (b[at + word] & 3) == k) {
                return i;
            }
        }
        return -1;
    }

    /** The first of the boxes before {@code end} with this key, or -1. */
    private int firstWith(long l, long h, byte k, int end) {
        long[] b = boxes;
        int s = stride;
        int word = s == WIDE ? 1 : 0;
        for (int i = 0, at = 0; i < end; i++, at += s) {
            if (b[at + s - 2] == l && b[at + s - 1] == h && (b[at + word] & 3) == k) {
                return i;
            }
        }
        return -1;
    }

    /** Sets the bits of the boxes held, and finds out whether two of them have the same key. */
    private void rebuildKeys() {
        long[] b = boxes;
        int s = stride;
        int word = s == WIDE ? 1 : 0;
        long filter = 0;
        byte state = KEYS_UNIQUE;
        for (int i = 0, at = 0; i < count; i++, at += s) {
            byte k = (byte) (b[at + word] & 3);
            long l = b[at + s - 2];
            long h = b[at + s - 1];
            if (k == DATA || (k == ACK && l == h)) {
                long key = keyBit(l, h, k);
                if ((filter & key) != 0 && firstWith(l, h, k, i) >= 0) {
                    state = KEYS_REPEATED;
                }
                filter |= key;
            }
        }
        keys = filter;
        keyState = state;
    }

    /**
     * Merges the narrowest adjacent pair (the first if several are as narrow): the narrowest of
     * the known pairs against a scan of the pairs after them. Pairs before the merged one stay
     * as they were, so what the scan saw of them joins what is known.
     */
    private void mergeNarrowestAdjacent() {
        long[] b = boxes;
        int s = stride;
        int known = knownPairs;
        long knownSpan = known > 0 ? span(narrowestKnown) : 0;
        int best = -1;
        long bestSpan = 0;
        // The narrowest scanned pair before the one before the current best (those the merge
        // leaves unchanged), and the narrowest scanned pair before the one just scanned.
        int beforeAt = -1;
        long beforeSpan = 0;
        int lagAt = -1;
        long lagSpan = 0;
        long previousSpan = 0;
        long lo = b[s * known + s - 2];
        long hi = b[s * known + s - 1];
        for (int i = known, at = s * (known + 1); i + 1 < count; i++, at += s) {
            long nextLo = b[at + s - 2];
            long nextHi = b[at + s - 1];
            long span = Math.max(hi, nextHi) - Math.min(lo, nextLo);
            if (best < 0 || span < bestSpan) {
                bestSpan = span;
                best = i;
                beforeSpan = lagSpan;
                beforeAt = lagAt;
            }
            if (i > known && (lagAt < 0 || previousSpan < lagSpan)) {
                lagSpan = previousSpan;
                lagAt = i - 1;
            }
            previousSpan = span;
            lo = nextLo;
            hi = nextHi;
        }
        if (known > 0 && (best < 0 || knownSpan <= bestSpan)) {
            best = narrowestKnown;
            knownPairs = 0; // the narrowest known pair is merged: the others' narrowest is not known
        } else if (best > known) {
            if (known == 0 || (beforeAt >= 0 && beforeSpan < knownSpan)) {
                narrowestKnown = (byte) beforeAt;
            }
            knownPairs = (byte) (best - 1);
        } else {
            keepKnownPairsBefore(best - 1);
        }
        int j = best + 1;
        byte k = kind(best) == kind(j) && kind(best) == ACK ? ACK : MERGED;
        set(best, Math.min(t0(best), t0(j)), Math.max(t1(best), t1(j)), Math.min(lo(best), lo(j)),
                Math.max(hi(best), hi(j)), k);
        System.arraycopy(boxes, stride * (j + 1), boxes, stride * j, stride * (count - j - 1));
        count--;
    }

    /** The width in DSN of pair i's union. */
    private long span(int i) {
        return Math.max(hi(i), hi(i + 1)) - Math.min(lo(i), lo(i + 1));
    }

    private void copy(int from, int to) {
        System.arraycopy(boxes, stride * from, boxes, stride * to, stride);
    }

    private void recomputeRange() {
        minOffset = Long.MAX_VALUE;
        maxOffset = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            minOffset = Math.min(minOffset, lo(i));
            maxOffset = Math.max(maxOffset, hi(i));
        }
    }

    /** Reads the fixed-width form of {@link EvidenceCodec} version 1, which older builds wrote. */
    static Track readFrom(DataInput in) throws IOException {
        int capacity = in.readUnsignedByte();
        if (capacity < 2 || capacity > 64) {
            throw new IOException("track capacity " + capacity + " outside 2..64");
        }
        Track t = new Track(capacity);
        int bits = in.readUnsignedByte();
        t.base = in.readLong();
        t.lastValue = in.readLong();
        t.lastOffset = in.readLong();
        int n = in.readUnsignedByte();
        if (n > capacity || (bits != 0 && bits != 32 && bits != 64)) {
            throw new IOException("corrupt track: " + n + " boxes of " + capacity + ", " + bits + " bits");
        }
        t.bits = (byte) bits;
        for (int i = 0; i < n; i++) {
            long t0 = in.readLong();
            long t1 = in.readLong();
            long l = in.readLong();
            long h = in.readLong();
            byte k = in.readByte();
            if (t1 < t0 || k < DATA || k > MERGED) {
                throw new IOException("corrupt track: box " + i + " ends before it starts or has kind " + k);
            }
            t.appendRead(i, n, t0, t1, l, h, k);
        }
        t.recomputeRange();
        return t;
    }

    /**
     * The compact form ({@link EvidenceCodec} version 2): the fields {@link #readFrom} reads, as
     * variable-length integers, each box's start relative to the box before (the first to
     * {@code timeRef}), its duration packed with its kind, its low DSN offset relative to the box
     * before, and its high one relative to its low: about 10 bytes a box instead of 33.
     */
    void writeCompact(CompactBytes.Writer out, long timeRef) {
        out.writeByte(capacity);
        out.writeByte(bits);
        out.writeByte(count);
        if (bits == 64) {
            out.writeLong(base); // a random 64-bit start: a varint would take 9 or 10 bytes
        } else {
            out.writeVarint(base);
        }
        out.writeSigned(lastValue - base);
        out.writeSigned(lastOffset);
        long t = timeRef;
        long l = 0;
        for (int i = 0; i < count; i++) {
            out.writeSigned(t0(i) - t);
            out.writeVarint(duration(i) << 2 | kind(i));
            out.writeSigned(lo(i) - l);
            out.writeVarint(hi(i) - lo(i));
            t = t0(i);
            l = lo(i);
        }
    }

    /** Reads what {@link #writeCompact} wrote with the same {@code timeRef}. */
    static Track readCompact(CompactBytes.Reader in, long timeRef) {
        int capacity = in.readUnsignedByte();
        int bits = in.readUnsignedByte();
        int n = in.readUnsignedByte();
        if (capacity < 2 || capacity > 64 || n > capacity || (bits != 0 && bits != 32 && bits != 64)) {
            throw new IllegalArgumentException("corrupt subflow evidence: track of " + n + " boxes of " + capacity
                    + ", " + bits + " bits");
        }
        Track t = new Track(capacity);
        t.bits = (byte) bits;
        t.base = bits == 64 ? in.readLong() : in.readVarint();
        t.lastValue = t.base + in.readSigned();
        t.lastOffset = in.readSigned();
        long t0 = timeRef;
        long l = 0;
        for (int i = 0; i < n; i++) {
            t0 += in.readSigned();
            long word = in.readVarint();
            long t1 = t0 + (word >>> 2);
            byte k = (byte) (word & 3);
            l += in.readSigned();
            long h = l + in.readVarint();
            if (t1 < t0 || k > MERGED) {
                throw new IllegalArgumentException("corrupt subflow evidence: box " + i + " ends before it starts "
                        + "or has kind " + k);
            }
            t.appendRead(i, n, t0, t1, l, h, k);
        }
        t.recomputeRange();
        return t;
    }

    /** Box {@code i} of {@code n} as read, in either form: the first sets the time base and the box array. */
    private void appendRead(int i, int n, long t0, long t1, long l, long h, byte k) {
        if (i == 0) {
            timeBase = t0;
            boxes = new long[stride * n];
            keyState = KEYS_UNKNOWN;
        }
        set(i, t0, t1, l, h, k);
        count = (byte) (i + 1);
    }

    /** Heap bytes held by this track (for the bytes-per-subflow figure). */
    long retainedBytes() {
        return 72 + (boxes == null ? 0 : 16 + 8L * boxes.length);
    }
}
