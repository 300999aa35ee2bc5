package dev.sampo.migration.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The thesis's Algorithm 2 with the session as the unit. For each overloaded instance: the volume
 * to move is the overload plus a margin of its capacity; running instances are tried before a new
 * one is spawned; a destination qualifies when its free capacity, less the margin, exceeds what it
 * receives; whole sessions are accumulated, largest first (fewest handovers), until the volume is
 * reached. When nothing fits the answer is an explicit {@link Decision.NoSolution}. In a round
 * without overload, one instance whose sessions all fit elsewhere within the margins is retired.
 *
 * <p>The accumulation is greedy, as in the thesis: a destination where only some other subset of
 * sessions would fit is passed over, and the next candidate (or a new instance) takes the volume.
 * Not thread-safe: one planner per controller, fed one round at a time.
 */
public final class Planner {
    private final PlannerSettings settings;
    private final MigrationProtocol protocol;
    private final OverloadDetector detector;
    private int spawned;

    public Planner(PlannerSettings settings, MigrationProtocol protocol) {
        this.settings = settings;
        this.protocol = protocol;
        this.detector = new OverloadDetector(settings.queueThreshold());
    }

    /**
     * One planning round over the latest report of every running instance and the sessions they
     * hold. Returns the decisions in the order they should run; empty when all is well.
     */
    public List<Decision> plan(List<LoadReport> reports, List<SessionLoad> sessions) {
        return plan(reports, sessions, (from, to) -> false);
    }

    /** Whether a source and destination pair is off limits this round; {@code to} is null for a new instance. */
    @FunctionalInterface
    public interface Blocked {
        boolean test(String from, String to);
    }

    /**
     * One round as {@link #plan(List, List)}, never moving sessions along a blocked pair: a blocked
     * running destination is passed over, and a blocked scale-out is no solution.
     */
    public List<Decision> plan(List<LoadReport> reports, List<SessionLoad> sessions, Blocked blocked) {
        Map<String, Instance> instances = new LinkedHashMap<>();
        List<Instance> overloaded = new ArrayList<>();
        for (LoadReport r : reports) {
            Instance instance = new Instance(r.instance(), r.capacityPps(), r.packetRatePps());
            if (instances.put(r.instance(), instance) != null) {
                throw new IllegalArgumentException("two load reports for instance " + r.instance() + " in one round");
            }
            if (detector.overloaded(r)) {
                overloaded.add(instance);
            }
        }
        Set<String> seen = new HashSet<>();
        for (SessionLoad s : sessions) {
            if (!seen.add(s.session())) {
                throw new IllegalArgumentException("session " + s.session() + " is reported twice in one round");
            }
            Instance at = instances.get(s.instance());
            if (at == null) {
                throw new IllegalArgumentException("session " + s.session() + " is on " + s.instance()
                        + ", which sent no load report");
            }
            at.sessions.add(s);
        }
        Round round = new Round(instances, overloaded.stream().map(i -> i.name).collect(Collectors.toSet()), blocked);
        overloaded.sort(Comparator.comparingDouble((Instance i) -> i.ratePps - i.capacityPps).reversed()
                .thenComparing(i -> i.name));
        for (Instance source : overloaded) {
            round.decisions.add(relieve(source, round));
        }
        if (overloaded.isEmpty()) {
            scaleIn(round);
        }
        return round.decisions;
    }

    private Decision relieve(Instance source, Round round) {
        double volume = Math.max(0, source.ratePps - source.capacityPps) + settings.margin() * source.capacityPps;
        List<Instance> running = round.instances.values().stream()
                .filter(i -> i != source && !round.overloaded(i) && !round.blocked.test(source.name, i.name))
                .sorted(Comparator.comparingDouble(this::free).reversed().thenComparing(i -> i.name))
                .toList();
        for (Instance destination : running) {
            List<SessionLoad> chosen = accumulate(source.sessions, volume, free(destination));
            if (chosen != null) {
                return round.move(source, destination, chosen, MigrationReason.REBALANCE, null);
            }
        }
        if (round.instances.size() >= settings.maxInstances()) {
            return new Decision.NoSolution(source.name, volume, "no running instance has " + fmt(volume)
                    + " pps free within the margin, and " + settings.maxInstances() + " instances already run");
        }
        if (round.blocked.test(source.name, null)) {
            return new Decision.NoSolution(source.name, volume, "no running instance has " + fmt(volume)
                    + " pps free within the margin, and plans from " + source.name
                    + " to a new instance are backed off (aborted again and again)");
        }
        String name = nextInstanceName(round);
        Instance fresh = new Instance(name, settings.newInstanceCapacityPps(), 0);
        List<SessionLoad> chosen = accumulate(source.sessions, volume, free(fresh));
        if (chosen == null) {
            return new Decision.NoSolution(source.name, volume, "no set of whole sessions of " + source.name
                    + " sums to " + fmt(volume) + " pps and fits in any running instance or a new one of "
                    + fmt(settings.newInstanceCapacityPps()) + " pps within the margin");
        }
        round.instances.put(name, fresh);
        return round.move(source, fresh, chosen, MigrationReason.SCALE_OUT, name);
    }

