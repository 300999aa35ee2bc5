package dev.sampo.stream;

import dev.sampo.packet.PacketRecord;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded-out-of-orderness watermarks (per Kafka partition, so each source's skew is its own),
 * which keep advancing with the wall clock once a partition has been quiet for a while. Without
 * that, the last period of a feed that stops, or slows to a trickle, would never close, and idle
 * subflows would never time out. A partition that has carried no record for that long since it
 * was assigned is marked idle, so an empty partition does not hold the others back; not sooner,
 * or a partition whose first fetch is merely slow would find its records behind the watermark.
 */
final class QuietWatermarks implements WatermarkGenerator<PacketRecord> {
    private final long skewMillis;
    private final long quietMillis;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEventWallClock = System.currentTimeMillis();

    QuietWatermarks(long skewMillis, long quietMillis) {
        this.skewMillis = skewMillis;
        this.quietMillis = quietMillis;
    }

    @Override
    public void onEvent(PacketRecord event, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        lastEventWallClock = System.currentTimeMillis();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long quietFor = System.currentTimeMillis() - lastEventWallClock;
        if (maxTimestamp == Long.MIN_VALUE) {
            if (quietFor > quietMillis) {
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
