package dev.sampo.steering;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an NF instance says about itself on {@code nf.load}, as JSON:
 * {@code {"instance":"nf-1","capacity":20000,"packet_rate":8300.5,"queue_depth":12}}, or
 * {@code {"instance":"nf-1","leave":true}} when it goes away.
 *
 * @param capacity packets per second it can process (0 for a leave)
 * @param packetRate packets per second it is processing now
 * @param queueDepth packets waiting in its queue
 */
public record LoadReport(String instance, double capacity, double packetRate, long queueDepth, boolean leave) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static LoadReport leave(String instance) {
        return new LoadReport(instance, 0, 0, 0, true);
    }

    /** The load an instance carries, in packets per second: queued packets count as work due within a second. */
    public double load() {
        return packetRate + queueDepth;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong, for anything but the two forms above
     *     (a capacity of 0 parses: whether to accept it is {@link Steering}'s call)
     */
    public static LoadReport parse(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode id = n.get("instance");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new IllegalArgumentException("no \"instance\" string");
        }
        if (n.path("leave").asBoolean(false)) {
            return leave(id.asText());
        }
        double capacity = number(n, "capacity");
        double rate = number(n, "packet_rate");
        double queue = number(n, "queue_depth");
        if (queue != Math.rint(queue)) {
            throw new IllegalArgumentException("\"queue_depth\" must be a whole number, not " + queue);
        }
        return new LoadReport(id.asText(), capacity, rate, (long) queue, false);
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
            throw new IllegalArgumentException("\"" + field + "\" must be a number ≥ 0, not " + v);
        }
        return v.asDouble();
    }
}
