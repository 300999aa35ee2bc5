package dev.sampo.pcap;

import java.io.Closeable;
import java.io.IOException;

/** A streaming, constant-memory source of captured frames. */
public interface CaptureReader extends Closeable {
    /**
     * Reads the next record into {@code frame}.
     *
     * @return false at the end of the capture (including after a truncated last record, which is
     *     reported through {@link #truncatedRecords()} and skipped)
     * @throws CaptureFormatException if the bytes are not a capture or are corrupt mid-file
     */
    boolean next(Frame frame) throws IOException;

    /** Records cut short by the end of the file and therefore skipped (0 or 1 in practice). */
    long truncatedRecords();

    /** A short description of the format, e.g. "pcap (ns, little-endian, gzip)". */
    String formatDescription();
}
