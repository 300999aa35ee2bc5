package dev.sampo.wire;

import dev.sampo.association.Evidence;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sampo.association.Session;
import dev.sampo.flow.SubflowId;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Topics#SESSIONS} value, schema {@link Schemas#SESSION_V1}, and the JSON lines of
 * {@code ./sampo analyze}: one MPTCP session with what was sampled of each subflow. The record's
 * key is {@link #session}.
 *
 * @param session stable while the session's lowest subflow stays in it
 * @param token the session's token in hex, or null when no key or MP_JOIN was sampled
 * @param confidence the weakest link Φ that holds the group together
 * @param evidence {@link Evidence#NONE} for a lone subflow
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"session", "token", "subflows", "confidence", "evidence", "first_seen_us", "last_seen_us"})
public record SessionRecord(
        String session,
        String token,
        List<Member> subflows,
        double confidence,
        Evidence evidence,
        @JsonProperty("first_seen_us") long firstSeenMicros,
        @JsonProperty("last_seen_us") long lastSeenMicros) {

    public SessionRecord {
        Objects.requireNonNull(session, "session");
        subflows = List.copyOf(Objects.requireNonNull(subflows, "subflows"));
        Objects.requireNonNull(evidence, "evidence");
    }

    /**
     * A subflow of the session: its two endpoints {@code IP:PORT} in canonical order (IPv6 in
     * brackets), and the packets and payload bytes sampled of it.
     */
    @JsonPropertyOrder({"a", "b", "packets", "bytes"})
    public record Member(String a, String b, long packets, long bytes) {
        public Member {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
        }

        /** The subflow's id, {@code a-b}. */
        public SubflowId id() {
            return SubflowId.parse(a + "-" + b);
        }
    }

    public static SessionRecord of(Session s) {
        List<Member> members = s.subflows().stream()
                .map(m -> new Member(m.id().endpointA(), m.id().endpointB(), m.packets(), m.bytes())).toList();
        return new SessionRecord(s.id(), s.token(), members, s.confidence(), s.evidence(), s.firstSeenMicros(),
                s.lastSeenMicros());
    }

    /** The session this value describes, as association holds it. */
    public Session toSession() {
        List<Session.Member> members = subflows.stream().map(m -> new Session.Member(m.id(), m.packets(), m.bytes()))
                .toList();
        return new Session(session, token, members, confidence, evidence, firstSeenMicros, lastSeenMicros);
    }

    /** @throws IllegalArgumentException for a value that is not session.v1 JSON, or a tombstone */
    public static SessionRecord parse(String json) {
        return OutputJson.read(json, SessionRecord.class, Schemas.SESSION_V1);
    }

    public String toJson() {
        return OutputJson.write(this);
    }
}
