package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Association from one period to the next, at a cost that follows what the period changed, not
 * how many subflows are live. A decision depends on its two subflows alone, so a period
 * re-decides only the candidate pairs with a subflow whose evidence changed (found in a
 * {@link CandidateIndex}), and keeps every other decision. A session can only change when one of
 * its subflows changed or left, when a SAME decision naming one of its subflows was dropped or
 * made, or when a changed subflow shares a token with one of them: only those sessions are
 * regrouped, each whole, and one connected group at a time (every SAME link and token of a
 * subflow of theirs leads to a subflow of theirs). The table ({@link #result}) is the one
 * association over all live subflows from scratch would give. Not thread-safe.
 */
final class IncrementalAssociation {
    private static final Comparator<LiveSubflow> BY_ID = (x, y) -> x.evidence.id.compareTo(y.evidence.id);
    /** Conflicts in {@link Grouper#conflicts}' order: DSN conflicts by pair, then token conflicts by subflow. */
    private static final Comparator<Conflict> CONFLICT_ORDER = Comparator.comparing((Conflict c) -> c.reason())
            .thenComparing((x, y) -> x.reason().equals(Grouper.TOKEN_DISTINCT)
                    ? byPair(x.b(), x.a(), y.b(), y.a()) : byPair(x.a(), x.b(), y.a(), y.b()));

    private final PairJudge judge;
    private final CandidateIndex<LiveSubflow> candidates = new CandidateIndex<>();
    /** The live subflows holding each token. */
    private final Map<Long, List<LiveSubflow>> holders = new HashMap<>();
    private int periods;

    IncrementalAssociation(AssociationConfig config) {
        this.judge = new PairJudge(config);
    }

    /**
     * @param changed live subflows whose evidence changed since the last call, new ones included
     * @param removed subflows that were live at the last call and are no more, or came and went
     *     since (their evidence is let go here)
     */
    AssociationDelta associate(long now, List<LiveSubflow> changed, List<LiveSubflow> removed) {
        int period = ++periods;
        List<LiveSubflow> regroup = new ArrayList<>(4 * changed.size()); // about 3.5 a change (PERFORMANCE.md)
        List<SubflowId> removedIds = new ArrayList<>(removed.size());
        for (LiveSubflow node : removed) {
            SubflowEvidence s = node.evidence;
            removedIds.add(s.id);
            if (node.group == null) {
                node.evidence = null;
                continue; // came and went within one period: never associated
            }
            mark(node, period, regroup);
            dropDecisions(node, period, regroup);
            candidates.remove(s.id);
            for (int k = 0; k < s.tokenCount; k++) {
                List<LiveSubflow> others = holders.get(s.tokens[k]);
                // (a token first seen in the period the subflow left in was never indexed)
                if (others != null && others.remove(node) && others.isEmpty()) {
                    holders.remove(s.tokens[k]);
                }
            }
            node.evidence = null;
        }
        for (LiveSubflow node : changed) {
            SubflowEvidence s = node.evidence;
            node.changedIn = period;
            mark(node, period, regroup);
            candidates.put(s.id, s.tracks, node);
            for (int k = 0; k < s.tokenCount; k++) {
                List<LiveSubflow> others = holders.computeIfAbsent(s.tokens[k], t -> new ArrayList<>(2));
                if (!others.contains(node)) {
                    others.add(node);
                }
                others.forEach(o -> mark(o, period, regroup));
            }
        }
        List<PairDecision> made = new ArrayList<>();
        List<LiveSubflow> unpacked = new ArrayList<>(); // each track unpacked once a period, then let go
        for (LiveSubflow node : changed) {
            SubflowEvidence s = node.evidence;
            List<LiveSubflow> partners = new ArrayList<>(candidates.partners(s.id));
            partners.sort(BY_ID); // a few: only for an order of decisions that does not vary
            for (LiveSubflow partner : partners) {
                boolean first = s.id.compareTo(partner.evidence.id) < 0;
                if (!first && partner.changedIn == period) {
                    continue; // decided from the other side
                }
                PairDecision d = first ? judge(node, partner, unpacked) : judge(partner, node, unpacked);
                LiveSubflow.Link l = node.linkTo(partner);
                if (d.verdict() == PairDecision.Verdict.SAME || l != null && l.same()) {
                    mark(partner, period, regroup); // a SAME decision made or dropped
                }
                if (l == null) {
                    l = LiveSubflow.link(first ? node : partner, first ? partner : node, d);
                } else {
                    l.decision = d; // renewed in place: no unlinking and linking again at both ends
                }
                l.renewedIn = period;
                made.add(d);
            }
        }
        for (LiveSubflow node : changed) {
            dropStale(node, period, regroup);
        }
        unpacked.forEach(n -> n.unpacked = null);
        List<LiveSubflow.Group> before = new ArrayList<>();
        for (int i = 0; i < regroup.size(); i++) { // whole sessions: their subflows join the list as it is walked
            LiveSubflow.Group g = regroup.get(i).group;
            if (g != null && g.regroupIn != period) {
                g.regroupIn = period;
                before.add(g);
                for (LiveSubflow m : g.members) {
                    mark(m, period, regroup);
                }
            }
        }
        return regrouped(now, period, regroup, before, made, removedIds);
    }

    /** Groups the live subflows of {@code regroup}, a union of whole sessions, one connected group at a time. */
    private AssociationDelta regrouped(long now, int period, List<LiveSubflow> regroup, List<LiveSubflow.Group> before,
                                       List<PairDecision> made, List<SubflowId> removedIds) {
        List<Session> sessions = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        Set<String> after = new HashSet<>();
        for (LiveSubflow start : regroup) {
            if (start.evidence == null || start.groupedIn == period) {
                continue;
            }
            List<LiveSubflow> members = connected(start, period);
            members.sort(BY_ID);
            LiveSubflow.Group g = group(members, period, conflicts);
            sessions.add(g.session);
            after.add(g.session.id());
        }
        sessions.sort(Grouper.SESSION_ORDER);
        conflicts.sort(CONFLICT_ORDER);
        List<String> ended = new ArrayList<>();
        for (LiveSubflow.Group g : before) {
            if (!after.contains(g.session.id())) {
                ended.add(g.session.id());
            }
        }
        ended.sort(null);
        return new AssociationDelta(now, sessions, ended, made, conflicts, removedIds);
    }

    /** The subflows linked to {@code start} by SAME decisions and tokens, {@code start} first. */
    private List<LiveSubflow> connected(LiveSubflow start, int period) {
        List<LiveSubflow> out = new ArrayList<>(4);
        start.groupedIn = period;
        out.add(start);
        for (int i = 0; i < out.size(); i++) {
            LiveSubflow s = out.get(i);
            for (int k = 0; k < s.degree(); k++) {
                LiveSubflow.Link l = s.link(k);
                if (l.same()) {
                    reach(l.other(s), period, out);
                }
            }
            for (int k = 0; k < s.evidence.tokenCount; k++) {
                for (LiveSubflow holder : holders.get(s.evidence.tokens[k])) {
                    reach(holder, period, out);
                }
            }
        }
        return out;
    }

    private static void reach(LiveSubflow s, int period, List<LiveSubflow> out) {
        if (s.groupedIn != period) {
            s.groupedIn = period;
            out.add(s);
        }
    }

    /** The session of one connected group (sorted by id), its conflicts added to {@code conflicts}. */
    private static LiveSubflow.Group group(List<LiveSubflow> members, int period, List<Conflict> conflicts) {
        List<SubflowSummary> summaries = new ArrayList<>(members.size());
        List<SubflowEvidence> states = new ArrayList<>(members.size());
        Map<SubflowId, Integer> index = new HashMap<>();
        for (LiveSubflow m : members) {
            index.put(m.evidence.id, summaries.size());
            summaries.add(SubflowSummary.of(m.evidence));
            states.add(m.evidence);
        }
        List<PairDecision> inside = new ArrayList<>();
        for (LiveSubflow m : members) {
            for (int k = 0; k < m.degree(); k++) {
                LiveSubflow.Link l = m.link(k);
                if (l.low == m && l.high.groupedIn == period && index.containsKey(l.high.evidence.id)) {
                    inside.add(l.decision);
                }
            }
        }
        inside.sort(Associator.PAIR_ORDER);
        List<Session> one = Grouper.sessions(summaries, inside, index);
        if (one.size() != 1) {
            throw new IllegalStateException("a connected group made " + one.size() + " sessions");
        }
        Session session = one.get(0);
        conflicts.addAll(Grouper.conflicts(states, inside, id -> session));
        LiveSubflow.Group g = new LiveSubflow.Group(session, members.toArray(new LiveSubflow[0]));
        for (LiveSubflow m : members) {
            m.group = g;
        }
        return g;
    }

    /** The whole table: every live subflow's session, every candidate pair's decision, every conflict. */
    AssociationResult result(long now, LiveSubflowMap live) {
        List<LiveSubflow> nodes = new ArrayList<>(live.values());
        nodes.sort(BY_ID);
        List<SubflowEvidence> sorted = new ArrayList<>(nodes.size());
        List<Session> sessions = new ArrayList<>();
        List<PairDecision> pairs = new ArrayList<>();
        for (LiveSubflow node : nodes) {
            sorted.add(node.evidence);
            if (node.group.members[0] == node) {
                sessions.add(node.group.session);
            }
            for (int k = 0; k < node.degree(); k++) {
                if (node.link(k).low == node) {
                    pairs.add(node.link(k).decision);
                }
            }
        }
        sessions.sort(Grouper.SESSION_ORDER);
        pairs.sort(Associator.PAIR_ORDER);
        return new AssociationResult(now, sessions, pairs,
                Grouper.conflicts(sorted, pairs, id -> live.get(id).group.session));
    }

    private PairDecision judge(LiveSubflow a, LiveSubflow b, List<LiveSubflow> unpacked) {
        return judge.judge(a.evidence, unpacked(a, unpacked), b.evidence, unpacked(b, unpacked));
    }

    private static UnpackedTrack[] unpacked(LiveSubflow s, List<LiveSubflow> unpacked) {
        if (s.unpacked == null) {
            s.unpacked = PairJudge.unpacked(s.evidence);
            unpacked.add(s);
        }
        return s.unpacked;
    }

    /** Adds a subflow to the period's list to regroup, once. */
    private static void mark(LiveSubflow s, int period, List<LiveSubflow> regroup) {
        if (s.regroupIn != period) {
            s.regroupIn = period;
            regroup.add(s);
        }
    }

    /**
     * Drops a changed subflow's decisions that were not renewed this period (the pair is no longer
     * a candidate); a SAME one dropped sends its partner's session to be regrouped.
     */
    private static void dropStale(LiveSubflow s, int period, List<LiveSubflow> regroup) {
        for (int k = s.degree() - 1; k >= 0; k--) { // from the end: removing one moves the last into its place
            LiveSubflow.Link l = s.link(k);
            if (l.renewedIn != period) {
                if (l.same()) {
                    mark(l.other(s), period, regroup);
                }
                LiveSubflow.unlink(l);
            }
        }
    }

    /** Drops a subflow's decisions; a SAME one dropped sends its partner's session to be regrouped. */
    private static void dropDecisions(LiveSubflow s, int period, List<LiveSubflow> regroup) {
        while (s.degree() > 0) {
            LiveSubflow.Link l = s.link(s.degree() - 1);
            if (l.same()) {
                mark(l.other(s), period, regroup);
            }
            LiveSubflow.unlink(l);
        }
    }

    private static int byPair(SubflowId a1, SubflowId b1, SubflowId a2, SubflowId b2) {
        int c = a1.compareTo(a2);
        return c != 0 ? c : b1.compareTo(b2);
    }
}
