package dev.sampo.stream;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded-out-of-orderness watermarks (per Kafka partition, so each source's skew is its own),
 * which keep advancing with the wall clock once a partition has been quiet for a while. Without
 * that, the last period of a feed that stops, or slows to a trickle, would never close, and idle
 * subflows would never time out, and a partition that happens to carry no subflow for a while would
 * hold every other partition's results back. A partition that has carried no record at all is
 * marked idle, so an empty partition does not hold the others back, but only after
 * {@link #FIRST_FETCH_MILLIS} at least: a partition whose first fetch is merely slow must not find
 * its records behind the watermark.
 */
final class QuietWatermarks implements WatermarkGenerator<WirePacket> {
    static final long FIRST_FETCH_MILLIS = 5_000;

    private final long skewMillis;
    private final long quietMillis;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEventWallClock = System.currentTimeMillis();

    QuietWatermarks(long skewMillis, long quietMillis) {
        this.skewMillis = skewMillis;
        this.quietMillis = quietMillis;
    }

    @Override
    public void onEvent(WirePacket event, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        lastEventWallClock = System.currentTimeMillis();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long quietFor = System.currentTimeMillis() - lastEventWallClock;
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
