package dev.sampo.association;

import java.util.List;

/** The outcome of one association run. */
public record AssociationResult(long atMicros, List<Session> sessions, List<PairDecision> pairs,
                                List<Conflict> conflicts) {
}
