package dev.sampo.cli;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Every record as one JSON line (PacketRecord's own format), buffered and flushed on request. */
final class JsonLinesSink implements PacketSink {
    private final ObjectWriter writer = Json.MAPPER.writerFor(PacketRecord.class);
    private final BufferedWriter out;

    JsonLinesSink(PrintWriter stream) {
        this.out = new BufferedWriter(stream, 1 << 16);
    }

    @Override
    public void accept(PacketRecord record) {
        try {
            out.write(writer.writeValueAsString(record));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
