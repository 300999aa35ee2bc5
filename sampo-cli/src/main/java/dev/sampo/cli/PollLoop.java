package dev.sampo.cli;

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
     * @param durationSeconds 0 to run until Ctrl-C
     * @param poll one turn, which should return within about 200 ms
     */
    static void run(String name, double durationSeconds, double everySeconds, Runnable poll, Runnable report) {
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
        long every = Math.round(everySeconds * 1e9);
        long end = durationSeconds > 0 ? System.nanoTime() + Math.round(durationSeconds * 1e9) : Long.MAX_VALUE;
        try {
            long next = System.nanoTime() + every;
            while (!stopping.get() && System.nanoTime() < end) {
                poll.run();
                if (System.nanoTime() >= next) {
                    report.run();
                    next += every;
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
