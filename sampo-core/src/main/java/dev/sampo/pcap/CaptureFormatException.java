package dev.sampo.pcap;

import java.io.IOException;

/** The input is not a capture file, or it is corrupt at a given byte offset. */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CaptureFormatException(String message) {
        super(message);
    }

    public CaptureFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
