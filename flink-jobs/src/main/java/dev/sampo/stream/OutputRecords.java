package dev.sampo.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sampo.association.AssociationResult;
import dev.sampo.association.PairDecision;
import dev.sampo.association.Session;
import dev.sampo.flow.SubflowId;
import dev.sampo.steering.Decision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON values of the output topics, version 1 of each (the {@code sampo.schema} header says
 * which): {@code session.v1} is {@link Session}'s JSON, {@code subflow.v1} a {@link SubflowRecord},
 * {@code pair.v1} a {@link PairDecision} with the time it was made.
 */
public final class OutputRecords {
    static final ObjectMapper MAPPER = new ObjectMapper();
    public static final String SESSION_V1 = "session.v1";
    public static final String SUBFLOW_V1 = "subflow.v1";
    public static final String PAIR_V1 = "pair.v1";
    public static final String STEERING_V1 = "steering.v1";

    private OutputRecords() {
    }

    /** A {@code sampo.subflows} value: which session a subflow belongs to, and how sure that is. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"subflow", "session", "token", "confidence", "evidence", "session_subflows"})
    public record SubflowRecord(
            String subflow,
            String session,
            String token,
            double confidence,
            String evidence,
            @JsonProperty("session_subflows") int sessionSubflows) {
    }

    /**
     * A {@code sampo.steering} value: the instance a subflow goes to, for its session; {@code from}
     * is the instance it leaves when {@code action} is {@code move}.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"subflow", "session", "instance", "action", "from"})
    public record SteeringRecord(String subflow, String session, String instance, String action, String from) {
    }

    static String steering(Decision d) throws JsonProcessingException {
        return MAPPER.writeValueAsString(new SteeringRecord(d.subflow().toString(), d.session(), d.instance(),
                d.action().name().toLowerCase(java.util.Locale.ROOT), d.from()));
    }

    /**
     * A {@code sampo.sessions} value read back: id and members with their sampled packets.
     *
     * @throws IllegalArgumentException for a value that is not session.v1 JSON
     */
    static Session sessionOf(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            List<Session.Member> members = new ArrayList<>();
            for (JsonNode m : n.path("subflows")) {
                members.add(new Session.Member(SubflowId.parse(m.path("a").asText() + "-" + m.path("b").asText()),
                        m.path("packets").asLong(), m.path("bytes").asLong()));
            }
            if (!n.path("session").isTextual() || members.isEmpty()) {
                throw new IllegalArgumentException("no session id or no subflows");
            }
            return new Session(n.get("session").asText(), n.path("token").textValue(), members,
                    n.path("confidence").asDouble(), n.path("evidence").asText(), n.path("first_seen_us").asLong(),
                    n.path("last_seen_us").asLong());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a session.v1 value: " + json, e);
        }
    }

    static String session(Session s) throws JsonProcessingException {
        return MAPPER.writeValueAsString(s);
    }

    static String subflow(Session s, Session.Member m) throws JsonProcessingException {
        return MAPPER.writeValueAsString(new SubflowRecord(m.id().toString(), s.id(), s.token(), s.confidence(),
                s.evidence(), s.subflows().size()));
    }

    static String pair(PairDecision d, long atMicros) {
        ObjectNode node = MAPPER.valueToTree(d);
        node.put("at_us", atMicros);
        return node.toString();
    }

    /**
     * The sessions a {@code sampo.subflows} table describes (subflow id → subflow.v1 JSON), as an
     * association result: what evaluation and comparisons with the offline engine take.
     *
     * @throws IllegalArgumentException for a value that is not subflow.v1 JSON
     */
    public static AssociationResult resultOf(long atMicros, Map<String, String> subflowsTable) {
        Map<String, List<SubflowRecord>> bySession = new TreeMap<>();
        subflowsTable.forEach((key, value) -> {
            try {
                SubflowRecord r = MAPPER.readValue(value, SubflowRecord.class);
                bySession.computeIfAbsent(r.session(), k -> new ArrayList<>()).add(r);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not a subflow.v1 value under " + key + ": " + value, e);
            }
        });
        List<Session> sessions = new ArrayList<>();
        bySession.forEach((id, records) -> {
            List<Session.Member> members = records.stream()
                    .map(r -> new Session.Member(SubflowId.parse(r.subflow()), 0, 0)).sorted(
                            Comparator.comparing(Session.Member::id)).toList();
            SubflowRecord first = records.get(0);
            sessions.add(new Session(id, first.token(), members, first.confidence(), first.evidence(), 0, 0));
        });
        return new AssociationResult(atMicros, sessions, List.of(), List.of());
    }
}
