package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrackTest {
    /**
     * Boxes are packed narrow while they start within 2^32 µs of the track's first and last under
     * 2^30 µs: boxes beyond that (a subflow alive for hours, a box repeated for half an hour, a
     * packet older than the first) must come back exact, through the codec and unpacked too.
     */
    @Test
    void keepsExactTimesBeyondTheNarrowLayout() throws Exception {
        long start = 1_780_000_000_000_000L;
        long[][] boxes = {
            {start, start + 5, 0, 100},
            {start + 3, start + 3 + (1L << 30), 1000, 1000},
            {start + (1L << 33), start + (1L << 33), 2000, 2100},
            {start - 7, start - 7, 3000, 3100},
        };
        for (int n = 1; n <= boxes.length; n++) {
            Track t = new Track(16);
            for (long[] b : java.util.Arrays.copyOf(boxes, n)) {
                if (b[2] == b[3]) {
                    t.addAck(b[0], b[2], 64);
                    t.addAck(b[1], b[2], 64);
                } else {
                    t.addData(b[0], b[2], 64, b[3] - b[2]);
                    t.addData(b[1], b[2], 64, b[3] - b[2]);
                }
            }
            CompactBytes.Writer bytes = new CompactBytes.Writer(16);
            t.writeCompact(bytes, start + 1);
            Track back = Track.readCompact(new CompactBytes.Reader(bytes.toArray(), 0), start + 1);
            for (Track x : new Track[] {t, back}) {
                assertEquals(n, x.count());
                java.util.Set<java.util.List<Long>> seen = new java.util.HashSet<>();
                for (int i = 0; i < x.count(); i++) {
                    seen.add(java.util.List.of(x.t0(i), x.t1(i), x.lo(i) + x.base(), x.hi(i) + x.base(),
                            (long) x.kind(i)));
                }
                java.util.Set<java.util.List<Long>> expected = new java.util.HashSet<>();
                for (long[] b : java.util.Arrays.copyOf(boxes, n)) {
                    expected.add(java.util.List.of(b[0], b[1], b[2], b[3], (long) (b[2] == b[3] ? Track.ACK : Track.DATA)));
                }
                assertEquals(expected, seen, n + " boxes");
                UnpackedTrack u = new UnpackedTrack(x);
                java.util.Set<java.util.List<Long>> unpacked = new java.util.HashSet<>();
                for (int i = 0; i < u.count; i++) {
                    unpacked.add(java.util.List.of(u.t0[i], u.t1[i], u.lo[i] + u.base, u.hi[i] + u.base, (long) u.kind[i]));
                }
                assertEquals(expected, unpacked, n + " boxes unpacked");
            }
        }
    }

    @Test
    void wrapsAroundThe32BitSpaceContiguously() {
        Track t = new Track(16);
        long nearTop = 0xFFFF_FF00L;
        t.addData(1, nearTop, 32, 0x80);
        t.addData(2, 0x0000_0080L, 32, 0x100); // 0x180 bytes further on, after the wrap
        assertEquals(0, t.minOffset());
        assertEquals(0x100 + 0x180, t.maxOffset(), "[0, n] after the wrap maps to [S, S + n]");
    }

    @Test
    void wrapsAroundThe64BitSpace() {
        Track t = new Track(16);
        t.addData(1, -16L, 64, 16);
        t.addData(2, 16L, 64, 16);
        assertEquals(48, t.maxOffset() - t.minOffset());
    }

    @Test
    void extendsA32BitValueFromA64BitTrack() {
        Track t = new Track(16);
        long dsn = 0x1234_5678_FFFF_FFF0L;
        t.addData(1, dsn, 64, 32);
        t.addAck(2, (dsn + 0x40) & 0xFFFF_FFFFL, 32); // a 4-byte DATA_ACK past the low-word wrap
        assertEquals(64, t.bits());
        assertEquals(0x40, t.maxOffset());
    }

    @Test
    void learnsTheUpperBitsWhenA64BitValueArrivesLater() {
        Track t = new Track(16);
        long full = 0xABCD_0000_0000_1000L;
        t.addAck(1, full & 0xFFFF_FFFFL, 32);
        assertEquals(32, t.bits());
        t.addData(2, full + 0x100, 64, 10);
        assertEquals(64, t.bits());
        assertEquals(full, t.base(), "the base keeps its low bits and gains the upper ones");
        assertEquals(0x100 + 10, t.maxOffset());
    }

    @Test
    void staysBoundedByMergingNarrowestNeighbours() {
        Track t = new Track(4);
        for (int i = 0; i < 100; i++) {
            t.addData(i, 1000L * i, 64, 100);
        }
        assertEquals(4, t.count());
        assertEquals(0, t.minOffset());
        assertEquals(99 * 1000 + 100, t.maxOffset(), "merging never loses the active range");
        for (int i = 1; i < t.count(); i++) {
            assertTrue(t.t0(i - 1) <= t.t0(i), "boxes stay in time order");
        }
    }

    @Test
    void repeatedMappingExtendsTimeInsteadOfAddingBoxes() {
        Track t = new Track(8);
        t.addData(10, 5000, 64, 3000);
        t.addData(20, 5000, 64, 3000);
        assertEquals(1, t.count());
        assertEquals(10, t.t0(0));
        assertEquals(20, t.t1(0));
    }

    @Test
    void expiresBoxesOlderThanTheHorizon() {
        Track t = new Track(8);
        t.addData(10, 0, 64, 100);
        t.addData(50, 5000, 64, 100);
        t.expire(20);
        assertEquals(1, t.count());
        assertEquals(5000, t.minOffset());
        assertTrue(t.expire(100));
    }

    @Test
    void maxGapIsTheWidestHoleBetweenBoxes() {
        Track t = new Track(8);
        t.addData(1, 0, 64, 100);
        t.addData(2, 1100, 64, 100);
        t.addData(3, 1300, 64, 100);
        assertEquals(1000, new UnpackedTrack(t).maxGap);
    }
}
