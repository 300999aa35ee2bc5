package dev.sampo.migration.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One session's load where it runs now: the unit the planner moves. The rate is an estimate from
 * sampled packets, already scaled by the inverse sampling rate 1/ϱ.
 *
 * @param session the session id (as in {@code sampo.sessions})
 * @param instance the NF instance that holds the session's state
 * @param subflows every subflow id of the session: a plan moves all of them or none
 * @param ratePps the session's packets per second, summed over its subflows
 */
public record SessionLoad(String session, String instance, List<String> subflows,
        @JsonProperty("rate_pps") double ratePps) {
    public SessionLoad {
        if (session == null || instance == null || subflows == null || subflows.isEmpty()) {
            throw new IllegalArgumentException("session load " + session + ": needs an instance and ≥ 1 subflow");
        }
        if (!(ratePps >= 0)) {
            throw new IllegalArgumentException("session load " + session + ": rate must be ≥ 0, got " + ratePps);
        }
        subflows = List.copyOf(subflows);
    }
}
