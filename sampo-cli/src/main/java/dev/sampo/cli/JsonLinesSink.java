package dev.sampo.cli;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Packet records as JSON lines, in the {@code sampo.packets} record schema, to a file or stdout. */
final class JsonLinesSink implements PacketSink {
    private final OutputStream out;
    private final SequenceWriter writer;
    private final boolean closeStream;
    private long written;

    private JsonLinesSink(OutputStream out, boolean closeStream) throws IOException {
        this.out = new BufferedOutputStream(out, 1 << 16);
        this.writer = Json.MAPPER.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                .withRootValueSeparator("\n").writeValues(this.out);
        this.closeStream = closeStream;
    }

    /** {@code -} is stdout. */
    static JsonLinesSink open(String target) throws IOException {
        return target.equals("-") ? new JsonLinesSink(System.out, false)
                : new JsonLinesSink(Files.newOutputStream(Path.of(target)), true);
    }

    @Override
    public void accept(PacketRecord record) {
        try {
            writer.write(record);
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
        if (written > 0) {
            out.write('\n'); // the writer separates lines; the last one still ends with a newline
        }
        out.flush();
        if (closeStream) {
            out.close();
        }
    }
}
