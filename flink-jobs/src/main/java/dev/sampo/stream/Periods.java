package dev.sampo.stream;

/**
 * Association periods in event time. A period ending at boundary B (µs, a multiple of the period)
 * holds the packets with timestamps in [B − period, B); its timer fires at B/1000 − 1 ms, the last
 * millisecond a packet of the period can carry, so it fires once the watermark says the period is
 * complete. Every stage keys its work by that timer timestamp.
 */
final class Periods {
    private Periods() {
    }

    /** The timer (ms) of the period that holds a packet at {@code tsMicros}. */
    static long timerOf(long tsMicros, long periodMicros) {
        return (Math.floorDiv(tsMicros, periodMicros) + 1) * periodMicros / 1000 - 1;
    }

    /** The first period timer after the watermark: where a late packet goes. */
    static long firstTimerAfter(long watermarkMillis, long periodMicros) {
        return timerOf((watermarkMillis + 1) * 1000, periodMicros);
    }

    /** The boundary (µs) of the period whose timer is {@code timerMillis}. */
    static long boundaryOf(long timerMillis) {
        return (timerMillis + 1) * 1000;
    }
}
