package dev.sampo.association;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

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
 * <p>It holds each live subflow as a node (in a {@link LiveTable} by id): its id's addresses and
 * ports, its summary's figures, its session (what of it the figures do not give), and its
 * standing decisions as {@link Link links} shared with the partner, without a copy of the
 * decision's ids; the ids and sessions it hands out are made for the period. A period looks up each id it is told once, then walks from a
 * subflow to its partners and its session by reference; a renewed decision takes its link in
 * place, and one not renewed, or a departed subflow's, is dropped from both ends by scanning the
 * few links of each. A session the period reaches whose links all stand (no subflow came or
 * left, no token and no SAME decision came, went or moved its Φ) is the same subflows linked the
 * same way: it is made again from their figures, without finding and grouping them. Not
 * thread-safe.
 */
public final class IncrementalGrouping {
    private static final PairDecision.Verdict[] VERDICTS = PairDecision.Verdict.values();
    private static final Evidence[] EVIDENCE = Evidence.values();
    private static final Link[] NO_LINKS = {};

    private final LiveTable live = new LiveTable();
    /** The live subflows holding each token (most tokens: two). */
    private final LongMap<Node[]> holders = new LongMap<>();
    private int periods;

    /**
     * What a period changed.
     *
     * @param ended the sessions regrouped: each is replaced by those of {@code sessions} that share a subflow with it
     * @param sessions the sessions regrouped, as they are now, in {@link Grouper#SESSION_ORDER}
     * @param before for each of {@code sessions}, the session each of its subflows was in before the
     *     period, in the order of its subflows; null for a subflow new in the period
     * @param removed the subflows that left
     * @param pairs the decisions renewed, each with the one that stood before the period
     */
    public record Change(List<Session> ended, List<Session> sessions, List<List<Session>> before,
                         List<SubflowId> removed, List<PairChange> pairs) {
    }

    /** A pair's decision before and after a period; {@code before} null where there was none. */
    public record PairChange(PairDecision before, PairDecision after) {
    }

    /** A live subflow. */
    private static final class Node {
        /**
         * Its id's addresses and ports, not the id: a {@link SubflowId} with its two addresses is 96
         * bytes, and three objects for a lookup to read. The id is made again for the sessions and
         * decisions a period hands out, which the grouping does not keep.
         */
        final long aHi;
        final long aLo;
        final int aPort;
        final long bHi;
        final long bLo;
        final int bPort;
        /**
         * Its summary's figures, held here rather than as the summary (a record of 64 bytes, and one
         * object more to read for each member of a regrouped session); its tokens null once it has left.
         */
        long[] tokens;
        long responderToken;
        long packets;
        long payloadBytes;
        long firstSeen;
        long lastSeen;
        /** Its session as of the last period; null before its first. */
        Group group;
        Link[] links = NO_LINKS;
        int degree;
        /**
         * While a period renews decisions, its links that wait for theirs (null past the last), where
         * a renewed decision finds its earlier self; else null. They stay in both nodes' links
         * meanwhile; those not renewed are dropped at the end of the renewals.
         */
        Link[] dropped;
        /** The last period (a count) in which it was to be regrouped, and in which it was grouped. */
        int regroupIn;
        int groupedIn;

        Node(SubflowSummary summary) {
            SubflowId id = summary.id();
            this.aHi = id.a().hi();
            this.aLo = id.a().lo();
            this.aPort = id.aPort();
            this.bHi = id.b().hi();
            this.bLo = id.b().lo();
            this.bPort = id.bPort();
            take(summary);
        }

        SubflowId id() {
            return new SubflowId(new IpAddress(aHi, aLo), aPort, new IpAddress(bHi, bLo), bPort);
        }

        boolean is(SubflowId id) {
            return aPort == id.aPort() && bPort == id.bPort() && aLo == id.a().lo() && bLo == id.b().lo()
                    && aHi == id.a().hi() && bHi == id.b().hi();
        }

        /** {@link SubflowId#compareTo}, on the fields. */
        static int compare(Node x, Node y) {
            int c = Long.compareUnsigned(x.aHi, y.aHi);
            if (c == 0) {
                c = Long.compareUnsigned(x.aLo, y.aLo);
            }
            if (c == 0) {
                c = Integer.compare(x.aPort, y.aPort);
            }
            if (c == 0) {
                c = Long.compareUnsigned(x.bHi, y.bHi);
            }
            if (c == 0) {
                c = Long.compareUnsigned(x.bLo, y.bLo);
            }
            return c != 0 ? c : Integer.compare(x.bPort, y.bPort);
        }

