package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PeriodsTest {
    private static final long SECOND = 1_000_000;

    @Test
    void aPeriodsTimerIsTheLastMillisecondBeforeItsBoundary() {
        assertEquals(999, Periods.timerOf(0, SECOND));
        assertEquals(999, Periods.timerOf(999_999, SECOND));
        assertEquals(1999, Periods.timerOf(1_000_000, SECOND));
        assertEquals(-1, Periods.timerOf(-1, SECOND));
        assertEquals(1_000_000, Periods.boundaryOf(999));
    }

    @Test
    void packetsFallIntoThePeriodTheEngineGivesThemAndLatePacketsIntoTheNextOpenOne() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long period = (1 + random.nextInt(5000)) * 1000L;
            long ts = 1_700_000_000_000_000L + random.nextInt(Integer.MAX_VALUE);
            long timer = Periods.timerOf(ts, period);
            long boundary = Periods.boundaryOf(timer);
            assertTrue(boundary - period <= ts && ts < boundary, ts + " outside its period");
            // A packet's Flink timestamp (ms) is never after its period's timer.
            assertTrue(Math.floorDiv(ts, 1000) <= timer);
            long watermark = timer + random.nextInt(100_000);
            long next = Periods.firstTimerAfter(watermark, period);
            assertTrue(next > watermark && next - period / 1000 <= watermark, "not the first open period");
        }
    }
}
