package dev.sampo.pcap;

import java.util.concurrent.locks.LockSupport;

/**
 * Replays a capture at its own pace times a speed: {@link #await} returns once a frame's captured
 * time, measured from the first frame's and divided by the speed, has passed on the wall clock.
 * What {@code replay} and {@code sflow-replay} pace with.
 */
public final class Pacer {
    private final double speed;
    private final long start = System.nanoTime();
    private long first = Long.MIN_VALUE;

    /** @param speed times the captured pace; {@link Double#POSITIVE_INFINITY} for no waiting at all */
    public Pacer(double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
        this.speed = speed;
    }

    public void await(long capturedNanos) {
        if (first == Long.MIN_VALUE) {
            first = capturedNanos;
        }
        if (speed == Double.POSITIVE_INFINITY) {
            return;
        }
        long due = start + (long) ((capturedNanos - first) / speed);
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }
}
