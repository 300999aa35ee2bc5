package dev.sampo.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sampo.association.Evidence;
import dev.sampo.flow.SubflowId;
import java.util.Objects;

/**
 * A {@link Topics#DIRECTIVES} value, schema {@link Schemas#DIRECTIVE_V1}: an IDS decision carried to
 * one subflow of the session it convicted. The record's key is {@link #subflow}.
 *
 * @param action {@code block} or {@code alert}
 * @param session the session, as association names it
 * @param token the session's token in hex (what its MP_JOIN SYNs carry, so an enforcement point can
 *     refuse future joins), or null when no key or MP_JOIN was sampled
 * @param sid the signature that fired
 * @param cause the 5-tuple of the alert itself
 * @param confidence the session's weakest link Φ when the directive was made
 * @param evidence what groups the session
 * @param trigger {@code alert} (the subflows the session had at the alert) or {@code join} (a
 *     subflow associated with it later, while the decision lived)
 * @param atMicros when the directive was made (the alert's time, or the association's)
 * @param expiresMicros when the decision stops covering subflows that join
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"action", "subflow", "session", "token", "sid", "cause", "confidence", "evidence", "trigger",
    "at_us", "expires_us"})
public record DirectiveRecord(
        String action,
        SubflowId subflow,
        String session,
        String token,
        long sid,
        Cause cause,
        double confidence,
        Evidence evidence,
        String trigger,
        @JsonProperty("at_us") long atMicros,
        @JsonProperty("expires_us") long expiresMicros) {

    public static final String BLOCK = "block";
    public static final String ALERT = "alert";

    /** The alert's own 5-tuple, as the IDS reported it (EVE's field names). */
    @JsonPropertyOrder({"src_ip", "src_port", "dest_ip", "dest_port", "proto"})
    public record Cause(@JsonProperty("src_ip") String srcIp, @JsonProperty("src_port") int srcPort,
                        @JsonProperty("dest_ip") String destIp, @JsonProperty("dest_port") int destPort,
                        String proto) {
    }

    public DirectiveRecord {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subflow, "subflow");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(trigger, "trigger");
    }

    /** @throws IllegalArgumentException for a value that is not directive.v1 JSON, or a tombstone */
    public static DirectiveRecord parse(String json) {
        return OutputJson.read(json, DirectiveRecord.class, Schemas.DIRECTIVE_V1);
    }

    public String toJson() {
        return OutputJson.write(this);
    }
}
