package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The outcome of one association run. */
public record AssociationResult(long atMicros, List<Session> sessions, List<PairDecision> pairs,
                                List<Conflict> conflicts) {

    /** The partition of subflows into sessions, without ids or evidence: what two runs must agree on. */
    public Set<Set<SubflowId>> groups() {
        return sessions.stream()
                .map(s -> s.subflows().stream().map(Session.Member::id).collect(Collectors.toUnmodifiableSet()))
                .collect(Collectors.toUnmodifiableSet());
    }
}
