package dev.sampo.packet;

import java.io.Closeable;
import java.io.IOException;

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
}
