package dev.sampo.association;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link Track}'s algorithm as it was before applying a packet was made cheaper (f04a20d), on a
 * plain list of boxes: a linear search for the same box, a full scan for the narrowest adjacent
 * pair when full, insertion by start time. What the track builds must stay exactly this.
 */
final class ReferenceTrack {
    /** One box: start, end, low and high DSN offsets, kind. */
    record Box(long t0, long t1, long lo, long hi, byte kind) {
    }

    final int capacity;
    private long base;
    private int bits;
    private long lastValue;
    private long lastOffset;
    final List<Box> boxes = new ArrayList<>();
    long minOffset = Long.MAX_VALUE;
    long maxOffset = Long.MIN_VALUE;

    ReferenceTrack(int capacity) {
        this.capacity = capacity;
    }

    void addData(long time, long dsn, int valueBits, long length) {
        long off = offsetOf(dsn, valueBits);
        add(time, off, off + length, Track.DATA);
    }

    void addAck(long time, long dataAck, int valueBits) {
        long off = offsetOf(dataAck, valueBits);
        add(time, off, off, Track.ACK);
    }

    void expire(long cutoff) {
        if (boxes.removeIf(b -> b.t1 < cutoff)) {
            minOffset = boxes.stream().mapToLong(Box::lo).min().orElse(Long.MAX_VALUE);
            maxOffset = boxes.stream().mapToLong(Box::hi).max().orElse(Long.MIN_VALUE);
        }
    }

    private long offsetOf(long value, int valueBits) {
        if (bits == 0) {
            base = value;
            bits = valueBits;
            lastValue = value;
            return 0;
        }
        if (valueBits == 64 && bits == 32) {
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
        minOffset = Math.min(minOffset, l);
        maxOffset = Math.max(maxOffset, h);
        for (int i = 0; i < boxes.size(); i++) {
            Box b = boxes.get(i);
            if (b.lo == l && b.hi == h && b.kind == k) {
                boxes.set(i, new Box(Math.min(b.t0, time), Math.max(b.t1, time), l, h, k));
                return;
            }
        }
        if (boxes.size() == capacity) {
            mergeNarrowestAdjacent();
        }
        int i = boxes.size();
        while (i > 0 && boxes.get(i - 1).t0 > time) {
            i--;
        }
        boxes.add(i, new Box(time, time, l, h, k));
    }

    private void mergeNarrowestAdjacent() {
        int best = 0;
        long bestSpan = Long.MAX_VALUE;
        for (int i = 0; i + 1 < boxes.size(); i++) {
            Box a = boxes.get(i);
            Box b = boxes.get(i + 1);
            long span = Math.max(a.hi, b.hi) - Math.min(a.lo, b.lo);
            if (span < bestSpan) {
                bestSpan = span;
                best = i;
            }
        }
        Box a = boxes.get(best);
        Box b = boxes.remove(best + 1);
        byte k = a.kind == b.kind && a.kind == Track.ACK ? Track.ACK : Track.MERGED;
        boxes.set(best, new Box(Math.min(a.t0, b.t0), Math.max(a.t1, b.t1), Math.min(a.lo, b.lo),
                Math.max(a.hi, b.hi), k));
    }

    /** What {@link Track#writeCompact} writes for this track. */
    byte[] compact(long timeRef) {
        CompactBytes.Writer out = new CompactBytes.Writer(16);
        out.writeByte(capacity);
        out.writeByte(bits);
        out.writeByte(boxes.size());
        if (bits == 64) {
            out.writeLong(base);
        } else {
            out.writeVarint(base);
        }
        out.writeSigned(lastValue - base);
        out.writeSigned(lastOffset);
        long t = timeRef;
        long l = 0;
        for (Box b : boxes) {
            out.writeSigned(b.t0 - t);
            out.writeVarint((b.t1 - b.t0) << 2 | b.kind);
            out.writeSigned(b.lo - l);
            out.writeVarint(b.hi - b.lo);
            t = b.t0;
            l = b.lo;
        }
        return out.toArray();
    }
}