        boolean isLive() {
            return tokens != null;
        }

        /** Takes a summary's figures (its id is the node's). */
        void take(SubflowSummary s) {
            tokens = s.tokens();
            responderToken = s.responderToken();
            packets = s.packets();
            payloadBytes = s.payloadBytes();
            firstSeen = s.firstSeen();
            lastSeen = s.lastSeen();
        }

        SubflowSummary summary() {
            return new SubflowSummary(id(), tokens, responderToken, packets, payloadBytes, firstSeen, lastSeen);
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
        double phi;
        double phiDistinct;
        byte verdict;
        byte evidence;
        byte dsnBits;
        boolean crossed;

        Link(Node low, Node high, PairDecision d) {
            this.low = low;
            this.high = high;
            renew(d);
        }

        /** Takes a renewed decision of its pair: held where it is at both ends, no new link. */
        void renew(PairDecision d) {
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
            return decision(low.id(), high.id());
        }

        /** Its decision, with these ids (its subflows'): those of a renewed decision, at hand without a look at the nodes. */
        PairDecision decision(SubflowId a, SubflowId b) {
            return new PairDecision(a, b, VERDICTS[verdict], phi, phiDistinct, EVIDENCE[evidence], dsnBits, crossed);
        }
    }

    /**
     * A session as of the last period: its subflows in the session's order (by id), and what of the
     * session its subflows' figures do not give. The session itself is made when a period needs it:
     * a {@link Session} with its members is about 340 bytes for a session of four subflows.
     */
    private static final class Group {
        final Node[] members;
        final String id;
        final double confidence;
        final Evidence evidence;
        /** The last period (a count) that regrouped it, and the last that changed its links ({@link #reshape}). */
        int regroupIn;
        int reshapedIn;
        /**
         * Its session before the period that regroups it, made before the period changes the figures
         * of any of its subflows; null until then. A group is regrouped, and replaced, in the period
         * that makes it.
         */
        Session was;

        Group(Node[] members, Session session) {
            this.members = members;
            this.id = session.id();
            this.confidence = session.confidence();
            this.evidence = session.evidence();
        }

        /** Its session, of its subflows' figures now. */
        Session session() {
            List<SubflowSummary> summaries = new ArrayList<>(members.length);
            for (Node m : members) {
                summaries.add(m.summary());
            }
            return Grouper.session(summaries, id, confidence, evidence);
        }

        /** Makes its session before the period, if not yet. */
        void keep() {
            if (was == null) {
                was = session();
            }
        }
    }

