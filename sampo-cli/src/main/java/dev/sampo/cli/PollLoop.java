package dev.sampo.cli;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The loop of a service command: poll on the calling thread until Ctrl-C (a shutdown hook lets the
 * loop finish its turn and close what it holds) or the duration, report every interval and once
 * at the end.
 */
final class PollLoop {
    private PollLoop() {
    }

    /**
     * @param duration zero to run until Ctrl-C
     * @param every the report interval, positive
     * @param poll one turn, which should return within about 200 ms
     */
    static void run(String name, Duration duration, Duration every, Runnable poll, Runnable report) {
        Thread main = Thread.currentThread();
        AtomicBoolean stopping = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            try {
                main.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long end = duration.isZero() ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        try {
            long next = System.nanoTime() + every.toNanos();
            while (!stopping.get() && System.nanoTime() < end) {
                poll.run();
                if (System.nanoTime() >= next) {
                    report.run();
                    next += every.toNanos();
                }
            }
            report.run();
        } finally {
            if (!stopping.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }
}
