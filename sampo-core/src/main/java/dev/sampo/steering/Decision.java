package dev.sampo.steering;

import dev.sampo.flow.SubflowId;

/**
 * A change to the steering table: where a subflow's packets go from now on.
 *
 * @param instance the instance, or null for {@link Action#REMOVE}
 * @param from the instance it leaves, for {@link Action#MOVE}; otherwise null
 */
public record Decision(SubflowId subflow, String session, String instance, Action action, String from) {
    public enum Action {
        /** First placement, or the same instance under another session id. */
        PLACE,
        /** The subflow leaves {@code from} for {@code instance}: it joined a session placed elsewhere, or its instance left. */
        MOVE,
        /** The subflow ended; unknown subflows go to their 5-tuple hash. */
        REMOVE
    }
}
