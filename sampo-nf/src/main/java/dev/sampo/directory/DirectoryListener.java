package dev.sampo.directory;

/**
 * Session events, called on the directory's own thread in the order of the {@code sampo.sessions}
 * log, one call at a time. A listener that blocks holds the directory back; one that throws is
 * counted ({@link DirectoryStats#listenerErrors()}) and the directory carries on.
 */
public interface DirectoryListener {
    /** A session appeared. */
    default void created(SessionView session) {
    }

    /** A session's subflows, token, evidence, confidence or counts changed. */
    default void changed(SessionView before, SessionView after) {
    }

    /**
     * A session ended because its subflows now belong to {@code into}: the engine merged two
     * sessions it had seen apart, or renamed the session because its lowest subflow left. {@code into}
     * already carries them. When {@code into} is not held (refused at the cap) the directory cannot
     * tell a merge from an end, and reports {@link #ended}.
     */
    default void merged(SessionView ended, SessionView into) {
    }

    /** A session timed out or closed. */
    default void ended(SessionView session) {
    }
}
