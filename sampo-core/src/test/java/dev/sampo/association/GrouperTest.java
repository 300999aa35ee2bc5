package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrouperTest {
    private final Associator associator = new Associator(AssociationConfig.DEFAULTS);

    private static SubflowEvidence withToken(int client, long token) {
        SubflowEvidence s = new SubflowEvidence(SyntheticSessions.subflow(client, 0, 40000 + client), 4);
        s.addToken(token);
        s.responderToken = token;
        s.firstSeen = client;
        return s;
    }

    @Test
    void tokenLinksAreAuthoritativeAndTransitive() {
        SubflowEvidence a = withToken(1, 7);
        SubflowEvidence b = withToken(2, 7);
        SubflowEvidence c = withToken(3, 9);
        AssociationResult r = associator.group(0, List.of(a, b, c), List.of());
        assertEquals(2, r.sessions().size());
        Session s = r.sessions().get(0);
        assertEquals(2, s.subflows().size());
        assertEquals("00000007", s.token());
        assertEquals(1.0, s.confidence());
        assertEquals(Evidence.TOKEN, s.evidence());
    }

    @Test
    void confidenceIsTheWeakestLinkAndDistinctInsideAGroupIsAConflict() {
        SubflowEvidence a = withToken(1, 7);
        SubflowEvidence b = withToken(2, 8);
        SubflowEvidence c = withToken(3, 9);
        List<PairDecision> pairs = List.of(
                new PairDecision(a.id, b.id, PairDecision.Verdict.SAME, 0.99995, 0, Evidence.DSN, 64, false),
                new PairDecision(b.id, c.id, PairDecision.Verdict.SAME, 0.99999, 0, Evidence.DSN, 64, false),
                new PairDecision(a.id, c.id, PairDecision.Verdict.DISTINCT, 0, 0.995, Evidence.DSN, 64, false));
        AssociationResult r = associator.group(0, List.of(a, b, c), pairs);
        assertEquals(1, r.sessions().size());
        assertEquals(0.99995, r.sessions().get(0).confidence(), 1e-12);
        assertEquals(Evidence.DSN, r.sessions().get(0).evidence(), "no two members share a token");
        assertEquals(3, r.conflicts().size(), "one DSN-distinct pair and two token disagreements");
        assertEquals(1, r.conflicts().stream().filter(c2 -> c2.reason().equals("dsn-distinct")).count());
    }

    @Test
    void sessionIdsAreStableFunctionsOfTheLowestSubflow() {
        SubflowEvidence a = withToken(1, 7);
        SubflowEvidence b = withToken(2, 7);
        String id1 = associator.group(0, List.of(a, b), List.of()).sessions().get(0).id();
        String id2 = associator.group(5, List.of(b, a), List.of()).sessions().get(0).id();
        assertEquals(id1, id2);
        assertEquals(Session.idOf(a.id.compareTo(b.id) < 0 ? a.id : b.id), id1);
    }
}
