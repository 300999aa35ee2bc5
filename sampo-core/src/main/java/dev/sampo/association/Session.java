package dev.sampo.association;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sampo.flow.SubflowId;
import java.util.List;

/**
 * One MPTCP session as association sees it: its subflows, the token that names it when a key or
 * MP_JOIN was seen, and the weakest link Φ that holds the group together.
 *
 * @param id stable while the session's lowest subflow stays in it ({@link #idOf})
 * @param token the session's token (the passive opener's, what MP_JOIN SYNs carry), or null
 * @param evidence {@link Evidence#NONE} for a lone subflow
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"session", "token", "subflows", "confidence", "evidence", "first_seen_us", "last_seen_us"})
public record Session(
        @JsonProperty("session") String id,
        String token,
        List<Member> subflows,
        double confidence,
        Evidence evidence,
        @JsonProperty("first_seen_us") long firstSeenMicros,
        @JsonProperty("last_seen_us") long lastSeenMicros) {

    /** A subflow of a session, with what was sampled of it. */
    @JsonPropertyOrder({"a", "b", "packets", "bytes"})
    public record Member(@JsonIgnore SubflowId id, long packets, long bytes) {
        @JsonProperty("a")
        public String a() {
            return id.endpointA();
        }

        @JsonProperty("b")
        public String b() {
            return id.endpointB();
        }
    }

    /** A session id from its lowest subflow id: 16 hex digits of a 64-bit FNV-1a hash. */
    public static String idOf(SubflowId lowest) {
        return String.format("%016x", Fnv1a.hash64(lowest.toString()));
    }
}
