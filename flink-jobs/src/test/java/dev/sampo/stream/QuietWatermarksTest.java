package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * The generator on a clock the test moves, standing for the source's input activity clock (which
 * does not move while the source is backpressured).
 */
class QuietWatermarksTest {
    private static final long SKEW = 500;
    private static final long QUIET = 500;

    private final ManualClock activity = new ManualClock(1_000_000);
    private final QuietWatermarks generator = new QuietWatermarks(SKEW, QUIET, activity);
    private final Recorded output = new Recorded();

    @Test
    void whileRecordsFlowTheWatermarkTrailsTheLatestBySkew() {
        generator.onEvent(null, 10_000, output);
        activity.advanceTime(Duration.ofMillis(QUIET));
        generator.onPeriodicEmit(output);
        assertEquals(10_000 - SKEW - 1, output.watermark);
    }

    @Test
    void aQuietPartitionsEventTimeFollowsItsClockSoTheLastPeriodCloses() {
        generator.onEvent(null, 10_000, output);
        activity.advanceTime(Duration.ofMillis(QUIET + 2_000));
        generator.onPeriodicEmit(output);
        assertEquals(10_000 + 2_000, output.watermark);
    }

    @Test
    void aPartitionWithoutRecordsIsIdleOnlyAfterTheFirstFetchHadItsTime() {
        activity.advanceTime(Duration.ofMillis(QuietWatermarks.FIRST_FETCH_MILLIS));
        generator.onPeriodicEmit(output);
        assertFalse(output.idle, "idle before the first fetch had its time");
        activity.advanceTime(Duration.ofMillis(1));
        generator.onPeriodicEmit(output);
        assertTrue(output.idle);
        assertEquals(Long.MIN_VALUE, output.watermark, "no watermark without a record");
    }

    /** Wall-clock time passing while the clock stands (a backpressured source) is not quiet. */
    @Test
    void timeTheClockDoesNotCountLeavesTheWatermarkBehindTheBacklog() throws InterruptedException {
        generator.onEvent(null, 10_000, output);
        Thread.sleep(QUIET + 100); // wall-clock time the generator must not see
        generator.onPeriodicEmit(output);
        assertEquals(10_000 - SKEW - 1, output.watermark);
    }

    private static final class Recorded implements WatermarkOutput {
        long watermark = Long.MIN_VALUE;
        boolean idle;

        @Override
        public void emitWatermark(Watermark w) {
            watermark = w.getTimestamp();
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }
}
