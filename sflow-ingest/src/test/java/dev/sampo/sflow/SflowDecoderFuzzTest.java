package dev.sampo.sflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded property loops over pmacct's real datagrams, damaged every way a network or a sender can
 * damage them: nothing throws out of the decoder, every delivered sample lies inside the datagram,
 * and the damage shows up in the error counters.
 */
class SflowDecoderFuzzTest {
    private static final List<Fixtures.Datagram> PAPER40 = Fixtures.datagrams(Fixtures.PAPER40);
    private static final long SEED = 0x5A3F_10_2026L;

    /** Checks every delivered sample's bounds against the bytes the decoder was given. */
    private static final class BoundsCheck implements SflowListener {
        int off;
        int end;
        long samples;

        @Override
        public void flowSample(SflowDatagram d, FlowSample s) {
            samples++;
            assertTrue(s.samplingRate > 0);
            if (s.hasHeader) {
                assertTrue(s.headerOffset >= off && s.headerLength >= 0 && s.headerOffset + s.headerLength <= end,
                        () -> "header [" + s.headerOffset + "+" + s.headerLength + "] outside [" + off + "," + end + ")");
            }
        }

        SflowError decode(SflowDecoder decoder, byte[] b) {
            // The datagram sits inside a larger buffer, as in the collector, so that reading past
            // its end would not fail by itself.
            byte[] buffer = new byte[b.length + 64];
            off = 32;
            end = off + b.length;
            System.arraycopy(b, 0, buffer, off, b.length);
            return decoder.decode(buffer, off, b.length, 0);
        }
    }

    @Test
    void everyTruncationOfRealDatagramsIsCountedNeverThrown() {
        BoundsCheck check = new BoundsCheck();
        SflowDecoder decoder = new SflowDecoder(check);
        long cut = 0;
        for (int i = 0; i < PAPER40.size(); i += 3) {
            byte[] d = PAPER40.get(i).payload();
            for (int len = 0; len < d.length; len++) {
                long before = decoder.stats().errorTotal();
                SflowError e = check.decode(decoder, Mutations.truncate(d, len));
                // pmacct's datagrams end with their last sample, so any cut loses part of one.
                assertNotEquals(SflowError.NONE, e, "datagram " + i + " cut to " + len);
                assertEquals(before + 1, decoder.stats().errorTotal());
                cut++;
            }
        }
        assertEquals(cut, decoder.stats().errorTotal());
    }

    @Test
    void lyingLengthsAndCountsAreCountedNeverThrown() {
        SplittableRandom random = new SplittableRandom(SEED);
        BoundsCheck check = new BoundsCheck();
        SflowDecoder decoder = new SflowDecoder(check);
        long lies = 0;
        long caught = 0;
        for (Fixtures.Datagram datagram : PAPER40) {
            byte[] d = datagram.payload();
            for (int field : Mutations.lengthFields(d)) {
                for (int k = 0; k < 3; k++) {
                    byte[] m = Mutations.lie(d, field, random);
                    if (java.util.Arrays.equals(m, d)) {
                        continue;
                    }
                    lies++;
                    if (check.decode(decoder, m) != SflowError.NONE) {
                        caught++;
                    }
                }
            }
        }
        // A lie is invisible only when it is consistent: a shorter sampled header length (still
        // inside its record) is a smaller header, which is what a truncated sample is.
        assertTrue(caught > 0.75 * lies, caught + " of " + lies + " lies detected");
        assertTrue(decoder.stats().count(SflowError.SAMPLE_OVERRUN) > 0);
        assertTrue(decoder.stats().count(SflowError.RECORD_OVERRUN) > 0);
        assertTrue(decoder.stats().count(SflowError.RECORD_TOO_SHORT) > 0);
        assertTrue(decoder.stats().count(SflowError.SAMPLE_TOO_SHORT) > 0);
    }

    @Test
    void flippedBytesGrownDatagramsAndNoiseNeverThrow() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        BoundsCheck check = new BoundsCheck();
        SflowDecoder decoder = new SflowDecoder(check);
        for (int round = 0; round < 30; round++) {
            for (Fixtures.Datagram datagram : PAPER40) {
                check.decode(decoder, Mutations.flip(datagram.payload(), random));
            }
        }
        for (int i = 0; i < 20_000; i++) {
            check.decode(decoder, Mutations.noise(random, 600));
        }
        for (Fixtures.Datagram datagram : PAPER40) {
            // Trailing garbage after the last sample is ignored: the samples themselves are intact.
            assertEquals(SflowError.NONE, check.decode(decoder, Mutations.grow(datagram.payload(), random, 200)));
        }
        assertEquals(30 * 1148 + 20_000 + 1148, decoder.stats().datagrams());
        assertTrue(decoder.stats().errorTotal() > 20_000);
        assertTrue(decoder.stats().count(SflowError.NOT_SFLOW_V5) > 0);
    }

    @Test
    void oversizeDatagramsAreRefused() {
        byte[] big = Mutations.grow(PAPER40.get(1).payload(), new SplittableRandom(SEED), 1);
        big = java.util.Arrays.copyOf(big, SflowDecoder.MAX_DATAGRAM + 1);
        SflowDecoder decoder = new SflowDecoder((d, s) -> { });

        assertEquals(SflowError.OVERSIZE, decoder.decode(big, 0, big.length, 0));
        assertEquals(1, decoder.stats().count(SflowError.OVERSIZE));
        assertEquals(0, decoder.stats().flowSamples());
    }

    /** Decoding and header decoding reuse their objects: after warm-up, no bytes per datagram. */
    @Test
    void decodingAllocatesNothingPerSample() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] sum = new long[1];
        SflowDecoder decoder = new SflowDecoder((d, s) -> sum[0] += s.packet.seq + s.samplingRate);
        for (int warm = 0; warm < 20; warm++) {
            for (Fixtures.Datagram d : PAPER40) {
                decoder.decode(d.payload(), 0, d.payload().length, d.timestampNanos());
            }
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int round = 0; round < 10; round++) {
            for (Fixtures.Datagram d : PAPER40) {
                decoder.decode(d.payload(), 0, d.payload().length, d.timestampNanos());
            }
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;

        assertTrue(allocated < 10 * 7521, allocated + " bytes allocated over 75,210 samples");
        assertTrue(sum[0] != 0);
    }
}
