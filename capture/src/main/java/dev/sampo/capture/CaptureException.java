package dev.sampo.capture;

/** A capture that cannot start or go on, with a message that says what is missing and how to fix it. */
public final class CaptureException extends Exception {
    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
