package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grouping from one period to the next for a stage that judges no pair itself: it is told the
 * subflows whose evidence changed (as {@link SubflowSummary summaries}, no DSN evidence), those
 * that left, and the decisions renewed for the candidate pairs with a changed subflow (every
 * such pair that is still a candidate: a stream processor's DSN buckets decide them). Every
 * earlier decision naming a changed or departed subflow is stale and dropped; the others stand.
 * Then, as in {@link IncrementalAssociation}, only the sessions the period reached are regrouped,
 * each whole and one connected group at a time, so the sessions are those of one grouping over
 * all live subflows and decisions.
 *
 * <p>It holds each live subflow's summary, its session, and its standing decisions as {@link Link
 * links} shared with the partner, without a copy of the decision's ids: a period looks up each
 * id it is told once, then walks from a subflow to its partners and its session by reference,
 * and drops a decision from both ends by scanning the few links of each. Not thread-safe.
 */
public final class IncrementalGrouping {
    private static final PairDecision.Verdict[] VERDICTS = PairDecision.Verdict.values();
    private static final Evidence[] EVIDENCE = Evidence.values();
    private static final Link[] NO_LINKS = {};

    private final Map<SubflowId, Node> live = new HashMap<>();
    /** The live subflows holding each token (most tokens: two). */
    private final Map<Long, Node[]> holders = new HashMap<>();
    private int periods;

    /**
     * What a period changed.
     *
     * @param ended the sessions regrouped: each is replaced by those of {@code sessions} that share a subflow with it
     * @param sessions the sessions regrouped, as they are now, in {@link Grouper#SESSION_ORDER}
     * @param before for each of {@code sessions}, the session each of its subflows was in before the
     *     period, in the order of its subflows; null for a subflow new in the period
     * @param removed the subflows that left
     * @param pairs the pairs whose decision was renewed or dropped
     */
    public record Change(List<Session> ended, List<Session> sessions, List<List<Session>> before,
                         List<SubflowId> removed, List<PairChange> pairs) {
    }

    /** A pair's decision before and after a period; null where there was none, or is none any more. */
    public record PairChange(PairDecision before, PairDecision after) {
    }

    /** A live subflow. */
    private static final class Node {
        /** Null once it has left. */
        SubflowSummary summary;
        /** Its session as of the last period; null before its first. */
        Group group;
        Link[] links = NO_LINKS;
        int degree;
        /** The last period (a count) in which it was to be regrouped, and in which it was grouped. */
        int regroupIn;
        int groupedIn;
        /** Its place in the connected group being grouped. */
        int place;

        Node(SubflowSummary summary) {
            this.summary = summary;
        }

        void append(Link l) {
            if (degree == links.length) {
                // 2, 4, 6, 9: a subflow has a few decisions (five in GroupingCost), each array slot is 4 bytes a live subflow
                links = Arrays.copyOf(links, degree + Math.max(2, degree / 2));
            }
            links[degree++] = l;
        }

        void remove(Link l) {
            for (int k = 0; k < degree; k++) {
                if (links[k] == l) {
                    links[k] = links[--degree];
                    links[degree] = null;
                    if (degree == 0) {
                        links = NO_LINKS;
                    }
                    return;
                }
            }
            throw new IllegalStateException("link not held");
        }

        /** Its link to {@code other}, or null. */
        Link linkTo(Node other) {
            for (int k = 0; k < degree; k++) {
                if (links[k].other(this) == other) {
                    return links[k];
                }
            }
            return null;
        }
    }

    /**
     * A standing decision, held by both its subflows: what {@link PairDecision} holds but its ids,
     * which are the nodes' (40 bytes instead of the decision's 56 and a link to it).
     */
    private static final class Link {
        /** The decision's {@code a} and {@code b}. */
        final Node low;
        final Node high;
        final double phi;
        final double phiDistinct;
        final byte verdict;
        final byte evidence;
        final byte dsnBits;
        final boolean crossed;

        Link(Node low, Node high, PairDecision d) {
            this.low = low;
            this.high = high;
            this.phi = d.phi();
            this.phiDistinct = d.phiDistinct();
            this.verdict = (byte) d.verdict().ordinal();
            this.evidence = (byte) d.evidence().ordinal();
            this.dsnBits = (byte) d.dsnBits();
            this.crossed = d.crossed();
        }

        Node other(Node n) {
            return n == low ? high : low;
        }

        boolean same() {
            return verdict == PairDecision.Verdict.SAME.ordinal();
        }

        PairDecision decision() {
            return new PairDecision(low.summary.id(), high.summary.id(), VERDICTS[verdict], phi, phiDistinct,
                    EVIDENCE[evidence], dsnBits, crossed);
        }
    }

