package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Association from one period to the next, at a cost that follows what the period changed, not
 * how many subflows are live. A decision depends on its two subflows alone, so a period
 * re-decides only the candidate pairs with a subflow whose evidence changed (found in a
 * {@link CandidateIndex}), and keeps every other decision. A session can only change when one of
 * its subflows changed or left, when a renewed decision names one of its subflows, or when a
 * changed subflow shares a token with one of them: only those sessions are regrouped, and each is
 * regrouped whole (every link of a subflow of theirs leads to a subflow of theirs, or was renewed).
 * The table ({@link #result}) is the one association over all live subflows from scratch would
 * give. Not thread-safe.
 */
final class IncrementalAssociation {
    private static final NavigableMap<SubflowId, PairDecision> EMPTY = Collections.emptyNavigableMap();
    private final PairJudge judge;
    private final CandidateIndex<SubflowEvidence> candidates = new CandidateIndex<>();
    /** Every candidate pair's decision, under each of its two subflows, by the other one. */
    private final Map<SubflowId, NavigableMap<SubflowId, PairDecision>> decisions = new HashMap<>();
    /** The session of every live subflow, as of the last period. */
    private final Map<SubflowId, Session> sessionOf = new HashMap<>();
    /** The live subflows holding each token. */
    private final Map<Long, Set<SubflowId>> holders = new HashMap<>();

    IncrementalAssociation(AssociationConfig config) {
        this.judge = new PairJudge(config);
    }

    /**
     * @param live every live subflow, by id
     * @param changed live subflows whose evidence changed since the last call, new ones included
     * @param removed subflows that were live at the last call and are no more
     */
    AssociationDelta associate(long now, Map<SubflowId, SubflowEvidence> live, Set<SubflowId> changed,
                               Collection<SubflowEvidence> removed) {
        Set<SubflowId> regroup = new HashSet<>(changed);
        List<SubflowId> removedIds = new ArrayList<>(removed.size());
        for (SubflowEvidence s : removed) {
            removedIds.add(s.id);
            regroup.add(s.id);
            forget(s.id, regroup);
            candidates.remove(s.id);
            for (int k = 0; k < s.tokenCount; k++) {
                Set<SubflowId> others = holders.get(s.tokens[k]);
                if (others != null && others.remove(s.id) && others.isEmpty()) {
                    holders.remove(s.tokens[k]); // (a subflow that came and went within one period was never indexed)
                }
            }
        }
        List<SubflowEvidence> renew = new ArrayList<>(changed.size());
        for (SubflowId id : changed) {
            SubflowEvidence s = live.get(id);
            renew.add(s);
            candidates.put(s.id, s.tracks, s);
            for (int k = 0; k < s.tokenCount; k++) {
                Set<SubflowId> others = holders.computeIfAbsent(s.tokens[k], t -> new HashSet<>());
                others.add(id);
                regroup.addAll(others);
            }
        }
        List<PairDecision> made = new ArrayList<>();
        for (SubflowEvidence s : renew) {
            Set<SubflowEvidence> partners = candidates.partners(s.id);
            forgetOthers(s.id, partners, regroup);
            for (SubflowEvidence other : partners) {
                boolean first = s.id.compareTo(other.id) < 0;
                if (!first && changed.contains(other.id)) {
                    continue; // decided from the other side
                }
                PairDecision d = first ? judge.judge(s, other) : judge.judge(other, s);
                decisions.computeIfAbsent(d.a(), k -> new TreeMap<>()).put(d.b(), d);
                decisions.computeIfAbsent(d.b(), k -> new TreeMap<>()).put(d.a(), d);
                regroup.add(d.a());
                regroup.add(d.b());
                made.add(d);
            }
        }
        made.sort(Associator.PAIR_ORDER);
        Set<Session> before = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SubflowId id : List.copyOf(regroup)) {
            Session session = sessionOf.get(id);
            if (session != null && before.add(session)) {
                session.subflows().forEach(m -> regroup.add(m.id()));
            }
        }
        removedIds.forEach(sessionOf::remove);
        AssociationResult regrouped = regroup(now, live, regroup);
        Set<String> after = new HashSet<>();
        regrouped.sessions().forEach(s -> after.add(s.id()));
        List<String> ended = new ArrayList<>();
        for (Session s : before) {
            if (!after.contains(s.id())) {
                ended.add(s.id());
            }
        }
        Collections.sort(ended);
        return new AssociationDelta(now, regrouped.sessions(), ended, made, regrouped.conflicts(), removedIds);
    }

    /** The whole table: every live subflow's session, every candidate pair's decision, every conflict. */
    AssociationResult result(long now, Collection<SubflowEvidence> live) {
        List<SubflowEvidence> sorted = new ArrayList<>(live);
        sorted.sort(Associator.SUBFLOW_ORDER);
        List<Session> sessions = new ArrayList<>();
        List<PairDecision> pairs = new ArrayList<>();
        for (SubflowEvidence s : sorted) {
            Session session = sessionOf.get(s.id);
            if (session.subflows().get(0).id().equals(s.id)) {
                sessions.add(session);
            }
            pairs.addAll(decisions.getOrDefault(s.id, EMPTY).tailMap(s.id, false).values());
        }
        sessions.sort(Grouper.SESSION_ORDER);
        return new AssociationResult(now, sessions, pairs, Grouper.conflicts(sorted, pairs, sessionOf::get));
    }

    /** Drops a subflow's decisions; the subflows they named must be regrouped. */
    private void forget(SubflowId id, Set<SubflowId> regroup) {
        Map<SubflowId, PairDecision> old = decisions.remove(id);
        if (old != null) {
            for (SubflowId other : old.keySet()) {
                decisions.get(other).remove(id);
                regroup.add(other);
            }
        }
    }

    /**
     * Drops a changed subflow's decisions with subflows that are no longer its partners (the
     * subflows they named must be regrouped); those with its partners are renewed in place.
     */
    private void forgetOthers(SubflowId id, Set<SubflowEvidence> partners, Set<SubflowId> regroup) {
        NavigableMap<SubflowId, PairDecision> mine = decisions.get(id);
        if (mine == null) {
            return;
        }
        Set<SubflowId> kept = new HashSet<>();
        partners.forEach(p -> kept.add(p.id));
        for (SubflowId other : List.copyOf(mine.keySet())) {
            if (!kept.contains(other)) {
                mine.remove(other);
                decisions.get(other).remove(id);
                regroup.add(other);
            }
        }
        if (mine.isEmpty()) {
            decisions.remove(id);
        }
    }

    /** Groups the live subflows in {@code regroup}, a union of whole sessions, over their decisions. */
    private AssociationResult regroup(long now, Map<SubflowId, SubflowEvidence> live, Set<SubflowId> regroup) {
        List<SubflowEvidence> members = new ArrayList<>(regroup.size());
        for (SubflowId id : regroup) {
            SubflowEvidence s = live.get(id);
            if (s != null) {
                members.add(s);
            }
        }
        members.sort(Associator.SUBFLOW_ORDER);
        Map<SubflowId, Integer> index = new HashMap<>();
        for (SubflowEvidence s : members) {
            index.put(s.id, index.size());
        }
        List<PairDecision> inside = new ArrayList<>();
        for (SubflowEvidence s : members) {
            decisions.getOrDefault(s.id, EMPTY).tailMap(s.id, false).forEach((other, d) -> {
                if (index.containsKey(other)) {
                    inside.add(d);
                }
            });
        }
        AssociationResult grouped = Grouper.group(now, members, inside, index);
        for (Session session : grouped.sessions()) {
            session.subflows().forEach(m -> sessionOf.put(m.id(), session));
        }
        return grouped;
    }
}
