package dev.sampo.packet;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where packet records go once a source has produced them: the {@code sampo.packets} topic, a file,
 * or an in-process consumer. One producer thread calls a sink; a sink may batch, so callers flush
 * before they report what was delivered and close when the source ends.
 */
@FunctionalInterface
public interface PacketSink extends Closeable {
    /**
     * Takes one record. Delivery may be asynchronous; a sink that cannot deliver any more says so
     * with an unchecked exception rather than dropping records silently.
     */
    void accept(PacketRecord record);

    /** Delivers everything accepted so far. */
    default void flush() throws IOException {
    }

    @Override
    default void close() throws IOException {
        flush();
    }
}
