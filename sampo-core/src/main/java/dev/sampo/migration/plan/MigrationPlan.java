package dev.sampo.migration.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One session to move: all of its subflows, from one instance to another. This is the record a
 * controller executes (and, later, what {@code sampo.migrations} carries as JSON).
 *
 * @param order position in the round: plans run in this order
 * @param session the session id
 * @param subflows every subflow of the session; they switch together
 * @param from the instance that holds the session now
 * @param to the instance that takes it
 * @param reason why it moves
 * @param protocol how it moves
 * @param ratePps the session's estimated rate, which the decision counted
 */
@JsonPropertyOrder({"order", "session", "subflows", "from", "to", "reason", "protocol", "rate_pps"})
public record MigrationPlan(int order, String session, List<String> subflows, String from, String to,
        MigrationReason reason, MigrationProtocol protocol, @JsonProperty("rate_pps") double ratePps) {
    public MigrationPlan {
        if (from.equals(to)) {
            throw new IllegalArgumentException("plan for session " + session + " moves it onto itself (" + from + ")");
        }
        subflows = List.copyOf(subflows);
    }
}
