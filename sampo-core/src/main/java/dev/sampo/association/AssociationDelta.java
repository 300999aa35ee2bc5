package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.List;

/**
 * What one period changed, in proportion to the change rather than to the live subflows: a
 * consumer that applies every period's delta in order to a table of sessions by id (remove the
 * ended ones, put the regrouped ones) holds the engine's whole table ({@link AssociationEngine#result}).
 *
 * @param sessions the sessions regrouped this period (new, or holding a subflow whose evidence,
 *     decisions or neighbours changed), in {@link Grouper#SESSION_ORDER}; every other session is as it was
 * @param endedSessions ids of sessions of the previous period that no longer exist (merged, split
 *     under another id, or all their subflows gone)
 * @param pairs the decisions made this period: every candidate pair with a subflow that changed, by
 *     changed subflow, then partner by id (not sorted as a whole: at scale that sort cost as much
 *     as the rest of the grouping; {@link AssociationEngine#result} has them in order)
 * @param conflicts distinct evidence inside the regrouped sessions
 * @param removedSubflows subflows that left this period (idle, or evicted past the cap)
 */
public record AssociationDelta(long atMicros, List<Session> sessions, List<String> endedSessions,
                               List<PairDecision> pairs, List<Conflict> conflicts, List<SubflowId> removedSubflows) {
}