    /** A session as of the last period, with its subflows in the session's order (by id). */
    private static final class Group {
        final Session session;
        final Node[] members;
        /** The last period (a count) that regrouped it. */
        int regroupIn;

        Group(Session session, Node[] members) {
            this.session = session;
            this.members = members;
        }
    }

    /**
     * @param changed the live subflows whose evidence changed in the period, new ones included
     * @param removed subflows that left in the period (ignored if not live)
     * @param renewed the decisions of the candidate pairs with a changed subflow, which must both be live
     */
    public Change period(Collection<SubflowSummary> changed, Collection<SubflowId> removed,
                         Collection<PairDecision> renewed) {
        int period = ++periods;
        List<Node> regroup = new ArrayList<>();
        // The links dropped in the period, under the subflow that dropped them: a renewed decision finds its
        // earlier self there. Summaries of departed subflows are kept until the pairs are reported.
        Map<Node, List<Link>> dropped = new IdentityHashMap<>();
        List<SubflowId> gone = new ArrayList<>();
        List<Node> left = new ArrayList<>();
        for (SubflowId id : removed) {
            Node node = live.remove(id);
            if (node != null) {
                gone.add(id);
                left.add(node);
                mark(node, period, regroup);
                unindex(node);
                forget(node, period, regroup, dropped);
            }
        }
        for (SubflowSummary s : changed) {
            Node node = live.get(s.id());
            if (node == null) {
                node = new Node(s);
                live.put(s.id(), node);
            } else {
                unindex(node);
                forget(node, period, regroup, dropped);
                node.summary = s;
            }
            mark(node, period, regroup);
            for (long token : s.tokens()) {
                Node[] others = holders.get(token);
                others = others == null ? new Node[] {node} : with(others, node);
                holders.put(token, others);
                for (Node o : others) {
                    mark(o, period, regroup);
                }
            }
        }
        List<PairChange> pairs = new ArrayList<>(renewed.size());
        for (PairDecision d : renewed) {
            Node a = live.get(d.a());
            Node b = live.get(d.b());
            if (a == null || b == null) {
                throw new IllegalArgumentException("decision on " + d.a() + "|" + d.b() + " names a subflow not live");
            }
            Link standing = a.linkTo(b);
            PairDecision before;
            if (standing != null) { // renewed twice in the period: the last one stands
                before = standing.decision();
                a.remove(standing);
                b.remove(standing);
                if (standing.same()) {
                    mark(a, period, regroup);
                    mark(b, period, regroup);
                }
            } else {
                Link earlier = takeDropped(dropped, a, b);
                if (earlier == null) {
                    earlier = takeDropped(dropped, b, a);
                }
                before = earlier == null ? null : earlier.decision();
            }
            Link l = new Link(a, b, d);
            a.append(l);
            b.append(l);
            if (l.same()) {
                mark(a, period, regroup);
                mark(b, period, regroup);
            }
            pairs.add(new PairChange(before, d));
        }
        dropped.values().forEach(links -> links.forEach(l -> pairs.add(new PairChange(l.decision(), null))));
        left.forEach(n -> n.summary = null);

        List<Group> ended = new ArrayList<>();
        for (int i = 0; i < regroup.size(); i++) { // whole sessions: their subflows join the list as it is walked
            Group g = regroup.get(i).group;
            if (g != null && g.regroupIn != period) {
                g.regroupIn = period;
                ended.add(g);
                for (Node m : g.members) {
                    mark(m, period, regroup);
                }
            }
        }
        List<Session> endedSessions = new ArrayList<>(ended.size());
        ended.forEach(g -> endedSessions.add(g.session));
        return regrouped(period, regroup, endedSessions, gone, pairs);
    }

    /** The live subflows, for a checkpoint. */
    public Collection<SubflowSummary> subflows() {
        return new AbstractList<>() {
            private final List<Node> nodes = List.copyOf(live.values());

            @Override
            public SubflowSummary get(int index) {
                return nodes.get(index).summary;
            }

            @Override
            public int size() {
                return nodes.size();
            }
        };
    }

    /** Every standing decision, once, for a checkpoint. */
    public List<PairDecision> decisions() {
        List<PairDecision> out = new ArrayList<>();
        for (Node n : live.values()) {
            for (int k = 0; k < n.degree; k++) {
                if (n.links[k].low == n) {
                    out.add(n.links[k].decision());
                }
            }
        }
        return out;
    }

    /** Live subflows. */
    public int size() {
        return live.size();
    }

    private static Node[] with(Node[] nodes, Node node) {
        for (Node n : nodes) {
            if (n == node) {
                return nodes;
            }
        }
        Node[] out = Arrays.copyOf(nodes, nodes.length + 1);
        out[nodes.length] = node;
        return out;
    }

