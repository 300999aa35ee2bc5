package dev.sampo.migration.sim;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The discrete-event core: actions run in time order, and actions due at the same instant in the
 * order they were scheduled, so a run is a function of its settings and seed alone.
 */
final class EventLoop {
    private record Event(long atMicros, long order, Runnable action) {
    }

    private final PriorityQueue<Event> queue =
            new PriorityQueue<>(Comparator.comparingLong(Event::atMicros).thenComparingLong(Event::order));
    private long now;
    private long scheduled;

    long now() {
        return now;
    }

    void at(long atMicros, Runnable action) {
        if (atMicros < now) {
            throw new IllegalStateException("event scheduled in the past: " + atMicros + " < " + now);
        }
        queue.add(new Event(atMicros, scheduled++, action));
    }

    void after(long delayMicros, Runnable action) {
        at(now + delayMicros, action);
    }

    void run() {
        for (Event e = queue.poll(); e != null; e = queue.poll()) {
            now = e.atMicros();
            e.action().run();
        }
    }
}
