package dev.sampo.nf.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sampo.migration.nf.Packet;
import dev.sampo.migration.nf.SessionState;

/**
 * What an NF instance writes to {@code PREFIX.out}: one record per packet it applied, in the order
 * it applied them, then, on FINISH, one {@code FINAL} per session it holds and a {@code DONE}.
 *
 * @param output false for a reprocessing replay (output suppressed) or a Weak-O update
 * @param hadCriticalState false when the subflow's mapping was missing
 * @param atMicros wall-clock time it was applied (one clock: the instances share the host)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Output(Kind kind, String instance, int session, Packet packet, boolean output, boolean hadCriticalState,
        long atMicros, SessionState.Snapshot state) {
    public enum Kind { APPLIED, FINAL, DONE }
}
