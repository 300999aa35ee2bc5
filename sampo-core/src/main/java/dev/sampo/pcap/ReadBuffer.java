package dev.sampo.pcap;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A bounded window over a capture stream, filled straight from the stream into one reusable
 * array (Netty-style reader index / writer index). Readers parse records in place and hand out
 * slices of {@link #array()}; a slice stays valid until the next {@link #request(int)}, which may
 * compact or grow the array.
 */
final class ReadBuffer {
    private static final int INITIAL_CAPACITY = 64 * 1024;
    /** The largest record a reader accepts plus room for its header and options. */
    static final int MAX_CAPACITY = Frame.MAX_CAPTURED_LENGTH + 64 * 1024;

    private final InputStream in;
    private final int maxCapacity;
    private byte[] buf;
    private int readIndex;
    private int writeIndex;
    /** Stream offset of {@code buf[readIndex]}: what error messages report. */
    private long offset;
    private boolean eof;

    ReadBuffer(InputStream in) {
        this(in, MAX_CAPACITY);
    }

    ReadBuffer(InputStream in, int maxCapacity) {
        this.in = in;
        this.maxCapacity = maxCapacity;
        this.buf = new byte[Math.min(INITIAL_CAPACITY, maxCapacity)];
    }

    byte[] array() {
        return buf;
    }

    /** Index in {@link #array()} of the first unconsumed byte. */
    int position() {
        return readIndex;
    }

    /** Offset in the (decompressed) stream of the first unconsumed byte. */
    long offset() {
        return offset;
    }

    int available() {
        return writeIndex - readIndex;
    }

    int maxCapacity() {
        return maxCapacity;
    }

    /**
     * Makes at least {@code n} bytes readable from {@link #position()}.
     *
     * @return false if the stream ends first; whatever it had is still {@link #available()}
     * @throws IllegalArgumentException if {@code n} exceeds the bound: callers check lengths
     *     read from the file first, so they can report them as corrupt
     */
    boolean request(int n) throws IOException {
        return writeIndex - readIndex >= n || fill(n);
    }

    /** Consumes {@code n} bytes that are {@link #available()}. */
    void skip(int n) {
        readIndex += n;
        offset += n;
    }

    /**
     * Consumes {@code n} bytes whether or not they are buffered, without holding more than the
     * buffer: unknown pcapng blocks may be large.
     *
     * @return false if the stream ends first
     */
    boolean discard(long n) throws IOException {
        long left = n;
        while (left > 0) {
            if (available() == 0 && !request(1)) {
                return false;
            }
            int step = (int) Math.min(left, available());
            skip(step);
            left -= step;
        }
        return true;
    }

    private boolean fill(int n) throws IOException {
        if (n > maxCapacity) {
            throw new IllegalArgumentException(n + " bytes exceed the buffer bound " + maxCapacity);
        }
        if (n > buf.length - readIndex) {
            makeRoom(n);
        }
        while (writeIndex - readIndex < n) {
            if (eof) {
                return false;
            }
            int read = readSome();
            if (read < 0) {
                eof = true;
            } else {
                writeIndex += read;
            }
        }
        return true;
    }

    private int readSome() throws IOException {
        try {
            return in.read(buf, writeIndex, buf.length - writeIndex);
        } catch (EOFException cutShort) {
            // A decompressor reports a compressed stream cut short this way; for a capture that is
            // the same as a file cut short, so what was decompressed so far is still delivered.
            return -1;
        }
    }

    /** Moves the unconsumed bytes to the front, growing the array only as far as needed. */
    private void makeRoom(int n) {
        int unread = writeIndex - readIndex;
        byte[] target = buf;
        if (n > buf.length) {
            target = new byte[Math.min(maxCapacity, Math.max(n, buf.length * 2))];
        }
        System.arraycopy(buf, readIndex, target, 0, unread);
        buf = target;
        readIndex = 0;
        writeIndex = unread;
    }

    void close() throws IOException {
        in.close();
    }
}
