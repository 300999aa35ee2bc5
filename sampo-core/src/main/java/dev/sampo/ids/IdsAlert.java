package dev.sampo.ids;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.sampo.flow.SubflowId;
import dev.sampo.mptcp.UnsignedLongDeserializer;
import dev.sampo.mptcp.UnsignedLongSerializer;
import java.math.BigDecimal;
import java.util.List;

/**
 * One rule match, as {@code ./sampo ids} prints it and the job's IDS stage writes it to
 * {@code sampo.alerts} (schema {@code alert.v1}).
 *
 * @param session the MPTCP session, or null for a plain TCP connection
 * @param subflows canonical ids of the subflows whose bytes the match spans
 * @param direction {@code client_to_server} or {@code server_to_client}, from the subflows' SYNs
 * @param dsn where the match starts: the data sequence number, or the subflow sequence number
 *     when the stream is one TCP connection's ({@code --per-subflow}, plain TCP)
 * @param ts seconds (µs precision), the capture time of the segment that completed the match
 */
@JsonPropertyOrder({"sid", "rev", "msg", "action", "session", "subflows", "direction", "dsn", "ts"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record IdsAlert(long sid, int rev, String msg, String action, String session, List<SubflowId> subflows,
                       String direction, @JsonSerialize(using = UnsignedLongSerializer.class)
                       @JsonDeserialize(using = UnsignedLongDeserializer.class) long dsn,
                       BigDecimal ts) {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    /** The JSON {@code ./sampo ids} prints, one line. */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + this + " as JSON", e);
        }
    }

    /** @throws IllegalArgumentException for a value that is not an alert's JSON */
    public static IdsAlert parse(String json) {
        try {
            return MAPPER.readValue(json, IdsAlert.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an alert.v1 value (" + e.getOriginalMessage() + "): " + json, e);
        }
    }

    /** The capture time in µs. */
    public long tsMicros() {
        return ts.movePointRight(6).longValueExact();
    }
}