    /** Whole sessions, largest first, until their sum reaches the volume while staying under the room; null if impossible. */
    private static List<SessionLoad> accumulate(List<SessionLoad> candidates, double volume, double room) {
        List<SessionLoad> chosen = new ArrayList<>();
        double total = 0;
        for (SessionLoad s : largestFirst(candidates)) {
            if (total >= volume) {
                break;
            }
            if (total + s.ratePps() < room) {
                chosen.add(s);
                total += s.ratePps();
            }
        }
        return total >= volume && !chosen.isEmpty() ? chosen : null;
    }

    /** Retires the least loaded instance if every one of its sessions fits elsewhere within the margins. */
    private void scaleIn(Round round) {
        if (round.instances.size() <= settings.minInstances()) {
            return;
        }
        Instance victim = round.instances.values().stream()
                .min(Comparator.comparingDouble((Instance i) -> i.ratePps).thenComparing(i -> i.name)).orElseThrow();
        List<Instance> others = new ArrayList<>(round.instances.values());
        others.remove(victim);
        Map<Instance, List<SessionLoad>> placement = new LinkedHashMap<>();
        Map<Instance, Double> added = new LinkedHashMap<>();
        for (SessionLoad s : largestFirst(victim.sessions)) {
            Instance target = others.stream()
                    .filter(o -> added.getOrDefault(o, 0.0) + s.ratePps() < free(o)
                            && !round.blocked.test(victim.name, o.name))
                    .max(Comparator.comparingDouble((Instance o) -> free(o) - added.getOrDefault(o, 0.0))
                            .thenComparing(o -> o.name, Comparator.reverseOrder()))
                    .orElse(null);
            if (target == null) {
                return;
            }
            placement.computeIfAbsent(target, t -> new ArrayList<>()).add(s);
            added.merge(target, s.ratePps(), Double::sum);
        }
        List<MigrationPlan> plans = new ArrayList<>();
        placement.forEach((target, moved) -> plans.addAll(round.plans(victim, target, moved, MigrationReason.SCALE_IN)));
        round.decisions.add(new Decision.Move(victim.name, plans, null, victim.name));
        detector.forget(victim.name);
    }

    /** Capacity a destination can still take: capacity less the margin, less what it carries. */
    private double free(Instance i) {
        return i.capacityPps * (1 - settings.margin()) - i.ratePps;
    }

    private String nextInstanceName(Round round) {
        String name;
        do {
            name = settings.instancePrefix() + (++spawned);
        } while (round.instances.containsKey(name));
        return name;
    }

    private static List<SessionLoad> largestFirst(List<SessionLoad> sessions) {
        return sessions.stream()
                .sorted(Comparator.comparingDouble(SessionLoad::ratePps).reversed().thenComparing(SessionLoad::session))
                .toList();
    }

    private static String fmt(double pps) {
        return String.format(Locale.ROOT, "%.1f", pps);
    }

    /** An instance as the round sees it, updated as plans are made so two plans do not fill one destination twice. */
    private static final class Instance {
        final String name;
        final double capacityPps;
        double ratePps;
        final List<SessionLoad> sessions = new ArrayList<>();

        Instance(String name, double capacityPps, double ratePps) {
            this.name = name;
            this.capacityPps = capacityPps;
            this.ratePps = ratePps;
        }
    }

    /** The working state of one planning round. */
    private final class Round {
        final Map<String, Instance> instances;
        final Set<String> overloaded;
        final Blocked blocked;
        final List<Decision> decisions = new ArrayList<>();
        int order;

        Round(Map<String, Instance> instances, Set<String> overloaded, Blocked blocked) {
            this.instances = instances;
            this.overloaded = overloaded;
            this.blocked = blocked;
        }

        /** An overloaded instance never receives sessions, even once its own plan is made. */
        boolean overloaded(Instance i) {
            return overloaded.contains(i.name);
        }

        Decision.Move move(Instance source, Instance destination, List<SessionLoad> chosen, MigrationReason reason,
                String spawn) {
            return new Decision.Move(source.name, plans(source, destination, chosen, reason), spawn, null);
        }

        List<MigrationPlan> plans(Instance source, Instance destination, List<SessionLoad> chosen,
                MigrationReason reason) {
            List<MigrationPlan> plans = new ArrayList<>();
            for (SessionLoad s : chosen) {
                plans.add(new MigrationPlan(order++, s.session(), s.subflows(), source.name, destination.name, reason,
                        protocol, s.ratePps()));
                source.ratePps -= s.ratePps();
                destination.ratePps += s.ratePps();
                source.sessions.remove(s);
                destination.sessions.add(s);
            }
            return plans;
        }
    }
}
