package dev.sampo.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link Topics#MIGRATIONS} value, schema {@link Schemas#MIGRATION_V1}: one step in the life of
 * a session's migration plan, keyed by the session id (so a session's steps stay in order), or, for
 * {@link Status#NO_SOLUTION}, by the overloaded instance.
 *
 * @param round the planning round that made the plan
 * @param order the plan's position in its round: plans run in this order
 * @param session the session that moves; null for {@link Status#NO_SOLUTION}
 * @param subflows every subflow of the session: they move together
 * @param from the instance that holds the session (for {@link Status#NO_SOLUTION}: the overloaded one)
 * @param to the instance that takes it; null for {@link Status#NO_SOLUTION}
 * @param reason {@code REBALANCE}, {@code SCALE_OUT} or {@code SCALE_IN}; null for {@link Status#NO_SOLUTION}
 * @param protocol how the NFs move the state ({@code weak-o}, {@code sharp}, {@code reprocess}, {@code buffer})
 * @param ratePps the session's estimated rate (for {@link Status#NO_SOLUTION}: the volume that had to move)
 * @param detail why, for {@link Status#ABORTED} and {@link Status#NO_SOLUTION}; otherwise null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"round", "order", "session", "subflows", "from", "to", "reason", "protocol", "rate_pps", "status",
        "detail"})
public record MigrationRecord(long round, int order, String session, List<String> subflows, String from, String to,
        String reason, String protocol, @JsonProperty("rate_pps") double ratePps, Status status, String detail) {

    /** Where a plan stands. */
    public enum Status {
        /** Decided; waits for its destination when that is an instance to spawn. */
        PLANNED,
        /** The steering table sends every subflow of the session to the destination now. */
        MOVED,
        /** The destination reported load after the move: the migration is over. */
        DONE,
        /** Given up; {@code detail} says why and where the session is, whole. */
        ABORTED,
        /** The instance is overloaded and no set of whole sessions fits anywhere. */
        NO_SOLUTION;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public MigrationRecord {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(status, "status");
        subflows = List.copyOf(Objects.requireNonNull(subflows, "subflows"));
    }

    /** The same plan at another step. */
    public MigrationRecord with(Status next, String why) {
        return new MigrationRecord(round, order, session, subflows, from, to, reason, protocol, ratePps, next, why);
    }

    /** The Kafka key: the session, or the overloaded instance of a {@link Status#NO_SOLUTION}. */
    public String key() {
        return session != null ? session : from;
    }

    /** @throws IllegalArgumentException for a value that is not migration.v1 JSON */
    public static MigrationRecord parse(String json) {
        return OutputJson.read(json, MigrationRecord.class, Schemas.MIGRATION_V1);
    }

    public String toJson() {
        return OutputJson.write(this);
    }
}
