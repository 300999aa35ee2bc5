package dev.sampo.packet;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;

/** A stream of normalized packets from one input (a capture file, an sFlow capture, …). */
public interface PacketSource extends Closeable {
    /** The next packet, or null at the end. */
    PacketRecord next() throws IOException;

    /** Frames (or flow samples) the input delivered so far, sampled or not. */
    long frames();

    /** Frames kept by sampling so far. */
    long sampledFrames();

    /** Decoder counters, errors included. */
    DecodeStats decodeStats();

    /** Input-level warnings worth printing at the end (e.g. a truncated last record), or "". */
    String warnings();

    /**
     * Packets already decoded (a test's records, a benchmark's generated load) as a source: every
     * packet delivered counts as a frame, and as sampled; nothing is decoded, so the decoder
     * counters stay zero and there are no warnings.
     */
    static PacketSource of(Iterator<PacketRecord> packets) {
        return new PacketSource() {
            private long delivered;

            @Override
            public PacketRecord next() {
                if (!packets.hasNext()) {
                    return null;
                }
                delivered++;
                return packets.next();
            }

            @Override
            public long frames() {
                return delivered;
            }

            @Override
            public long sampledFrames() {
                return delivered;
            }

            @Override
            public DecodeStats decodeStats() {
                return new DecodeStats();
            }

            @Override
            public String warnings() {
                return "";
            }

            @Override
            public void close() {
            }
        };
    }
}
