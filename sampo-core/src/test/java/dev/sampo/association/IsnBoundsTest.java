package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IsnBoundsTest {
    private static final long ISN = 0xFFFF_FF00L; // near the top, so the arcs wrap

    /** A segment of a mapping that starts at relative sequence {@code ssn} and spans dll bytes. */
    private static long seq(long ssn, long offsetInMapping) {
        return (ISN + ssn + offsetInMapping) & 0xFFFF_FFFFL;
    }

    @Test
    void narrowsToTheExactIsnFromSegmentsAtBothEndsOfAMapping() {
        IsnBounds b = new IsnBounds();
        b.fromMapping(seq(1, 0), 1, 4344, 1448);
        assertFalse(b.exact(), "one segment leaves dll − len of slack");
        b.fromMapping(seq(1, 2896), 1, 4344, 1448); // the mapping's last segment closes it
        assertTrue(b.exact());
        assertEquals(2896, b.offsetInMapping(seq(1, 2896), 1, 4344, 1448));
    }

    @Test
    void theSynFixesTheIsn() {
        IsnBounds b = new IsnBounds();
        b.fromSyn(ISN);
        assertTrue(b.exact());
        assertEquals(0, b.offsetInMapping(seq(1, 0), 1, 1448, 1448));
    }

    @Test
    void aSegmentOutsideItsMappingHasNoOffset() {
        IsnBounds b = new IsnBounds();
        b.fromSyn(ISN);
        assertEquals(-1, b.offsetInMapping(seq(1, 4000), 1, 4344, 1448));
    }

    @Test
    void contradictoryEvidenceRestartsFromTheNewestMapping() {
        IsnBounds b = new IsnBounds();
        b.fromSyn(ISN);
        b.fromMapping(seq(1, 0) + 100_000, 1, 1448, 1448); // a different ISN: e.g. a reused 4-tuple
        assertTrue(b.exact());
        assertEquals(0, b.offsetInMapping(seq(1, 0) + 100_000, 1, 1448, 1448));
    }
}