    /** A session made in a period, and its group. */
    private record Made(Group group, Session session) {
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
        List<Node> dropped = new ArrayList<>();
        List<SubflowId> gone = new ArrayList<>();
        for (SubflowId id : removed) {
            Node node = live.remove(id);
            if (node != null) {
                gone.add(id);
                if (node.group != null) {
                    node.group.keep();
                }
                mark(node, period, regroup);
                reshape(node, period);
                unindex(node);
                forget(node, period, regroup);
                node.tokens = null;
            }
        }
        // All ids first, then the work on their nodes: lookups that do not wait on one another overlap their cache misses.
        Node[] found = new Node[changed.size()];
        int told = 0;
        for (SubflowSummary s : changed) {
            found[told++] = live.get(s.id());
        }
        told = 0;
        for (SubflowSummary s : changed) {
            Node node = found[told++];
            if (node == null) { // new, or new earlier in this list: a subflow told twice in a period has one node
                node = live.get(s.id());
            }
            // A subflow that names the tokens it named is held under them already, and their other holders are in its
            // session, which is regrouped whole: most changes name none, or the same.
            boolean reindex = node == null || !Arrays.equals(node.tokens, s.tokens());
            if (node == null) {
                node = new Node(s);
                live.add(node);
            } else {
                if (reindex) {
                    unindex(node);
                    reshape(node, period);
                }
                suspend(node, period, regroup, dropped);
                if (node.group != null) {
                    node.group.keep();
                }
                node.take(s);
            }
            mark(node, period, regroup);
            if (reindex) {
                index(node, period, regroup);
            }
        }
        // The renewed decisions' ids, all first too.
        Node[] nodes = new Node[2 * renewed.size()];
        int at = 0;
        for (PairDecision d : renewed) {
            nodes[at++] = live.get(d.a());
            nodes[at++] = live.get(d.b());
        }
        List<PairChange> pairs = new ArrayList<>(renewed.size());
        at = 0;
        for (PairDecision d : renewed) {
            Node a = nodes[at++];
            Node b = nodes[at++];
            if (a == null || b == null) {
                throw new IllegalArgumentException("decision on " + d.a() + "|" + d.b() + " names a subflow not live");
            }
            Link earlier = takeDropped(a, b);
            if (earlier == null) {
                earlier = takeDropped(b, a);
            }
            if (earlier == null) {
                // A pair renewed twice in the period: the last decision stands. (One whose earlier decision
                // waited in the period cannot be: its first renewal took that.)
                earlier = a.linkTo(b);
                if (earlier != null && earlier.same()) {
                    mark(a, period, regroup);
                    mark(b, period, regroup);
                }
            }
            if (reshapes(earlier, d)) {
                reshape(a, period);
                reshape(b, period);
            }
            PairDecision before = earlier == null ? null : earlier.decision(d.a(), d.b());
            Link l = earlier;
            if (l == null) {
                l = new Link(a, b, d);
                a.append(l);
                b.append(l);
            } else {
                l.renew(d);
            }
            if (l.same()) {
                mark(a, period, regroup);
                mark(b, period, regroup);
            }
            pairs.add(new PairChange(before, d));
        }
        for (Node n : dropped) { // the decisions not renewed: their pairs are no longer candidates
            for (int k = 0; k < n.dropped.length && n.dropped[k] != null; k++) {
                if (n.dropped[k].same()) {
                    reshape(n, period);
                }
                n.remove(n.dropped[k]);
                n.dropped[k].other(n).remove(n.dropped[k]);
            }
            n.dropped = null;
        }

        List<Group> ended = new ArrayList<>();
        for (int i = 0; i < regroup.size(); i++) { // whole sessions: their subflows join the list as it is walked
            Group g = regroup.get(i).group;
            if (g != null && g.regroupIn != period) {
                g.regroupIn = period;
                g.keep();
                ended.add(g);
                for (Node m : g.members) {
                    mark(m, period, regroup);
                }
            }
        }
        List<Session> endedSessions = new ArrayList<>(ended.size());
        ended.forEach(g -> endedSessions.add(g.was));
        return regrouped(period, regroup, endedSessions, gone, pairs);
    }

