package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Association from one period to the next, renewing only what a period changed. A decision
 * depends on its two subflows alone, so a period re-decides only the candidate pairs with a
 * subflow whose evidence changed, and keeps every other decision. A session can only change when
 * one of its subflows changed or left, when a renewed decision names one of its subflows, or when
 * a changed subflow shares a token with one of them: only those sessions are regrouped, and each
 * is regrouped whole (every link of a subflow of theirs leads to a subflow of theirs, or was
 * renewed). The result is the one association over all live subflows from scratch would give.
 * Not thread-safe.
 */
final class IncrementalAssociation {
    private static final NavigableMap<SubflowId, PairDecision> EMPTY = Collections.emptyNavigableMap();
    private final PairJudge judge;
    /** Every candidate pair's decision, under each of its two subflows, by the other one. */
    private final Map<SubflowId, NavigableMap<SubflowId, PairDecision>> decisions = new HashMap<>();
    /** The live subflows in id order, as of the last period. */
    private List<SubflowEvidence> sorted = List.of();
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
    AssociationResult associate(long now, Map<SubflowId, SubflowEvidence> live, Set<SubflowId> changed,
                                Collection<SubflowEvidence> removed) {
        sorted = inOrder(live, changed, removed);
        Set<SubflowId> regroup = new HashSet<>(changed);
        for (SubflowEvidence s : removed) {
            regroup.add(s.id);
            forget(s.id, regroup);
            for (int k = 0; k < s.tokenCount; k++) {
                Set<SubflowId> others = holders.get(s.tokens[k]);
                if (others != null && others.remove(s.id) && others.isEmpty()) {
                    holders.remove(s.tokens[k]); // (a subflow that came and went within one period was never indexed)
                }
            }
        }
        boolean[] renew = new boolean[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            SubflowEvidence s = sorted.get(i);
            if (changed.contains(s.id)) {
                renew[i] = true;
                forget(s.id, regroup);
                for (int k = 0; k < s.tokenCount; k++) {
                    Set<SubflowId> others = holders.computeIfAbsent(s.tokens[k], t -> new HashSet<>());
                    others.add(s.id);
                    regroup.addAll(others);
                }
            }
        }
        for (long key : CandidateFinder.candidates(sorted, renew)) {
            PairDecision d = judge.judge(sorted.get((int) (key >>> 32)), sorted.get((int) key));
            decisions.computeIfAbsent(d.a(), k -> new TreeMap<>()).put(d.b(), d);
            decisions.computeIfAbsent(d.b(), k -> new TreeMap<>()).put(d.a(), d);
            regroup.add(d.a());
            regroup.add(d.b());
        }
        for (SubflowId id : List.copyOf(regroup)) {
            Session before = sessionOf.get(id);
            if (before != null) {
                before.subflows().forEach(m -> regroup.add(m.id()));
            }
        }
        removed.forEach(s -> sessionOf.remove(s.id));
        regroup(now, sorted, regroup);

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

    /** The live subflows in id order: last period's without those removed, merged with those new. */
    private List<SubflowEvidence> inOrder(Map<SubflowId, SubflowEvidence> live, Set<SubflowId> changed,
                                          Collection<SubflowEvidence> removed) {
        Set<SubflowId> gone = new HashSet<>();
        removed.forEach(s -> gone.add(s.id));
        List<SubflowEvidence> arrived = new ArrayList<>();
        for (SubflowId id : changed) {
            if (!sessionOf.containsKey(id)) {
                arrived.add(live.get(id));
            }
        }
        arrived.sort(Associator.SUBFLOW_ORDER);
        List<SubflowEvidence> out = new ArrayList<>(live.size());
        int a = 0;
        for (SubflowEvidence s : sorted) {
            if (gone.contains(s.id)) {
                continue;
            }
            while (a < arrived.size() && Associator.SUBFLOW_ORDER.compare(arrived.get(a), s) < 0) {
                out.add(arrived.get(a++));
            }
            out.add(s);
        }
        out.addAll(arrived.subList(a, arrived.size()));
        return out;
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

    /** Groups the live subflows in {@code regroup}, a union of whole sessions, over their decisions. */
    private void regroup(long now, List<SubflowEvidence> sorted, Set<SubflowId> regroup) {
        List<SubflowEvidence> members = new ArrayList<>();
        Map<SubflowId, Integer> index = new HashMap<>();
        for (SubflowEvidence s : sorted) {
            if (regroup.contains(s.id)) {
                index.put(s.id, members.size());
                members.add(s);
            }
        }
        List<PairDecision> inside = new ArrayList<>();
        for (SubflowEvidence s : members) {
            decisions.getOrDefault(s.id, EMPTY).tailMap(s.id, false).forEach((other, d) -> {
                if (index.containsKey(other)) {
                    inside.add(d);
                }
            });
        }
        for (Session session : Grouper.group(now, members, inside, index).sessions()) {
            session.subflows().forEach(m -> sessionOf.put(m.id(), session));
        }
    }
}
