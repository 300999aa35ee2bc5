package dev.sampo.stream;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Bounded-out-of-orderness watermarks (per Kafka partition, so each source's skew is its own),
 * which keep advancing once a partition has been quiet for a while. Without that, the last period
 * of a feed that stops, or slows to a trickle, would never close, and idle subflows would never
 * time out, and a partition that happens to carry no subflow for a while would hold every other
 * partition's results back. A partition that has carried no record at all is marked idle, so an
 * empty partition does not hold the others back, but only after {@link #FIRST_FETCH_MILLIS} at
 * least: a partition whose first fetch is merely slow must not find its records behind the
 * watermark.
 *
 * <p>Quietness is measured on the source's input activity clock (Flink's pausable relative clock,
 * the one its own {@code withIdleness} uses), not on the wall clock: that clock stands still while
 * the source is backpressured. A source held back by a slow downstream reads no records either,
 * but its partition is not quiet: the records are waiting in Kafka, and a watermark following
 * the wall clock would put most of a backlog behind it.
 */
final class QuietWatermarks implements WatermarkGenerator<WirePacket> {
    static final long FIRST_FETCH_MILLIS = 5_000;

    private final long skewMillis;
    private final long quietMillis;
    private final RelativeClock inputActivity;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEventAt;

    /**
     * @param inputActivity the clock quietness is measured on: {@code getInputActivityClock()} of
     *     the generator's context, which pauses while the source is backpressured
     */
    QuietWatermarks(long skewMillis, long quietMillis, RelativeClock inputActivity) {
        this.skewMillis = skewMillis;
        this.quietMillis = quietMillis;
        this.inputActivity = inputActivity;
        this.lastEventAt = inputActivity.relativeTimeMillis();
    }

    @Override
    public void onEvent(WirePacket event, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        lastEventAt = inputActivity.relativeTimeMillis();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long quietFor = inputActivity.relativeTimeMillis() - lastEventAt;
        if (maxTimestamp == Long.MIN_VALUE) {
            if (quietFor > Math.max(quietMillis, FIRST_FETCH_MILLIS)) {
                output.markIdle();
            }
            return;
        }
        long watermark = maxTimestamp - skewMillis - 1;
        if (quietFor > quietMillis) {
            watermark = maxTimestamp + (quietFor - quietMillis);
        }
        output.emitWatermark(new Watermark(watermark));
    }
}
