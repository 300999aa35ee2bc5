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
import java.util.Set;

/**
 * Grouping from one period to the next for a stage that judges no pair itself: it is told the
 * subflows whose evidence changed (as {@link SubflowSummary summaries}, no DSN evidence), those
 * that left, and the decisions renewed for the candidate pairs with a changed subflow (every
 * such pair that is still a candidate: a stream processor's DSN buckets decide them). Every
 * earlier decision naming a changed or departed subflow is stale and dropped; the others stand.
 * Then, as in {@link IncrementalAssociation}, only the sessions the period reached are regrouped,
 * each whole, so the sessions are those of one grouping over all live subflows and decisions.
 * It holds ids, tokens, counters and pair decisions only. Not thread-safe.
 */
public final class IncrementalGrouping {
    private final Map<SubflowId, SubflowSummary> live = new HashMap<>();
    /** Every standing decision, under each of its two subflows, by the other one. */
    private final Map<SubflowId, Map<SubflowId, PairDecision>> decisions = new HashMap<>();
    private final Map<SubflowId, Session> sessionOf = new HashMap<>();
    /** The live subflows holding each token. */
    private final Map<Long, Set<SubflowId>> holders = new HashMap<>();

    /**
     * What a period changed.
     *
     * @param ended the sessions regrouped: each is replaced by those of {@code sessions} that share a subflow with it
     * @param sessions the sessions regrouped, as they are now, in {@link Grouper#SESSION_ORDER}
     * @param removed the subflows that left
     * @param pairs the pairs whose decision was renewed or dropped
     */
    public record Change(List<Session> ended, List<Session> sessions, List<SubflowId> removed, List<PairChange> pairs) {
    }

    /** A pair's decision before and after a period; null where there was none, or is none any more. */
    public record PairChange(PairDecision before, PairDecision after) {
    }

    /**
     * @param changed the live subflows whose evidence changed in the period, new ones included
     * @param removed subflows that left in the period (ignored if not live)
     * @param renewed the decisions of the candidate pairs with a changed subflow, which must both be live
     */
    public Change period(Collection<SubflowSummary> changed, Collection<SubflowId> removed,
                         Collection<PairDecision> renewed) {
        Set<SubflowId> regroup = new HashSet<>();
        Map<List<SubflowId>, PairDecision> dropped = new HashMap<>();
        List<SubflowId> gone = new ArrayList<>();
        for (SubflowId id : removed) {
            SubflowSummary before = live.remove(id);
            if (before != null) {
                gone.add(id);
                regroup.add(id);
                unindex(before);
                forget(id, regroup, dropped);
            }
        }
        for (SubflowSummary s : changed) {
            SubflowSummary before = live.put(s.id(), s);
            if (before != null) {
                unindex(before);
            }
            regroup.add(s.id());
            forget(s.id(), regroup, dropped);
            for (long token : s.tokens()) {
                Set<SubflowId> others = holders.computeIfAbsent(token, t -> new HashSet<>());
                others.add(s.id());
                regroup.addAll(others);
            }
        }
        List<PairChange> pairs = new ArrayList<>();
        for (PairDecision d : renewed) {
            if (!live.containsKey(d.a()) || !live.containsKey(d.b())) {
                throw new IllegalArgumentException("decision on " + d.a() + "|" + d.b() + " names a subflow not live");
            }
            PairDecision before = decisions.computeIfAbsent(d.a(), k -> new HashMap<>()).put(d.b(), d);
            decisions.computeIfAbsent(d.b(), k -> new HashMap<>()).put(d.a(), d);
            PairDecision wasDropped = dropped.remove(List.of(d.a(), d.b()));
            pairs.add(new PairChange(before != null ? before : wasDropped, d));
            linked(d, regroup);
        }
        dropped.values().forEach(d -> pairs.add(new PairChange(d, null)));

        Map<Session, Boolean> ended = new IdentityHashMap<>();
        for (SubflowId id : List.copyOf(regroup)) {
            Session before = sessionOf.get(id);
            if (before != null && ended.put(before, Boolean.TRUE) == null) {
                before.subflows().forEach(m -> regroup.add(m.id()));
            }
        }
        gone.forEach(sessionOf::remove);
        return new Change(List.copyOf(ended.keySet()), regroup(regroup), gone, pairs);
    }

    /** The live subflows, for a checkpoint. */
    public Collection<SubflowSummary> subflows() {
        return Collections.unmodifiableCollection(live.values());
    }

    /** Every standing decision, once, for a checkpoint. */
    public List<PairDecision> decisions() {
        List<PairDecision> out = new ArrayList<>();
        decisions.forEach((id, byOther) -> byOther.forEach((other, d) -> {
            if (d.a().equals(id)) {
                out.add(d);
            }
        }));
        return out;
    }

    /** Live subflows. */
    public int size() {
        return live.size();
    }

    private void unindex(SubflowSummary s) {
        for (long token : s.tokens()) {
            Set<SubflowId> others = holders.get(token);
            if (others != null && others.remove(s.id()) && others.isEmpty()) {
                holders.remove(token);
            }
        }
    }

    /** Drops a subflow's decisions (kept in {@code dropped}); the subflows they named must be regrouped. */
    private void forget(SubflowId id, Set<SubflowId> regroup, Map<List<SubflowId>, PairDecision> dropped) {
        Map<SubflowId, PairDecision> old = decisions.remove(id);
        if (old != null) {
            for (Map.Entry<SubflowId, PairDecision> e : old.entrySet()) {
                decisions.get(e.getKey()).remove(id);
                linked(e.getValue(), regroup);
                dropped.put(List.of(e.getValue().a(), e.getValue().b()), e.getValue());
            }
        }
    }

    /**
     * Only a SAME decision links two sessions: one dropped or renewed sends both its subflows'
     * sessions to be regrouped; any other leaves them as they are (its changed subflow is
     * regrouped anyway).
     */
    private static void linked(PairDecision d, Set<SubflowId> regroup) {
        if (d.verdict() == PairDecision.Verdict.SAME) {
            regroup.add(d.a());
            regroup.add(d.b());
        }
    }

    /** Groups the live subflows of {@code regroup}, a union of whole sessions, over their decisions. */
    private List<Session> regroup(Set<SubflowId> regroup) {
        List<SubflowSummary> members = new ArrayList<>();
        for (SubflowId id : regroup) {
            SubflowSummary s = live.get(id);
            if (s != null) {
                members.add(s);
            }
        }
        members.sort((x, y) -> x.id().compareTo(y.id()));
        Map<SubflowId, Integer> index = new HashMap<>();
        for (int i = 0; i < members.size(); i++) {
            index.put(members.get(i).id(), i);
        }
        List<PairDecision> inside = new ArrayList<>();
        for (SubflowSummary s : members) {
            decisions.getOrDefault(s.id(), Map.of()).forEach((other, d) -> {
                // Only a decision that is not SAME can lead out of the sessions regrouped.
                if (d.a().equals(s.id()) && index.containsKey(other)) {
                    inside.add(d);
                }
            });
        }
        List<Session> sessions = Grouper.sessions(members, inside, index);
        for (Session session : sessions) {
            session.subflows().forEach(m -> sessionOf.put(m.id(), session));
        }
        return sessions;
    }
}
