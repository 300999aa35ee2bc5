package dev.sampo.steering;

import dev.sampo.association.AssociationResult;
import dev.sampo.association.Session;
import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The steering table: which NF instance each subflow goes to, so that every subflow of a session
 * that association has grouped reaches one instance.
 *
 * <ul>
 *   <li>A subflow not (yet) associated with another goes where its 5-tuple hashes
 *       ({@link Rendezvous} over the canonical subflow id), which is what a steering point does
 *       with a subflow it finds no entry for; the table only makes that sticky.</li>
 *   <li>A session that association has just formed from such subflows stays where the subflow
 *       with the most sampled packets already is, so the fewest packets change instance, unless
 *       that instance carries more than (1 + ε) times the mean load per capacity: then it takes
 *       the first instance of its rendezvous ranking on the session id that does not.</li>
 *   <li>Once placed, a session keeps its instance: a subflow associated later, or a session
 *       merged into it, follows it ({@link Decision.Action#MOVE}).</li>
 *   <li>An instance that joins takes only new placements; one that leaves (a leave report, or
 *       silence) hands each of its sessions to the next instance of that session's ranking.
 *       Nothing else moves.</li>
 * </ul>
 * Not thread-safe.
 */
public final class Steering {
    /**
     * Everything the table holds, for a checkpoint: the live instances and each session id's
     * instance and members (a subflow's entry is its session's).
     */
    public record State(List<InstanceState> instances, List<SessionState> sessions, long moves) {
    }

    public record InstanceState(String id, double capacity, double load, long lastReportMillis) {
    }

    public record SessionState(String session, String instance, boolean established, List<SubflowId> members,
            long packets) {
    }

    /**
     * A session id with an instance, as migration planning sees it.
     *
     * @param packets the packets association sampled of its subflows so far
     */
    public record Placed(String session, String instance, List<SubflowId> members, long packets) {
    }

    /** Why a load report is not taken. */
    public enum Rejection {
        /** Not among the configured instances, or a leave from an instance that is not there. */
        UNKNOWN_INSTANCE,
        /** A report of capacity 0: such an instance could take no session. */
        ZERO_CAPACITY
    }

    private record Placement(String session, String instance) {
    }

    /** A session id's instance and current members; established once it had two subflows. */
    private static final class Group {
        final Set<SubflowId> members = new LinkedHashSet<>();
        String instance;
        boolean established;
        long packets;
    }

    private static final class Live {
        NfInstance instance;
        double load;
        long lastReportMillis;
    }

    private final SteeringConfig config;
    private final Map<String, Live> instances = new TreeMap<>();
    private final Map<SubflowId, Placement> placements = new HashMap<>();
    private final Map<String, Group> groups = new HashMap<>();
    private long moves;

    public Steering(SteeringConfig config) {
        this.config = config;
    }

    public State snapshot() {
        List<InstanceState> is = instances.values().stream()
                .map(l -> new InstanceState(l.instance.id(), l.instance.capacity(), l.load, l.lastReportMillis)).toList();
        List<SessionState> ss = groups.entrySet().stream().map(e -> new SessionState(e.getKey(), e.getValue().instance,
                e.getValue().established, List.copyOf(e.getValue().members), e.getValue().packets)).toList();
        return new State(is, ss, moves);
    }

    /** A table as a {@link #snapshot} left it. */
    public static Steering restore(SteeringConfig config, State state) {
        Steering st = new Steering(config);
        for (InstanceState i : state.instances()) {
            Live l = new Live();
            l.instance = new NfInstance(i.id(), i.capacity());
            l.load = i.load();
            l.lastReportMillis = i.lastReportMillis();
            st.instances.put(i.id(), l);
        }
        for (SessionState s : state.sessions()) {
            Group g = new Group();
            g.instance = s.instance();
            g.established = s.established();
            g.packets = s.packets();
            g.members.addAll(s.members());
            st.groups.put(s.session(), g);
            s.members().forEach(sf -> st.placements.put(sf, new Placement(s.session(), s.instance())));
        }
        st.moves = state.moves();
        return st;
    }

    /** Whether {@link #report} takes this report, or why not. */
    public Rejection check(LoadReport r) {
        boolean allowed = config.instances().isEmpty() || config.instances().contains(r.instance());
        if (!allowed || (r.leave() && !instances.containsKey(r.instance()))) {
            return Rejection.UNKNOWN_INSTANCE;
        }
        return !r.leave() && r.capacity() == 0 ? Rejection.ZERO_CAPACITY : null;
    }

    /**
     * A load report: a new instance joins (and takes the subflows that waited for any instance),
     * a known one updates its capacity and load, a leave hands its sessions on.
     *
     * @throws IllegalArgumentException for a report {@link #check} rejects
     */
    public List<Decision> report(LoadReport r, long nowMillis) {
        Rejection rejection = check(r);
        if (rejection != null) {
            throw new IllegalArgumentException("load report of " + r.instance() + " rejected: " + rejection);
        }
        if (r.leave()) {
            return leave(r.instance());
        }
        Live live = instances.get(r.instance());
        boolean joins = live == null;
        if (joins) {
            live = new Live();
            instances.put(r.instance(), live);
        }
        live.instance = new NfInstance(r.instance(), r.capacity());
        live.load = r.load();
        live.lastReportMillis = nowMillis;
        return joins ? placeWaiting() : List.of();
    }

    /** Instances silent for longer than the configured timeout leave. */
    public List<Decision> expire(long nowMillis) {
        List<String> silent = instances.values().stream()
                .filter(l -> nowMillis - l.lastReportMillis > config.silenceMillis())
                .map(l -> l.instance.id()).toList();
        List<Decision> out = new ArrayList<>();
        silent.forEach(id -> out.addAll(leave(id)));
        return out;
    }

    /** A session as association now sees it: its subflows go to its instance. */
    public List<Decision> session(Session s) {
        Group old = groups.get(s.id());
        String target = instances.isEmpty() ? null : target(s, old);
        Group g = old != null ? old : new Group();
        g.instance = target;
        g.established |= s.subflows().size() >= 2;
        g.packets = s.subflows().stream().mapToLong(Session.Member::packets).sum();
        groups.put(s.id(), g);
        List<Decision> out = new ArrayList<>();
        for (Session.Member m : s.subflows()) {
            assign(m.id(), s.id(), g, out);
        }
        return out;
    }

    /**
     * Moves every subflow of a placed session to a live instance at once (a migration plan
     * executed): one {@link Decision.Action#MOVE} per subflow. The session stays there, as any
     * placed session stays, and subflows that join it later follow it.
     *
     * @throws IllegalArgumentException when the session is not placed, or the instance is not live
     *     or already holds it
     */
    public List<Decision> migrate(String session, String to) {
        Group g = groups.get(session);
        if (g == null || g.instance == null) {
            throw new IllegalArgumentException("cannot migrate session " + session + ": it is not placed");
        }
        if (!instances.containsKey(to) || to.equals(g.instance)) {
            throw new IllegalArgumentException("cannot migrate session " + session + " from " + g.instance + " to "
                    + to + ": not another live instance");
        }
        g.instance = to;
        List<Decision> out = new ArrayList<>();
        for (SubflowId sf : List.copyOf(g.members)) {
            assign(sf, session, g, out);
        }
        return out;
    }

    /** Every session id that has an instance, with its members and sampled packets. */
    public List<Placed> placed() {
        return groups.entrySet().stream().filter(e -> e.getValue().instance != null)
                .map(e -> new Placed(e.getKey(), e.getValue().instance, List.copyOf(e.getValue().members),
                        e.getValue().packets))
                .toList();
    }

    /** The instance a session id is steered to, or null when it is unknown or waits for one. */
    public String instanceOfSession(String session) {
        Group g = groups.get(session);
        return g == null ? null : g.instance;
    }

    /** A session id that association no longer reports: its remaining subflows ended. */
    public List<Decision> endSession(String id) {
        Group g = groups.remove(id);
        if (g == null) {
            return List.of();
        }
        List<Decision> out = new ArrayList<>();
        for (SubflowId sf : g.members) {
            removed(sf, placements.remove(sf), out);
        }
        return out;
    }

    /** A subflow that ended (timed out in association). */
    public List<Decision> forget(SubflowId subflow) {
        Placement p = placements.remove(subflow);
        if (p == null) {
            return List.of();
        }
        Group g = groups.get(p.session);
        g.members.remove(subflow);
        if (g.members.isEmpty()) {
            groups.remove(p.session);
        }
        List<Decision> out = new ArrayList<>(1);
        removed(subflow, p, out);
        return out;
    }

    /** A subflow left the table: an entry that was ever given out is withdrawn. */
    private static void removed(SubflowId subflow, Placement p, List<Decision> out) {
        if (p.instance != null) {
            out.add(new Decision(subflow, p.session, null, Decision.Action.REMOVE, null));
        }
    }

    /** One association period's outcome: every session, then the end of those it no longer holds. */
    public List<Decision> apply(AssociationResult result) {
        List<Decision> out = new ArrayList<>();
        Set<String> current = new HashSet<>();
        Set<SubflowId> live = new HashSet<>();
        for (Session s : result.sessions()) {
            current.add(s.id());
            s.subflows().forEach(m -> live.add(m.id()));
            out.addAll(session(s));
        }
        for (String id : List.copyOf(groups.keySet())) {
            if (!current.contains(id)) {
                out.addAll(endSession(id));
            }
        }
        for (SubflowId sf : List.copyOf(placements.keySet())) {
            if (!live.contains(sf)) {
                out.addAll(forget(sf));
            }
        }
        return out;
    }

    /**
     * Where a packet of this subflow goes now: its entry, or its 5-tuple hash over the live
     * instances; null when no instance is live.
     */
    public String instanceOf(SubflowId subflow) {
        String entry = entryOf(subflow);
        if (entry != null) {
            return entry;
        }
        return instances.isEmpty() ? null : hashed(subflow);
    }

    /** The subflow's entry in the table, or null when it has none (or waits for an instance). */
    public String entryOf(SubflowId subflow) {
        Placement p = placements.get(subflow);
        return p == null ? null : p.instance;
    }

    /** Subflows moved from one instance to another so far. */
    public long moves() {
        return moves;
    }

    public List<NfInstance> liveInstances() {
        return instances.values().stream().map(l -> l.instance).toList();
    }

    /** Subflows in the table. */
    public int size() {
        return placements.size();
    }

    private String target(Session s, Group old) {
        if (old != null && old.established && old.instance != null && instances.containsKey(old.instance)) {
            return old.instance;
        }
        // A session formed around established ones keeps the instance of the biggest of them.
        Map<String, Long> establishedPackets = new TreeMap<>();
        String busiest = null;
        long busiestPackets = -1;
        for (Session.Member m : s.subflows()) {
            Placement p = placements.get(m.id());
            String at = p == null || p.instance == null ? hashed(m.id()) : p.instance;
            if (!instances.containsKey(at)) {
                continue;
            }
            Group g = p == null ? null : groups.get(p.session);
            if (g != null && g.established) {
                establishedPackets.merge(at, m.packets() + 1, Long::sum);
            }
            if (m.packets() > busiestPackets) {
                busiest = at;
                busiestPackets = m.packets();
            }
        }
        if (!establishedPackets.isEmpty()) {
            return establishedPackets.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }
        if (s.subflows().size() == 1) {
            return busiest != null ? busiest : hashed(s.subflows().get(0).id());
        }
        return leastMoving(s.id(), busiest);
    }

    /** The preferred instance unless it is overloaded, else the session's ranking past overloaded ones. */
    private String leastMoving(String session, String preferred) {
        if (preferred != null && !overloaded(preferred)) {
            return preferred;
        }
        List<NfInstance> ranking = Rendezvous.ranking(session, liveInstances());
        for (NfInstance i : ranking) {
            if (!overloaded(i.id())) {
                return i.id();
            }
        }
        return ranking.get(0).id();
    }

    /** Load per capacity above (1 + ε) times the mean: new sessions go elsewhere. */
    private boolean overloaded(String id) {
        double load = 0;
        double capacity = 0;
        for (Live l : instances.values()) {
            load += l.load;
            capacity += l.instance.capacity();
        }
        Live l = instances.get(id);
        return load > 0 && l.load / l.instance.capacity() > (1 + config.loadBound()) * load / capacity;
    }

    private void assign(SubflowId sf, String session, Group g, List<Decision> out) {
        Placement before = placements.get(sf);
        if (before != null && !before.session.equals(session)) {
            Group was = groups.get(before.session);
            if (was != null) {
                was.members.remove(sf);
                if (was.members.isEmpty()) {
                    groups.remove(before.session);
                }
            }
        }
        g.members.add(sf);
        placements.put(sf, new Placement(session, g.instance));
        if (g.instance == null) {
            return;
        }
        // Without an entry, a steering point has been sending the subflow to its 5-tuple hash.
        String was = before == null || before.instance == null ? hashed(sf) : before.instance;
        if (!was.equals(g.instance)) {
            moves++;
            out.add(new Decision(sf, session, g.instance, Decision.Action.MOVE, was));
        } else if (before == null || before.instance == null || !before.session.equals(session)) {
            out.add(new Decision(sf, session, g.instance, Decision.Action.PLACE, null));
        }
    }

    private List<Decision> leave(String id) {
        instances.remove(id);
        List<Decision> out = new ArrayList<>();
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            Group g = e.getValue();
            if (id.equals(g.instance)) {
                g.instance = null;
                out.addAll(rehome(e.getKey(), g));
            }
        }
        return out;
    }

    /** Subflows that wait for an instance (none was live when they came) get one. */
    private List<Decision> placeWaiting() {
        List<Decision> out = new ArrayList<>();
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            if (e.getValue().instance == null) {
                out.addAll(rehome(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    /** A group without an instance gets one: a session by its ranking, a lone subflow by its hash. */
    private List<Decision> rehome(String session, Group g) {
        if (instances.isEmpty()) {
            g.members.forEach(sf -> placements.put(sf, new Placement(session, null)));
            return List.of();
        }
        g.instance = g.established || g.members.size() != 1 ? leastMoving(session, null)
                : hashed(g.members.iterator().next());
        List<Decision> out = new ArrayList<>();
        for (SubflowId sf : List.copyOf(g.members)) {
            assign(sf, session, g, out);
        }
        return out;
    }

    private String hashed(SubflowId subflow) {
        return Rendezvous.owner(subflow.toString(), liveInstances()).id();
    }
}