    /** The live subflows, for a checkpoint. */
    public Collection<SubflowSummary> subflows() {
        return new AbstractList<>() {
            private final List<Node> nodes = live.nodes();

            @Override
            public SubflowSummary get(int index) {
                return nodes.get(index).summary();
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
        for (Node n : live.nodes()) {
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

    /** Holds a subflow under each of its tokens, and marks their other holders: it joins their sessions. */
    private void index(Node node, int period, List<Node> regroup) {
        for (long token : node.tokens) {
            Node[] others = holders.get(token);
            others = others == null ? new Node[] {node} : with(others, node);
            holders.put(token, others);
            for (Node o : others) {
                mark(o, period, regroup);
                reshape(o, period);
            }
        }
    }

    private void unindex(Node node) {
        for (long token : node.tokens) {
            Node[] others = holders.get(token);
            if (others == null) {
                continue;
            }
            int at = 0;
            while (at < others.length && others[at] != node) {
                at++;
            }
            if (at == others.length) {
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
     * Drops a departed subflow's decisions from its partners. Only a SAME decision links two
     * sessions: one dropped sends its partner's session to be regrouped; any other leaves it as it is.
     */
    private static void forget(Node node, int period, List<Node> regroup) {
        for (int k = 0; k < node.degree; k++) {
            Link l = node.links[k];
            Node other = l.other(node);
            other.remove(l);
            if (l.same()) {
                mark(other, period, regroup);
            }
        }
        node.links = NO_LINKS;
        node.degree = 0;
    }

    /**
     * Sets a changed subflow's decisions to wait for their renewal (and it in {@code dropped}), but
     * those its partner already set so: each is then stale, as if dropped, and a SAME one sends its
     * partner's session to be regrouped, as {@link #forget} does. A renewed decision takes its link
     * in place at both ends, where dropping and linking again would rewrite both nodes' links.
     */
    private static void suspend(Node node, int period, List<Node> regroup, List<Node> dropped) {
        if (node.degree == 0 || node.dropped != null) { // none yet, or told twice in a period: the first time stands
            return;
        }
        Link[] waiting = new Link[node.degree];
        int n = 0;
        for (int k = 0; k < node.degree; k++) {
            Link l = node.links[k];
            Node other = l.other(node);
            if (!waits(other, l)) {
                waiting[n++] = l;
                if (l.same()) {
                    mark(other, period, regroup);
                }
            }
        }
        if (n > 0) {
            node.dropped = waiting;
            dropped.add(node);
        }
    }

    private static boolean waits(Node node, Link l) {
        Link[] links = node.dropped;
        if (links != null) {
            for (int k = 0; k < links.length && links[k] != null; k++) {
                if (links[k] == l) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The link between {@code a} and {@code b} that {@code a} dropped in the period, taken out of its dropped links; or null. */
    private static Link takeDropped(Node a, Node b) {
        Link[] links = a.dropped;
        if (links != null) {
            for (int k = 0; k < links.length && links[k] != null; k++) {
                Link l = links[k];
                if (l.low == b || l.high == b) {
                    int last = k;
                    while (last + 1 < links.length && links[last + 1] != null) {
                        last++;
                    }
                    links[k] = links[last];
                    links[last] = null;
                    return l;
                }
            }
        }
        return null;
    }

    /**
     * Whether a renewal changes how its pair links the two sessions: a SAME decision made,
     * dropped, or of another Φ. Any other leaves them linked as they were.
     */
    private static boolean reshapes(Link earlier, PairDecision d) {
        boolean same = d.verdict() == PairDecision.Verdict.SAME;
        if (earlier == null || !earlier.same()) {
            return same;
        }
        return !same || Double.compare(earlier.phi, d.phi()) != 0;
    }

    /**
     * Notes that a subflow's session, if it has one, changes its links in the period (a subflow
     * joins or leaves it, a token or a SAME decision comes or goes): it is grouped again from its
     * links. A session the period reaches without this is the same subflows, linked as before.
     */
    private static void reshape(Node n, int period) {
        if (n.group != null) {
            n.group.reshapedIn = period;
        }
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
        List<Made> groups = new ArrayList<>();
        for (Node start : regroup) {
            if (start.isLive() && start.groupedIn != period) {
                Group was = start.group;
                // A session whose links are as they were is its subflows again, with their figures now.
                groups.add(was != null && was.reshapedIn != period ? refreshed(was, period) : group(connected(start, period)));
            }
        }
        groups.sort((x, y) -> Grouper.SESSION_ORDER.compare(x.session, y.session));
        List<Session> sessions = new ArrayList<>(groups.size());
        List<List<Session>> before = new ArrayList<>(groups.size());
        for (Made made : groups) {
            sessions.add(made.session);
            Node[] members = made.group.members;
            Session[] was = new Session[members.length];
            for (int k = 0; k < was.length; k++) {
                was[k] = members[k].group == null ? null : members[k].group.was;
            }
            before.add(Arrays.asList(was));
        }
        for (Made made : groups) {
            for (Node m : made.group.members) {
                m.group = made.group;
            }
        }
        return new Change(ended, sessions, before, gone, pairs);
    }

    /** A group whose links stand, again: the same subflows, with their figures now. */
    private static Made refreshed(Group group, int period) {
        for (Node m : group.members) {
            m.groupedIn = period;
        }
        Session now = group.session();
        return new Made(new Group(group.members, now), now);
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
            for (long token : s.tokens) {
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

    /**
     * The session of one connected group; its members keep their sessions before the period until
     * all are grouped. A subflow's place in the group is found by its id among the sorted members.
     */
    private Made group(List<Node> members) {
        members.sort(BY_ID);
        List<SubflowSummary> summaries = new ArrayList<>(members.size());
        for (Node m : members) {
            summaries.add(m.summary());
        }
        List<Grouper.Edge> edges = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Node m = members.get(i);
            for (int k = 0; k < m.degree; k++) {
                Link l = m.links[k];
                if (l.low == m && l.same()) {
                    edges.add(new Grouper.Edge(i, place(members, l.high), l.phi, false));
                }
            }
            long[] tokens = m.tokens;
            for (int t = 0; t < tokens.length; t++) {
                // A token's other holders are in the group; the links Grouper would make from its first holder join the same.
                for (Node holder : holders.get(tokens[t])) {
                    if (holder != m) {
                        edges.add(new Grouper.Edge(i, place(members, holder), 1.0, true));
                    }
                }
                if (heldBefore(tokens, t)) {
                    edges.add(new Grouper.Edge(i, i, 1.0, true));
                }
            }
        }
        Node lowest = members.get(0);
        // The id is the lowest subflow's: one that was lowest in its session before names it as before.
        String id = lowest.group != null && lowest.group.members[0] == lowest ? lowest.group.id : Session.idOf(summaries.get(0).id());
        Session now = Grouper.connected(summaries, edges, id);
        return new Made(new Group(members.toArray(new Node[0]), now), now);
    }

    private static final Comparator<Node> BY_ID = Node::compare;

    private static int place(List<Node> sorted, Node n) {
        return Collections.binarySearch(sorted, n, BY_ID);
    }

    /** Whether a summary names its token at {@code t} twice: Grouper links such a subflow to itself by a token. */
    private static boolean heldBefore(long[] tokens, int t) {
        for (int k = 0; k < t; k++) {
            if (tokens[k] == tokens[t]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The live subflows by id: open addressing over the nodes themselves (linear probing, at most
     * half full), each compared on the fields of its id. A {@code HashMap} holds a 32-byte entry per
     * live subflow besides the node, and each lookup reads it and the id's three objects on the way
     * to the node; at a million live subflows a period looks up the two ids of every renewed decision.
     */
    private static final class LiveTable {
        private Node[] slots = new Node[16];
        private int size;

        int size() {
            return size;
        }

        Node get(SubflowId id) {
            int mask = slots.length - 1;
            int i = home(hash(id.a().hi(), id.a().lo(), id.aPort(), id.b().hi(), id.b().lo(), id.bPort()), mask);
            for (; slots[i] != null; i = (i + 1) & mask) {
                if (slots[i].is(id)) {
                    return slots[i];
                }
            }
            return null;
        }

        /** Adds a node whose id is not in the table. */
        void add(Node node) {
            if (2 * (size + 1) > slots.length) {
                Node[] old = slots;
                slots = new Node[2 * old.length];
                for (Node n : old) {
                    if (n != null) {
                        place(n);
                    }
                }
            }
            place(node);
            size++;
        }

        /** Takes out and returns the node of this id, or null. */
        Node remove(SubflowId id) {
            Node n = get(id);
            if (n == null) {
                return null;
            }
            int mask = slots.length - 1;
            int gap = home(n, mask);
            while (slots[gap] != n) {
                gap = (gap + 1) & mask;
            }
            // Backward shift: each node after the gap, up to the next empty slot, that may sit in it moves into it.
            for (int i = (gap + 1) & mask; slots[i] != null; i = (i + 1) & mask) {
                int home = home(slots[i], mask);
                if (((i - home) & mask) >= ((i - gap) & mask)) {
                    slots[gap] = slots[i];
                    gap = i;
                }
            }
            slots[gap] = null;
            size--;
            return n;
        }

        List<Node> nodes() {
            List<Node> out = new ArrayList<>(size);
            for (Node n : slots) {
                if (n != null) {
                    out.add(n);
                }
            }
            return out;
        }

        private void place(Node node) {
            int mask = slots.length - 1;
            int i = home(node, mask);
            while (slots[i] != null) {
                i = (i + 1) & mask;
            }
            slots[i] = node;
        }

        private static int home(Node n, int mask) {
            return home(hash(n.aHi, n.aLo, n.aPort, n.bHi, n.bLo, n.bPort), mask);
        }

        /** {@link SubflowId#hashCode}, of the fields. */
        private static int hash(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
            int a = Long.hashCode(aHi) * 31 + Long.hashCode(aLo);
            int b = Long.hashCode(bHi) * 31 + Long.hashCode(bLo);
            return ((a * 31 + aPort) * 31 + b) * 31 + bPort;
        }

        /** Hash codes of ids that step together (addresses and ports counting up) spread over the table. */
        private static int home(int hash, int mask) {
            int h = hash * 0x9E3779B9;
            return (h ^ (h >>> 16)) & mask;
        }
    }
}
