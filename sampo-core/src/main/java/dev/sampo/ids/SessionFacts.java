package dev.sampo.ids;

import dev.sampo.association.Evidence;
import dev.sampo.association.Session;
import dev.sampo.flow.SubflowId;
import java.util.List;

/**
 * What directives need of a session, whoever grouped it (offline association, or a session
 * directory fed by the streaming job).
 *
 * @param token 8 hex digits, or null
 * @param confidence the weakest link Φ
 */
public record SessionFacts(String id, String token, List<SubflowId> subflows, double confidence,
                           Evidence evidence) {
    public SessionFacts {
        subflows = List.copyOf(subflows);
    }

    public static SessionFacts of(Session s) {
        return new SessionFacts(s.id(), s.token(), s.subflows().stream().map(Session.Member::id).toList(),
                s.confidence(), s.evidence());
    }
}
