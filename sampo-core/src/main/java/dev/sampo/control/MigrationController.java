package dev.sampo.control;

import dev.sampo.flow.SubflowId;
import dev.sampo.migration.plan.Decision;
import dev.sampo.migration.plan.MigrationPlan;
import dev.sampo.migration.plan.MigrationProtocol;
import dev.sampo.migration.plan.PairBackoff;
import dev.sampo.migration.plan.Planner;
import dev.sampo.migration.plan.PlannerSettings;
import dev.sampo.migration.plan.SessionLoad;
import dev.sampo.steering.LoadReport;
import dev.sampo.steering.NfInstance;
import dev.sampo.steering.Steering;
import dev.sampo.wire.MigrationRecord;
import dev.sampo.wire.MigrationRecord.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs migration planning over a live {@link Steering} table: every accepted load report is a
 * planning round of {@link Planner} over the instances' latest reports and the sessions the table
 * holds, and each plan is executed in the table (every subflow of the session moves at once) as
 * soon as its destination is live. A plan's steps come out as {@link MigrationRecord}s:
 * {@code planned}, {@code moved}, then {@code done} when the destination reports after the move, or
 * {@code aborted} with the reason, which always says where the session is, whole.
 *
 * <p>A session's rate is its instance's reported packet rate times its share of the packets
 * association sampled on that instance: the sampling rate cancels out, so none is needed. No new
 * round is planned while a plan is under way (the source's queue lags the move by a report or two,
 * and would otherwise be relieved twice). Not thread-safe.
 */
public final class MigrationController {
    /** A plan under way: moved (waiting for the destination's next report) or waiting for the destination to join. */
    public record Pending(MigrationRecord plan, boolean moved, long sinceMillis) {
    }

    /**
     * Everything the controller holds besides the planner's queue history, for a checkpoint.
     *
     * @param backoff the source and destination pairs with aborted plans (null in a checkpoint from
     *     before back-off: none)
     */
    public record State(long round, List<Pending> pending, List<LoadReport> latest, List<PairBackoff.Entry> backoff) {
    }

    /** What a report or a timer changed: steering decisions to publish and migration steps to report. */
    public record Step(List<dev.sampo.steering.Decision> steering, List<MigrationRecord> migrations) {
    }

    private final Planner planner;
    private final Set<String> allowed;
    private final long spawnWaitMillis;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Map<String, LoadReport> latest = new HashMap<>();
    private final PairBackoff backoff;
    private long round;

    /**
     * @param allowed the instances allowed to report (empty: any); a plan to another is aborted at once
     * @param spawnWaitMillis how long a plan waits for an instance the planner spawns to report
     * @param backoff when a source and destination pair whose plans were aborted (the destination
     *     unknown, or gone) is left alone
     */
    public MigrationController(PlannerSettings settings, MigrationProtocol protocol, Set<String> allowed,
            long spawnWaitMillis, PairBackoff.Settings backoff) {
        this.planner = new Planner(settings, protocol);
        this.allowed = Set.copyOf(allowed);
        this.spawnWaitMillis = spawnWaitMillis;
        this.backoff = new PairBackoff(backoff);
    }

    public State snapshot() {
        return new State(round, List.copyOf(pending.values()), List.copyOf(latest.values()), backoff.snapshot());
    }

    /** A controller as {@link #snapshot} left it; its first round sees no overload (the queue history starts afresh). */
    public static MigrationController restore(PlannerSettings settings, MigrationProtocol protocol, Set<String> allowed,
            long spawnWaitMillis, PairBackoff.Settings backoff, State state) {
        MigrationController c = new MigrationController(settings, protocol, allowed, spawnWaitMillis, backoff);
        c.round = state.round();
        if (state.backoff() != null) {
            c.backoff.restore(state.backoff());
        }
        state.pending().forEach(p -> c.pending.put(p.plan().session(), p));
        state.latest().forEach(r -> c.latest.put(r.instance(), r));
        return c;
    }

