package dev.sampo.ids;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * One Suricata EVE {@code alert} record, the fields directives use: the time, the 5-tuple, the
 * signature, its severity and what the IDS did ({@code alert.action}: allowed or blocked); every
 * other field is accepted and ignored.
 *
 * @param severity Suricata's 1 (highest) to 4; 3 when absent
 * @param blocked {@code alert.action} is "blocked" (a drop rule in IPS mode)
 * @param flowId Suricata's flow id, 0 when absent
 */
public record EveAlert(long tsMicros, IpAddress srcIp, int srcPort, IpAddress destIp, int destPort, String proto,
                       long signatureId, int severity, boolean blocked, long flowId) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Suricata writes {@code 2026-12-02T03:26:05.123456+0000}: an offset without a colon. */
    private static final DateTimeFormatter EVE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendOffset("+HHMM", "Z")
            .toFormatter();

    /** The subflow the alert names. */
    public SubflowId subflow() {
        return SubflowId.of(srcIp, srcPort, destIp, destPort);
    }

    /**
     * Reads one EVE line; null when it is a valid record of another event type (flow, stats, …).
     *
     * @throws IllegalArgumentException naming the field, for a line that is not an EVE alert
     */
    public static EveAlert parse(String line) {
        JsonNode n;
        try {
            n = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!"alert".equals(n.path("event_type").asText(null))) {
            if (!n.path("event_type").isTextual()) {
                throw new IllegalArgumentException("no event_type");
            }
            return null;
        }
        JsonNode alert = n.path("alert");
        if (!alert.isObject()) {
            throw new IllegalArgumentException("event_type alert without an alert object");
        }
        return new EveAlert(time(n), address(n, "src_ip"), port(n, "src_port"), address(n, "dest_ip"),
                port(n, "dest_port"), n.path("proto").asText("TCP"), number(alert, "signature_id", true),
                (int) (alert.has("severity") ? number(alert, "severity", false) : 3),
                "blocked".equals(alert.path("action").asText()), n.has("flow_id") ? number(n, "flow_id", false) : 0);
    }

    private static long time(JsonNode n) {
        String text = n.path("timestamp").asText(null);
        if (text == null) {
            throw new IllegalArgumentException("no timestamp");
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(text, EVE_TIME);
            return t.toEpochSecond() * 1_000_000 + t.getNano() / 1000;
        } catch (DateTimeParseException e) {
            try {
                OffsetDateTime t = OffsetDateTime.parse(text);
                return t.toEpochSecond() * 1_000_000 + t.getNano() / 1000;
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("timestamp '" + text + "' is not ISO 8601");
            }
        }
    }

    private static IpAddress address(JsonNode n, String field) {
        String text = n.path(field).asText(null);
        if (text == null) {
            throw new IllegalArgumentException("no " + field);
        }
        try {
            return IpAddress.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + " '" + text + "' is not an IP address");
        }
    }

    private static int port(JsonNode n, String field) {
        long p = number(n, field, true);
        if (p > 65535) {
            throw new IllegalArgumentException(field + " " + p + " is not a port");
        }
        return (int) p;
    }

    private static long number(JsonNode n, String field, boolean required) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() && !required) {
            return 0;
        }
        if (!v.isIntegralNumber() || v.asLong() < 0) {
            throw new IllegalArgumentException(field + " " + (v.isMissingNode() ? "missing" : "'" + v.asText()
                    + "' is not a non-negative integer"));
        }
        return v.asLong();
    }
}
