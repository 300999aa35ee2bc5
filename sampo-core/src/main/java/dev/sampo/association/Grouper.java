package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Groups subflows into sessions: union-find over token links (Φ = 1, authoritative) and confident
 * DSN pairs, strongest first, so each group's confidence is the weakest link of a maximum
 * spanning forest. Distinct evidence inside a group is reported, not silently dropped.
 */
final class Grouper {
    /** The order of sessions in a result: by first sighting, then id. */
    static final Comparator<Session> SESSION_ORDER =
            Comparator.comparingLong(Session::firstSeenMicros).thenComparing(Session::id);

    /** The reason of a conflict between two different passive-opener tokens in one session. */
    static final String TOKEN_DISTINCT = "token-distinct";

    /** A link between the subflows at places a and b of a grouping's list: a shared token (Φ = 1) or a SAME pair. */
    record Edge(int a, int b, double phi, boolean token) {
    }

    private Grouper() {
    }

    static AssociationResult group(long now, List<SubflowEvidence> states, List<PairDecision> pairs,
                                   Map<SubflowId, Integer> index) {
        List<SubflowSummary> summaries = new ArrayList<>(states.size());
        states.forEach(s -> summaries.add(SubflowSummary.of(s)));
        List<Session> sessions = sessions(summaries, pairs, index);
        Map<SubflowId, Session> sessionOf = new HashMap<>();
        for (Session s : sessions) {
            s.subflows().forEach(m -> sessionOf.put(m.id(), s));
        }
        return new AssociationResult(now, sessions, pairs, conflicts(states, pairs, sessionOf::get));
    }

    /**
     * The sessions of these subflows, in {@link #SESSION_ORDER}, from their token links and the
     * pairs' verdicts; grouping needs no more of a subflow than its summary.
     *
     * @param index the position of each subflow in {@code states}, which pairs must only name
     */
    static List<Session> sessions(List<SubflowSummary> states, List<PairDecision> pairs, Map<SubflowId, Integer> index) {
        List<Edge> same = new ArrayList<>();
        for (PairDecision p : pairs) {
            if (p.verdict() == PairDecision.Verdict.SAME) {
                same.add(new Edge(index.get(p.a()), index.get(p.b()), p.phi(), false));
            }
        }
        return sessions(states, same);
    }

    /**
     * The sessions of these subflows, in {@link #SESSION_ORDER}, from their token links and the
     * SAME pairs' links {@code same} (by place in {@code states}), a list this adds the token links to.
     */
    static List<Session> sessions(List<SubflowSummary> states, List<Edge> same) {
        List<Edge> edges = same;
        Map<Long, Integer> tokenOwner = new HashMap<>();
        for (int i = 0; i < states.size(); i++) {
            for (long token : states.get(i).tokens()) {
                Integer owner = tokenOwner.putIfAbsent(token, i);
                if (owner != null) {
                    edges.add(new Edge(owner, i, 1.0, true));
                }
            }
        }
        edges.sort(Comparator.comparingDouble((Edge e) -> -e.phi).thenComparing(e -> !e.token));

        int n = states.size();
        UnionFind uf = new UnionFind(n);
        double[] weakest = new double[n];
        java.util.Arrays.fill(weakest, 1.0);
        boolean[] byToken = new boolean[n];
        boolean[] byDsn = new boolean[n];
        List<Edge> used = new ArrayList<>();
        for (Edge e : edges) {
            if (uf.union(e.a, e.b)) {
                used.add(e);
            }
        }
        for (Edge e : edges) {
            int root = uf.find(e.a);
            if (e.token) {
                byToken[root] = true;
            } else {
                byDsn[root] = true;
            }
        }
        for (Edge e : used) {
            int root = uf.find(e.a);
            weakest[root] = Math.min(weakest[root], e.phi);
        }

        Map<Integer, List<Integer>> members = new HashMap<>();
        for (int i = 0; i < n; i++) {
            members.computeIfAbsent(uf.find(i), r -> new ArrayList<>()).add(i);
        }
        List<Session> sessions = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> g : members.entrySet()) {
            int root = g.getKey();
            sessions.add(session(states, g.getValue(), weakest[root], byToken[root], byDsn[root]));
        }
        sessions.sort(SESSION_ORDER);
        return sessions;
    }

    private static Session session(List<SubflowSummary> states, List<Integer> group, double weakest,
                                   boolean byToken, boolean byDsn) {
        List<Session.Member> subflows = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        Map<Long, Integer> votes = new HashMap<>();
        boolean anyToken = false;
        for (int i : group) {
            SubflowSummary s = states.get(i);
            subflows.add(new Session.Member(s.id(), s.packets(), s.payloadBytes()));
            first = Math.min(first, s.firstSeen());
            last = Math.max(last, s.lastSeen());
            if (s.responderToken() >= 0) {
                votes.merge(s.responderToken(), 1, Integer::sum);
            }
            anyToken |= s.tokens().length > 0;
        }
        subflows.sort(Comparator.comparing(Session.Member::id));
        String token = votes.entrySet().stream()
                .max(Map.Entry.<Long, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(e -> String.format("%08x", e.getKey()))
                .orElse(null);
        Evidence evidence;
        if (byToken && byDsn) {
            evidence = Evidence.TOKEN_AND_DSN;
        } else if (byToken) {
            evidence = Evidence.TOKEN;
        } else if (byDsn) {
            evidence = Evidence.DSN;
        } else {
            evidence = anyToken ? Evidence.TOKEN : Evidence.NONE;
        }
        return new Session(Session.idOf(subflows.get(0).id()), token, List.copyOf(subflows), weakest, evidence,
                first, last);
    }

    /**
     * Distinct evidence inside sessions, in pair order then subflow order.
     *
     * @param states sorted by id
     * @param sessionOf the session of each subflow in {@code states}
     */
    static List<Conflict> conflicts(List<SubflowEvidence> states, List<PairDecision> pairs,
                                    Function<SubflowId, Session> sessionOf) {
        List<Conflict> out = new ArrayList<>();
        for (PairDecision p : pairs) {
            Session session = sessionOf.apply(p.a());
            if (p.verdict() == PairDecision.Verdict.DISTINCT && session == sessionOf.apply(p.b())) {
                out.add(new Conflict(session.id(), p.a(), p.b(), "dsn-distinct", p.phiDistinct()));
            }
        }
        // Two known, different passive-opener tokens in one group: the group joins two sessions.
        Map<Session, SubflowEvidence> tokenHolder = new IdentityHashMap<>();
        for (SubflowEvidence s : states) {
            if (s.responderToken < 0) {
                continue;
            }
            Session session = sessionOf.apply(s.id);
            SubflowEvidence other = tokenHolder.putIfAbsent(session, s);
            if (other != null && other.responderToken != s.responderToken) {
                out.add(new Conflict(session.id(), other.id, s.id, TOKEN_DISTINCT, 1.0));
            }
        }
        return out;
    }
}
