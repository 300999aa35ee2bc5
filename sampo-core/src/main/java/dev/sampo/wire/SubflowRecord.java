package dev.sampo.wire;

import dev.sampo.packet.Packet;

import dev.sampo.association.Evidence;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sampo.association.AssociationResult;
import dev.sampo.association.Session;
import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@link Topics#SUBFLOWS} value, schema {@link Schemas#SUBFLOW_V1}: which session a subflow
 * belongs to, and how sure that is. The record's key is {@link #subflow}.
 *
 * @param token the session's token in hex, or null when no key or MP_JOIN was sampled
 * @param confidence the session's weakest link Φ
 * @param evidence "token", "dsn", "token+dsn", or "none" for a lone subflow
 * @param sessionSubflows how many subflows the session has
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"subflow", "session", "token", "confidence", "evidence", "session_subflows"})
public record SubflowRecord(
        SubflowId subflow,
        String session,
        String token,
        double confidence,
        Evidence evidence,
        @JsonProperty("session_subflows") int sessionSubflows) {

    public SubflowRecord {
        Objects.requireNonNull(subflow, "subflow");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(evidence, "evidence");
    }

    /** The record of one member of a session. */
    public static SubflowRecord of(Session s, Session.Member m) {
        return new SubflowRecord(m.id(), s.id(), s.token(), s.confidence(), s.evidence(), s.subflows().size());
    }

    /** @throws IllegalArgumentException for a value that is not subflow.v1 JSON, or a tombstone */
    public static SubflowRecord parse(String json) {
        return OutputJson.read(json, SubflowRecord.class, Schemas.SUBFLOW_V1);
    }

    public String toJson() {
        return OutputJson.write(this);
    }

    /**
     * The sessions a {@link Topics#SUBFLOWS} table describes (key → value, without tombstones), as
     * an association result: what evaluation and comparisons with the offline engine take. Packet
     * and byte counts and times are not in the table and read as 0.
     *
     * @throws IllegalArgumentException naming the key, for a value that is not subflow.v1 JSON
     */
    public static AssociationResult resultOf(long atMicros, Map<String, String> table) {
        Map<String, List<SubflowRecord>> bySession = new TreeMap<>();
        table.forEach((key, value) -> {
            SubflowRecord r;
            try {
                r = parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("under key " + key + ": " + e.getMessage(), e);
            }
            bySession.computeIfAbsent(r.session(), k -> new ArrayList<>()).add(r);
        });
        List<Session> sessions = new ArrayList<>();
        bySession.forEach((id, records) -> {
            List<Session.Member> members = records.stream().map(r -> new Session.Member(r.subflow(), 0, 0))
                    .sorted(Comparator.comparing(Session.Member::id)).toList();
            SubflowRecord first = records.get(0);
            sessions.add(new Session(id, first.token(), members, first.confidence(), first.evidence(), 0, 0));
        });
        return new AssociationResult(atMicros, sessions, List.of(), List.of());
    }
}
