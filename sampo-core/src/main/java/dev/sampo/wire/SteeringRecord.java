package dev.sampo.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sampo.flow.SubflowId;
import dev.sampo.steering.Decision;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link Topics#STEERING} value, schema {@link Schemas#STEERING_V1}: the NF instance a subflow
 * goes to, for its session. The record's key is {@link #subflow}; a tombstone when it ends.
 *
 * @param action {@code place}, or {@code move} when it leaves {@code from} for {@code instance}
 * @param from the instance it leaves on a {@code move}, otherwise null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"subflow", "session", "instance", "action", "from"})
public record SteeringRecord(SubflowId subflow, String session, String instance, String action, String from) {

    public SteeringRecord {
        Objects.requireNonNull(subflow, "subflow");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(action, "action");
    }

    /** @throws IllegalArgumentException for a {@link Decision.Action#REMOVE}, which is a tombstone */
    public static SteeringRecord of(Decision d) {
        if (d.action() == Decision.Action.REMOVE) {
            throw new IllegalArgumentException("a removal is a tombstone, not a value: " + d);
        }
        return new SteeringRecord(d.subflow(), d.session(), d.instance(), d.action().name().toLowerCase(Locale.ROOT),
                d.from());
    }

    /** @throws IllegalArgumentException for a value that is not steering.v1 JSON */
    public static SteeringRecord parse(String json) {
        return OutputJson.read(json, SteeringRecord.class, Schemas.STEERING_V1);
    }

    public String toJson() {
        return OutputJson.write(this);
    }
}