    private void unindex(Node node) {
        for (long token : node.summary.tokens()) {
            Node[] others = holders.get(token);
            if (others == null) {
                continue;
            }
            int at = Arrays.asList(others).indexOf(node);
            if (at < 0) {
                continue;
            }
            if (others.length == 1) {
                holders.remove(token);
            } else {
                Node[] rest = new Node[others.length - 1];
                System.arraycopy(others, 0, rest, 0, at);
                System.arraycopy(others, at + 1, rest, at, rest.length - at);
                holders.put(token, rest);
            }
        }
    }

    /**
     * Drops a subflow's decisions (kept in {@code dropped}). Only a SAME decision links two
     * sessions: one dropped sends its partner's session to be regrouped; any other leaves it as it
     * is (the subflow itself is regrouped anyway).
     */
    private static void forget(Node node, int period, List<Node> regroup, Map<Node, List<Link>> dropped) {
        if (node.degree == 0) {
            return;
        }
        List<Link> out = dropped.computeIfAbsent(node, n -> new ArrayList<>(n.degree));
        for (int k = 0; k < node.degree; k++) {
            Link l = node.links[k];
            Node other = l.other(node);
            other.remove(l);
            if (l.same()) {
                mark(other, period, regroup);
            }
            out.add(l);
        }
        node.links = NO_LINKS;
        node.degree = 0;
    }

    /** The link between {@code a} and {@code b} that {@code a} dropped in the period, taken out; or null. */
    private static Link takeDropped(Map<Node, List<Link>> dropped, Node a, Node b) {
        List<Link> links = dropped.get(a);
        if (links != null) {
            for (int k = 0; k < links.size(); k++) {
                if (links.get(k).other(a) == b) {
                    return links.remove(k);
                }
            }
        }
        return null;
    }

    /** Adds a subflow to the period's list to regroup, once. */
    private static void mark(Node n, int period, List<Node> regroup) {
        if (n.regroupIn != period) {
            n.regroupIn = period;
            regroup.add(n);
        }
    }

    /** Groups the live subflows of {@code regroup}, a union of whole sessions, one connected group at a time. */
    private Change regrouped(int period, List<Node> regroup, List<Session> ended, List<SubflowId> gone,
                             List<PairChange> pairs) {
        List<Group> groups = new ArrayList<>();
        for (Node start : regroup) {
            if (start.summary != null && start.groupedIn != period) {
                groups.add(group(connected(start, period)));
            }
        }
        groups.sort((x, y) -> Grouper.SESSION_ORDER.compare(x.session, y.session));
        List<Session> sessions = new ArrayList<>(groups.size());
        List<List<Session>> before = new ArrayList<>(groups.size());
        for (Group g : groups) {
            sessions.add(g.session);
            Session[] was = new Session[g.members.length];
            for (int k = 0; k < was.length; k++) {
                Node m = g.members[k];
                was[k] = m.group == null ? null : m.group.session;
            }
            before.add(Arrays.asList(was));
        }
        for (Group g : groups) {
            for (Node m : g.members) {
                m.group = g;
            }
        }
        return new Change(ended, sessions, before, gone, pairs);
    }

    /** The live subflows linked to {@code start} by SAME decisions and tokens, {@code start} first. */
    private List<Node> connected(Node start, int period) {
        List<Node> out = new ArrayList<>(4);
        start.groupedIn = period;
        out.add(start);
        for (int i = 0; i < out.size(); i++) {
            Node s = out.get(i);
            for (int k = 0; k < s.degree; k++) {
                if (s.links[k].same()) {
                    reach(s.links[k].other(s), period, out);
                }
            }
            for (long token : s.summary.tokens()) {
                for (Node holder : holders.get(token)) {
                    reach(holder, period, out);
                }
            }
        }
        return out;
    }

    private static void reach(Node n, int period, List<Node> out) {
        if (n.groupedIn != period) {
            n.groupedIn = period;
            out.add(n);
        }
    }

    /** The session of one connected group; its members keep their sessions before the period until all are grouped. */
    private static Group group(List<Node> members) {
        members.sort((x, y) -> x.summary.id().compareTo(y.summary.id()));
        List<SubflowSummary> summaries = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            members.get(i).place = i;
            summaries.add(members.get(i).summary);
        }
        List<Grouper.Edge> same = new ArrayList<>();
        for (Node m : members) {
            for (int k = 0; k < m.degree; k++) {
                Link l = m.links[k];
                if (l.low == m && l.same()) {
                    same.add(new Grouper.Edge(m.place, l.high.place, l.phi, false));
                }
            }
        }
        List<Session> one = Grouper.sessions(summaries, same);
        if (one.size() != 1) {
            throw new IllegalStateException("a connected group made " + one.size() + " sessions");
        }
        return new Group(one.get(0), members.toArray(new Node[0]));
    }
}
