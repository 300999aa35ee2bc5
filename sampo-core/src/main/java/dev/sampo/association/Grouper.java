package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
    /** The order of sessions in a result: by first sighting, then id (written out: a period sorts thousands). */
    static final Comparator<Session> SESSION_ORDER = (x, y) -> {
        int c = Long.compare(x.firstSeenMicros(), y.firstSeenMicros());
        return c != 0 ? c : x.id().compareTo(y.id());
    };

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
        edges.sort(STRONGEST_FIRST);

        int n = states.size();
        UnionFind uf = new UnionFind(n);
        double[] weakest = new double[n];
        Arrays.fill(weakest, 1.0);
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

        List<List<SubflowSummary>> members = new ArrayList<>(Collections.nCopies(n, null));
        for (int i = 0; i < n; i++) {
            int root = uf.find(i);
            if (members.get(root) == null) {
                members.set(root, new ArrayList<>(1));
            }
            members.get(root).add(states.get(i));
        }
        List<Session> sessions = new ArrayList<>();
        for (int root = 0; root < n; root++) {
            List<SubflowSummary> group = members.get(root);
            if (group != null) {
                group.sort(BY_ID);
                sessions.add(session(group, Session.idOf(group.get(0).id()), weakest[root], byToken[root], byDsn[root]));
            }
        }
        sessions.sort(SESSION_ORDER);
        return sessions;
    }

    /**
     * The session of subflows that are one connected group, as {@link #sessions(List, List)} makes
     * it, but named {@code id}: a grouping that held the group's lowest subflow as lowest before
     * has its id at hand.
     *
     * @param members sorted by id
     * @param edges every link inside the group, token and SAME, by place in {@code members}
     * @throws IllegalStateException if the links do not connect the group
     */
    static Session connected(List<SubflowSummary> members, List<Edge> edges, String id) {
        edges.sort(STRONGEST_FIRST);
        UnionFind uf = new UnionFind(members.size());
        double weakest = 1.0;
        int parts = members.size();
        boolean byToken = false;
        boolean byDsn = false;
        for (Edge e : edges) {
            if (uf.union(e.a, e.b)) {
                weakest = Math.min(weakest, e.phi);
                parts--;
            }
            byToken |= e.token;
            byDsn |= !e.token;
        }
        if (parts != 1) {
            throw new IllegalStateException("a connected group made " + parts + " sessions");
        }
        return session(members, id, weakest, byToken, byDsn);
    }

    /** Strongest links first, a token before a pair of the same Φ: Kruskal's order for a maximum spanning forest. */
    private static final Comparator<Edge> STRONGEST_FIRST =
            Comparator.comparingDouble((Edge e) -> -e.phi).thenComparing(e -> !e.token);

    private static final Comparator<SubflowSummary> BY_ID = (x, y) -> x.id().compareTo(y.id());

    /** @param group sorted by id */
    private static Session session(List<SubflowSummary> group, String id, double weakest, boolean byToken,
                                   boolean byDsn) {
        Evidence evidence;
        if (byToken && byDsn) {
            evidence = Evidence.TOKEN_AND_DSN;
        } else if (byToken) {
            evidence = Evidence.TOKEN;
        } else if (byDsn) {
            evidence = Evidence.DSN;
        } else {
            boolean anyToken = false;
            for (SubflowSummary s : group) {
                anyToken |= s.tokens().length > 0;
            }
            evidence = anyToken ? Evidence.TOKEN : Evidence.NONE;
        }
        return session(group, id, weakest, evidence);
    }

    /**
     * A session of these subflows, linked as they were when it was made with this id, confidence
     * and evidence: its figures are the summaries'. A grouping that keeps those three of a session
     * makes it again so, without its links.
     *
     * @param group sorted by id
     */
    static Session session(List<SubflowSummary> group, String id, double weakest, Evidence evidence) {
        Session.Member[] subflows = new Session.Member[group.size()];
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long[] votes = null;
        int voters = 0;
        for (int i = 0; i < subflows.length; i++) {
            SubflowSummary s = group.get(i);
            subflows[i] = new Session.Member(s.id(), s.packets(), s.payloadBytes());
            first = Math.min(first, s.firstSeen());
            last = Math.max(last, s.lastSeen());
            if (s.responderToken() >= 0) {
                if (votes == null) {
                    votes = new long[subflows.length];
                }
                votes[voters++] = s.responderToken();
            }
        }
        String token = voters == 0 ? null : hex8(mostVoted(votes, voters));
        return new Session(id, token, List.of(subflows), weakest, evidence, first, last);
    }

    /** The token most of the first {@code n} votes name, the lowest of those tied. */
    private static long mostVoted(long[] votes, int n) {
        Arrays.sort(votes, 0, n);
        long best = votes[0];
        int bestCount = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && votes[j] == votes[i]) {
                j++;
            }
            if (j - i > bestCount) {
                best = votes[i];
                bestCount = j - i;
            }
            i = j;
        }
        return best;
    }

    /** {@code String.format("%08x", token)}, which parsed its format for every regrouped session. */
    private static String hex8(long token) {
        String hex = Long.toHexString(token);
        return hex.length() >= 8 ? hex : "0".repeat(8 - hex.length()) + hex;
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
