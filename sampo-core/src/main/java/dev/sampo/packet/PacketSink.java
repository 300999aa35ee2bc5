package dev.sampo.packet;

/**
 * Where packet records go once a source has decoded them: the association engine in process, or
 * a publisher (Kafka) that feeds a distributed one. Sources call it from a single thread; an
 * implementation that hands records to other threads does its own synchronisation.
 */
@FunctionalInterface
public interface PacketSink extends AutoCloseable {
    /**
     * Takes one record; the caller keeps no reference to it afterwards. Delivery may be
     * asynchronous. A sink that can no longer deliver throws (an {@link java.io.UncheckedIOException}
     * for I/O) rather than dropping records silently.
     */
    void accept(PacketRecord record);

    /** Delivers anything buffered (a no-op for sinks that do not buffer); throws like {@link #accept}. */
    default void flush() {
    }

    /** Flushes and releases resources; no records are accepted afterwards. */
    @Override
    default void close() {
        flush();
    }
}
