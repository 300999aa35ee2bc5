package dev.sampo.association;

import java.util.function.LongConsumer;

/**
 * The period boundaries that packet time crosses, for offline drivers of the engine: association
 * runs at each one, in order, before the packet that crossed it is taken.
 */
public final class PeriodClock {
    private final long periodMicros;
    private long nextBoundary = Long.MIN_VALUE;

    public PeriodClock(long periodMicros) {
        this.periodMicros = periodMicros;
    }

    /** Calls {@code onBoundary} with every boundary at or before {@code tMicros} not passed yet. */
    public void advanceTo(long tMicros, LongConsumer onBoundary) {
        if (nextBoundary == Long.MIN_VALUE) {
            nextBoundary = (Math.floorDiv(tMicros, periodMicros) + 1) * periodMicros;
        }
        while (tMicros >= nextBoundary) {
            onBoundary.accept(nextBoundary);
            nextBoundary += periodMicros;
            if (tMicros - nextBoundary > 1000 * periodMicros) {
                nextBoundary = (Math.floorDiv(tMicros, periodMicros) + 1) * periodMicros; // a long silence: skip ahead
            }
        }
    }
}
