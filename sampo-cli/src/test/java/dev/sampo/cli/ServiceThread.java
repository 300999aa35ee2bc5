package dev.sampo.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A service command's loop ({@code enforce}, {@code directive-service}) on a thread of its own in
 * the test's JVM, what it prints kept: on this shared 2-core machine, more JVMs starting next to a
 * stack and a lab took longer than Kafka's client timeouts.
 *
 * @param <T> the service, opened and closed on the thread
 */
final class ServiceThread<T extends AutoCloseable> implements AutoCloseable {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<T> service = new AtomicReference<>();
    private final Thread thread;

    /**
     * @param open opens the service, given its stdout and stderr
     * @param turn one turn of its loop (about 200 ms)
     */
    ServiceThread(String name, BiFunction<PrintWriter, PrintWriter, T> open, Consumer<T> turn) {
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        thread = new Thread(() -> {
            try (T s = open.apply(o, e)) {
                service.set(s);
                while (!stopping.get()) {
                    turn.accept(s);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, name);
        thread.start();
    }

    /** The service once it is open, else null. */
    T service() {
        said();
        return service.get();
    }

    /** What it has printed on stderr so far; fails at once if it has failed. */
    String said() {
        if (failure.get() != null) {
            throw new AssertionError(thread.getName() + " failed:\n" + err, failure.get());
        }
        return err.toString();
    }

    /** What it has printed on stdout so far. */
    String out() {
        said();
        return out.toString();
    }

    /** What it has printed on stdout so far, even if it has failed. */
    String outSoFar() {
        return out.toString();
    }

    /** What it has printed on stderr so far, even if it has failed. */
    String errSoFar() {
        return err.toString();
    }

    @Override
    public void close() throws Exception {
        stopping.set(true);
        thread.join(30_000);
        System.out.print(err);
    }
}
