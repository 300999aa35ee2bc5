package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.HexFormat;
import java.util.List;

/**
 * One MPTCP session as association sees it: its subflows, the token that names it when a key or
 * MP_JOIN was seen, and the weakest link Φ that holds the group together. Its JSON is
 * {@code dev.sampo.wire.SessionRecord}.
 *
 * @param id stable while the session's lowest subflow stays in it ({@link #idOf})
 * @param token the session's token (the passive opener's, what MP_JOIN SYNs carry), or null
 * @param evidence {@link Evidence#NONE} for a lone subflow
 */
public record Session(
        String id,
        String token,
        List<Member> subflows,
        double confidence,
        Evidence evidence,
        long firstSeenMicros,
        long lastSeenMicros) {

    /** A subflow of a session, with what was sampled of it. */
    public record Member(SubflowId id, long packets, long bytes) {
    }

    /** A session id from its lowest subflow id: 16 hex digits of a 64-bit FNV-1a hash. */
    public static String idOf(SubflowId lowest) {
        return HexFormat.of().toHexDigits(Fnv1a.hash64(lowest.toString()));
    }
}
