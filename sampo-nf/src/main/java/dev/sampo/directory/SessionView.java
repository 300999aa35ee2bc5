package dev.sampo.directory;

import dev.sampo.association.Evidence;
import dev.sampo.flow.SubflowId;
import java.util.List;

/**
 * What the directory knows of one MPTCP session: an immutable snapshot, safe to keep.
 *
 * @param id the session id, stable while the session's lowest subflow stays in it
 * @param token the session's token, 8 hex digits, or null when no key or MP_JOIN was sampled
 * @param confidence the weakest link Φ holding the subflows together, 0 to 1
 * @param evidence what holds the session together; {@link Evidence#NONE} for a lone subflow
 * @param subflows the session's subflows, the sibling subflows of any one of them
 * @param partial true when the session's own {@code sampo.sessions} record is not held (not read yet,
 *     or refused at {@link DirectoryConfig#MAX_SESSIONS_CONFIG}): the view then comes from
 *     {@code sampo.subflows}, lists the subflows that table names, and has no counts or times
 */
public record SessionView(
        String id,
        String token,
        double confidence,
        Evidence evidence,
        List<Member> subflows,
        long firstSeenMicros,
        long lastSeenMicros,
        boolean partial) {

    public SessionView {
        subflows = List.copyOf(subflows);
    }

    /** One subflow of the session, with the packets and payload bytes the engine sampled of it. */
    public record Member(SubflowId id, long packets, long bytes) {
    }
}
