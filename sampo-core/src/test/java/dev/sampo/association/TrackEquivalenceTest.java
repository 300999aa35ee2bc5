package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random streams of DSS mappings and DATA_ACKs build, after every one, the same boxes in the same
 * order with the same bytes as {@link ReferenceTrack} (the algorithm before it was made cheaper):
 * repeated mappings and DATA_ACKs far back and near, retransmissions, time going backwards, boxes
 * past the narrow layout, both DSN widths, expiry, and tracks read back from their bytes midway.
 * Real packet streams are {@link EvidenceCollectorTest}'s.
 */
class TrackEquivalenceTest {
    private static final int[] CAPACITIES = {2, 3, 4, 5, 8, 16, 16, 16, 33, 64};

    @Test
    void buildsWhatTheReferenceBuilds() {
        for (int seed = 0; seed < 3000; seed++) {
            compare(new SplittableRandom(seed), seed);
        }
    }

    private static void compare(SplittableRandom r, int seed) {
        int capacity = CAPACITIES[r.nextInt(CAPACITIES.length)];
        Track track = new Track(capacity);
        ReferenceTrack reference = new ReferenceTrack(capacity);
        long timeRef = r.nextBoolean() ? 1_780_000_000_000_000L : r.nextLong(-1_000_000, 1_000_000);
        long time = timeRef + r.nextLong(-1000, 1000);
        // How often a value repeats one sent before, and how far back it reaches: a few streams
        // repeat almost everything, some almost nothing.
        double repeat = r.nextDouble() * r.nextDouble();
        int reach = 1 + r.nextInt(r.nextBoolean() ? 4 : 200);
        int widths = r.nextInt(3); // 64 only, 32 only, both
        long next = r.nextInt(4) == 0 ? 0xFFFF_FF00L + r.nextInt(256) : r.nextLong();
        // Values scattered over a few bytes, in any time order: merges anywhere, spans as wide
        // as each other, boxes added between others.
        boolean scattered = r.nextInt(3) == 0;
        long origin = next;
        List<long[]> sent = new ArrayList<>();
        int ops = 20 + r.nextInt(400);
        for (int op = 0; op < ops; op++) {
            time = scattered ? time + r.nextLong(-40, 60) : nextTime(r, time);
            int bits = widths == 0 ? 64 : widths == 1 ? 32 : r.nextBoolean() ? 64 : 32;
            long[] value;
            if (!sent.isEmpty() && r.nextDouble() < repeat) {
                value = sent.get(Math.max(0, sent.size() - 1 - r.nextInt(reach)));
            } else if (scattered) {
                value = new long[] {origin + r.nextInt(48), r.nextInt(4), r.nextInt(3) == 0 ? 1 : 0};
                sent.add(value);
            } else {
                long length = r.nextInt(5) == 0 ? 0 : r.nextInt(3) == 0 ? 1448 : r.nextInt(1, 3000);
                value = new long[] {r.nextInt(20) == 0 ? r.nextLong() : next, length, r.nextInt(3) == 0 ? 1 : 0};
                next = value[0] + length;
                sent.add(value);
            }
            long v = DsnSpace.truncate(value[0], bits);
            if (value[2] == 1) {
                track.addAck(time, v, bits);
                reference.addAck(time, v, bits);
            } else {
                track.addData(time, v, bits, value[1]);
                reference.addData(time, v, bits, value[1]);
            }
            if (r.nextInt(50) == 0) {
                long cutoff = time - r.nextLong(0, 5000);
                track.expire(cutoff);
                reference.expire(cutoff);
            }
            if (r.nextInt(60) == 0) {
                CompactBytes.Writer bytes = new CompactBytes.Writer(16);
                track.writeCompact(bytes, timeRef);
                track = Track.readCompact(new CompactBytes.Reader(bytes.toArray(), 0), timeRef);
            } else if (r.nextInt(60) == 0 && repeatABox(r, reference)) {
                track = Track.readCompact(new CompactBytes.Reader(reference.compact(timeRef), 0), timeRef);
            }
            assertSame(reference, track, timeRef, "seed " + seed + ", operation " + op);
        }
    }

    /**
     * Bytes no track writes: a box of a kind a mapping or DATA_ACK can repeat, copied to a later
     * place, so that two boxes have its key and a repeat must extend the first.
     */
    private static boolean repeatABox(SplittableRandom r, ReferenceTrack reference) {
        List<ReferenceTrack.Box> boxes = reference.boxes;
        if (boxes.isEmpty() || boxes.size() == reference.capacity) {
            return false;
        }
        int from = r.nextInt(boxes.size());
        ReferenceTrack.Box b = boxes.get(from);
        if (b.kind() == Track.MERGED || (b.kind() == Track.ACK && b.lo() != b.hi())) {
            return false;
        }
        boxes.add(r.nextInt(from + 1, boxes.size() + 1), b);
        return true;
    }

    /** Mostly forward in small steps, sometimes not at all, backwards, or far (past the narrow layout). */
    private static long nextTime(SplittableRandom r, long time) {
        int kind = r.nextInt(100);
        if (kind < 20) {
            return time;
        } else if (kind < 27) {
            return time - r.nextLong(1, 3000);
        } else if (kind < 29) {
            return time + r.nextLong(1L << 29, 1L << 34);
        }
        return time + r.nextLong(1, 500);
    }

    private static void assertSame(ReferenceTrack expected, Track actual, long timeRef, String where) {
        assertEquals(expected.boxes.size(), actual.count(), where);
        for (int i = 0; i < actual.count(); i++) {
            assertEquals(expected.boxes.get(i), new ReferenceTrack.Box(actual.t0(i), actual.t1(i), actual.lo(i),
                    actual.hi(i), actual.kind(i)), where + ", box " + i);
        }
        assertEquals(expected.minOffset, actual.minOffset(), where);
        assertEquals(expected.maxOffset, actual.maxOffset(), where);
        CompactBytes.Writer bytes = new CompactBytes.Writer(16);
        actual.writeCompact(bytes, timeRef);
        assertArrayEquals(expected.compact(timeRef), bytes.toArray(), where);
    }
}