    /**
     * A load report the table accepts ({@link Steering#check} found nothing wrong): the table takes
     * it, plans under way progress, and, when none is, a planning round runs.
     */
    public Step report(Steering steering, LoadReport r, long nowMillis) {
        List<dev.sampo.steering.Decision> decisions = new ArrayList<>(steering.report(r, nowMillis));
        List<MigrationRecord> out = new ArrayList<>();
        if (r.leave()) {
            left(steering, Set.of(r.instance()), nowMillis, out);
            return new Step(decisions, out);
        }
        latest.put(r.instance(), r);
        dropEnded(steering, out);
        progress(steering, r.instance(), nowMillis, decisions, out);
        if (pending.isEmpty()) {
            plan(steering, nowMillis, decisions, out);
        }
        return new Step(decisions, out);
    }

    /** Silent instances leave the table; plans whose spawned destination never reported are given up. */
    public Step expire(Steering steering, long nowMillis) {
        Set<String> before = liveIds(steering);
        List<dev.sampo.steering.Decision> decisions = new ArrayList<>(steering.expire(nowMillis));
        before.removeAll(liveIds(steering));
        List<MigrationRecord> out = new ArrayList<>();
        left(steering, before, nowMillis, out);
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (!p.moved() && nowMillis - p.sinceMillis() > spawnWaitMillis) {
                it.remove();
                out.add(backedOff(steering, p, "unknown-instance: " + p.plan().to() + " did not report within "
                        + spawnWaitMillis + " ms", nowMillis));
            }
        }
        return new Step(decisions, out);
    }

    /** Plans under way. */
    public int pendingCount() {
        return pending.size();
    }

    private void plan(Steering steering, long nowMillis, List<dev.sampo.steering.Decision> decisions,
            List<MigrationRecord> out) {
        List<dev.sampo.migration.plan.LoadReport> reports = new ArrayList<>();
        for (NfInstance i : steering.liveInstances()) {
            LoadReport r = latest.get(i.id());
            if (r != null) {
                reports.add(new dev.sampo.migration.plan.LoadReport(i.id(), r.queueDepth(), r.packetRate(),
                        r.capacity()));
            }
        }
        round++;
        for (Decision d : planner.plan(reports, sessionLoads(steering), (f, t) -> backoff.blocked(f, t, nowMillis))) {
            if (d instanceof Decision.NoSolution n) {
                out.add(new MigrationRecord(round, 0, null, List.of(), n.instance(), null, null, null, n.volumePps(),
                        Status.NO_SOLUTION, n.why()));
            } else if (d instanceof Decision.Move m) {
                m.plans().forEach(plan -> start(steering, plan, nowMillis, decisions, out));
            }
        }
    }

    /** The sessions on reporting instances, each with its share of its instance's packet rate. */
    private List<SessionLoad> sessionLoads(Steering steering) {
        List<Steering.Placed> placed = steering.placed().stream().filter(p -> latest.containsKey(p.instance())).toList();
        Map<String, Long> sampledOn = new HashMap<>();
        placed.forEach(p -> sampledOn.merge(p.instance(), p.packets(), Long::sum));
        List<SessionLoad> loads = new ArrayList<>();
        for (Steering.Placed p : placed) {
            if (p.members().isEmpty()) {
                continue;
            }
            long sampled = sampledOn.get(p.instance());
            double rate = sampled == 0 ? 0 : latest.get(p.instance()).packetRate() * p.packets() / sampled;
            loads.add(new SessionLoad(p.session(), p.instance(), p.members().stream().map(SubflowId::toString).toList(),
                    rate));
        }
        return loads;
    }

    private void start(Steering steering, MigrationPlan plan, long nowMillis,
            List<dev.sampo.steering.Decision> decisions, List<MigrationRecord> out) {
        MigrationRecord planned = new MigrationRecord(round, plan.order(), plan.session(), plan.subflows(), plan.from(),
                plan.to(), plan.reason().name(), plan.protocol().cliName(), plan.ratePps(), Status.PLANNED, null);
        out.add(planned);
        if (!allowed.isEmpty() && !allowed.contains(plan.to())) {
            out.add(backedOff(steering, new Pending(planned, false, nowMillis),
                    "unknown-instance: " + plan.to() + " is not among the instances allowed to report", nowMillis));
        } else if (liveIds(steering).contains(plan.to())) {
            move(steering, planned, nowMillis, decisions, out);
        } else {
            pending.put(plan.session(), new Pending(planned, false, nowMillis));
        }
    }

    private void move(Steering steering, MigrationRecord plan, long nowMillis,
            List<dev.sampo.steering.Decision> decisions, List<MigrationRecord> out) {
        decisions.addAll(steering.migrate(plan.session(), plan.to()));
        pending.put(plan.session(), new Pending(plan, true, nowMillis));
        out.add(plan.with(Status.MOVED, null));
    }

    /** The instance reported: plans moved to it are done, plans waiting for it move. */
    private void progress(Steering steering, String instance, long nowMillis,
            List<dev.sampo.steering.Decision> decisions, List<MigrationRecord> out) {
        for (Pending p : List.copyOf(pending.values())) {
            MigrationRecord plan = p.plan();
            if (!plan.to().equals(instance)) {
                continue;
            }
            if (p.moved()) {
                pending.remove(plan.session());
                backoff.completed(plan.from(), destinationOf(plan));
                out.add(plan.with(Status.DONE, null));
            } else if (plan.from().equals(steering.instanceOfSession(plan.session()))) {
                move(steering, plan, nowMillis, decisions, out);
            } else {
                pending.remove(plan.session());
                out.add(aborted(steering, p, "session-moved: it left " + plan.from() + " before " + instance
                        + " joined"));
            }
        }
    }

    /** Plans of sessions that association no longer reports have nothing left to move. */
    private void dropEnded(Steering steering, List<MigrationRecord> out) {
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (steering.instanceOfSession(p.plan().session()) == null) {
                it.remove();
                out.add(p.plan().with(Status.ABORTED, "session-ended"));
            }
        }
    }

    /**
     * Instances left (the table has already handed their sessions on, whole): a plan to one of
     * them, or one waiting on a source that left, is given up.
     */
    private void left(Steering steering, Set<String> gone, long nowMillis, List<MigrationRecord> out) {
        if (gone.isEmpty()) {
            return;
        }
        gone.forEach(latest::remove);
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            MigrationRecord plan = p.plan();
            if (gone.contains(plan.to())) {
                it.remove();
                out.add(backedOff(steering, p, "destination-left: " + plan.to() + " left " + (p.moved()
                        ? "before it reported after the move" : "before the move"), nowMillis));
            } else if (!p.moved() && gone.contains(plan.from())) {
                it.remove();
                out.add(aborted(steering, p, "source-left: " + plan.from() + " left before the move"));
            }
        }
    }

    /** Aborted for its destination's sake (unknown, or gone): the pair counts an abort towards its back-off. */
    private MigrationRecord backedOff(Steering steering, Pending p, String why, long nowMillis) {
        MigrationRecord plan = p.plan();
        backoff.aborted(plan.from(), destinationOf(plan), nowMillis);
        long blocked = backoff.remainingMillis(plan.from(), destinationOf(plan), nowMillis);
        return aborted(steering, p, blocked == 0 ? why : why + "; no plan from " + plan.from() + " to "
                + (destinationOf(plan) == null ? "a new instance" : plan.to()) + " for " + blocked + " ms");
    }

    /** A plan's destination as back-off counts it: a scale-out goes to "a new instance", whatever its name. */
    private static String destinationOf(MigrationRecord plan) {
        return "SCALE_OUT".equals(plan.reason()) ? null : plan.to();
    }

    private static MigrationRecord aborted(Steering steering, Pending p, String why) {
        String at = steering.instanceOfSession(p.plan().session());
        return p.plan().with(Status.ABORTED, why + "; the session is whole on "
                + (at == null ? "no instance yet (it waits for one)" : at));
    }

    private static Set<String> liveIds(Steering steering) {
        Set<String> ids = new HashSet<>();
        steering.liveInstances().forEach(i -> ids.add(i.id()));
        return ids;
    }
}
