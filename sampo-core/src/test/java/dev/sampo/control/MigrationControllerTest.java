package dev.sampo.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.association.Evidence;
import dev.sampo.association.Session;
import dev.sampo.flow.SubflowId;
import dev.sampo.migration.plan.MigrationProtocol;
import dev.sampo.migration.plan.PairBackoff;
import dev.sampo.migration.plan.PlannerSettings;
import dev.sampo.steering.Decision;
import dev.sampo.steering.LoadReport;
import dev.sampo.steering.Steering;
import dev.sampo.steering.SteeringConfig;
import dev.sampo.wire.MigrationRecord;
import dev.sampo.wire.MigrationRecord.Status;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Planning over a live steering table: an overloaded instance's largest session moves whole and is
 * done when the destination reports; a destination that leaves, or a spawned one that never comes,
 * ends the plan with the reason and the session whole somewhere.
 */
class MigrationControllerTest {
    private static final long SILENCE = 10_000;
    private static final long SPAWN_WAIT = 5_000;
    /** Scale-in off (it needs more instances than the maximum): these scenarios are about overload. */
    private static final PlannerSettings SETTINGS = new PlannerSettings(20, 0.10, 250, 4, 4, "nf-");
    /** Blocked after 2 aborts in a row, for 10 s, then 20 s, …, at most 40 s. */
    private static final PairBackoff.Settings BACKOFF = new PairBackoff.Settings(2, 10_000, 40_000);

    private Steering steering;
    private MigrationController controller;
    private final List<Session> sessions = List.of(session(1, 50), session(2, 30), session(3, 20));

    @BeforeEach
    void threeSessionsOnA() {
        steering = new Steering(new SteeringConfig(0.25, SILENCE, Set.of()));
        controller = new MigrationController(SETTINGS, MigrationProtocol.WEAK_O, Set.of(), SPAWN_WAIT, BACKOFF);
        report("nf-a", 1000, 900, 0, 0);
        sessions.forEach(steering::session);
        report("nf-b", 1000, 100, 0, 0);
        sessions.forEach(s -> assertEquals("nf-a", steering.instanceOfSession(s.id())));
    }

    @Test
    void theOverloadedInstancesLargestSessionMovesWholeAndIsDoneWhenTheDestinationReports() {
        MigrationController.Step step = report("nf-a", 1000, 1100, 30, 1);
        Session biggest = sessions.get(0);
        assertEquals(List.of(Status.PLANNED, Status.MOVED), statuses(step));
        MigrationRecord plan = step.migrations().get(0);
        assertEquals(biggest.id(), plan.session());
        assertEquals("nf-b", plan.to());
        assertEquals("REBALANCE", plan.reason());
        assertEquals(550.0, plan.ratePps(), 1e-9, "nf-a's 1100 pps times the session's 50 of 100 sampled packets");
        assertEquals(memberIds(biggest), plan.subflows());
        assertEquals(memberIds(biggest), step.steering().stream().map(d -> d.subflow().toString()).toList());
        assertTrue(step.steering().stream().allMatch(d -> d.action() == Decision.Action.MOVE
                && d.instance().equals("nf-b") && d.from().equals("nf-a")));
        assertEquals(List.of(Status.DONE), statuses(report("nf-b", 1000, 650, 0, 2)));
        assertEquals(0, controller.pendingCount());
    }

    @Test
    void aPlanUnderWaySurvivesACheckpointAsJson() throws Exception {
        report("nf-a", 1000, 1100, 30, 1);
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(controller.snapshot());
        controller = MigrationController.restore(SETTINGS, MigrationProtocol.WEAK_O, Set.of(), SPAWN_WAIT, BACKOFF,
                mapper.readValue(json, MigrationController.State.class));
        assertEquals(1, controller.pendingCount());
        MigrationController.Step step = report("nf-b", 1000, 650, 0, 2);
        assertEquals(List.of(Status.DONE), statuses(step));
        assertEquals(sessions.get(0).id(), step.migrations().get(0).session());
    }

    @Test
    void aDestinationThatLeavesBeforeReportingAfterTheMoveAbortsTheMoveAndTheSessionStaysWhole() {
        report("nf-a", 1000, 1100, 30, 1);
        MigrationController.Step step = controller.report(steering, LoadReport.leave("nf-b"), 2);
        assertEquals(List.of(Status.ABORTED), statuses(step));
        assertTrue(step.migrations().get(0).detail().startsWith("destination-left"), step.migrations().get(0).detail());
        assertTrue(step.migrations().get(0).detail().endsWith("whole on nf-a"), step.migrations().get(0).detail());
        for (Session.Member m : sessions.get(0).subflows()) {
            assertEquals("nf-a", steering.entryOf(m.id()));
        }
    }

    @Test
    void aSpawnedInstanceThatNeverReportsEndsThePlanAndOneThatDoesTakesTheSession() {
        report("nf-b", 1000, 850, 0, 1); // 50 pps free within the margin: no session fits
        MigrationController.Step step = report("nf-a", 1000, 1100, 30, 2);
        assertEquals(List.of(Status.PLANNED), statuses(step));
        MigrationRecord plan = step.migrations().get(0);
        assertEquals("SCALE_OUT", plan.reason());
        assertEquals(sessions.get(2).id(), plan.session(), "220 pps: the only session that fits 250 pps less 10 %");
        assertTrue(step.steering().isEmpty(), "nothing moves before the new instance reports");
        step = controller.expire(steering, 2 + SPAWN_WAIT + 1);
        assertEquals(List.of(Status.ABORTED), statuses(step));
        assertTrue(step.migrations().get(0).detail().startsWith("unknown-instance: " + plan.to()));
        assertEquals("nf-a", steering.instanceOfSession(plan.session()));

        step = report("nf-a", 1000, 1100, 40, 3);
        MigrationRecord again = step.migrations().get(0);
        assertEquals(Status.PLANNED, again.status());
        step = report(again.to(), 250, 0, 0, 5);
        assertEquals(List.of(Status.MOVED), statuses(step));
        assertEquals(memberIds(sessions.get(2)), step.steering().stream().map(d -> d.subflow().toString()).toList());
    }

    @Test
    void aPlanToAnInstanceNotAllowedToReportIsAbortedAtOnce() {
        controller = new MigrationController(SETTINGS, MigrationProtocol.WEAK_O, Set.of("nf-a", "nf-b"), SPAWN_WAIT,
                BACKOFF);
        report("nf-b", 1000, 850, 0, 1);
        report("nf-a", 1000, 900, 0, 2);
        MigrationController.Step step = report("nf-a", 1000, 1100, 30, 3);
        assertEquals(List.of(Status.PLANNED, Status.ABORTED), statuses(step));
        assertTrue(step.migrations().get(1).detail().startsWith("unknown-instance"), step.migrations().get(1).detail());
        assertTrue(step.steering().isEmpty());
        assertEquals(0, controller.pendingCount());
    }

    @Test
    void aPairWhosePlansKeepBeingAbortedIsBackedOffLongerEachTimeAndTheBackOffSurvivesACheckpoint() throws Exception {
        controller = new MigrationController(SETTINGS, MigrationProtocol.WEAK_O, Set.of("nf-a", "nf-b"), SPAWN_WAIT,
                BACKOFF);
        report("nf-b", 1000, 850, 0, 1); // no room on nf-b: every plan is a scale-out to an instance not allowed
        report("nf-a", 1000, 900, 0, 2);
        assertEquals(List.of(Status.PLANNED, Status.ABORTED), statuses(report("nf-a", 1000, 1100, 30, 3)));
        MigrationController.Step second = report("nf-a", 1000, 1100, 40, 4);
        assertEquals(List.of(Status.PLANNED, Status.ABORTED), statuses(second));
        assertTrue(second.migrations().get(1).detail().contains("no plan from nf-a to a new instance for 10000 ms"),
                second.migrations().get(1).detail());

        ObjectMapper mapper = new ObjectMapper();
        controller = MigrationController.restore(SETTINGS, MigrationProtocol.WEAK_O, Set.of("nf-a", "nf-b"),
                SPAWN_WAIT, BACKOFF, mapper.readValue(mapper.writeValueAsString(controller.snapshot()),
                        MigrationController.State.class));
        report("nf-a", 1000, 1100, 40, 5); // a restored controller's first round sees no overload
        MigrationController.Step blocked = report("nf-a", 1000, 1100, 50, 6);
        assertEquals(List.of(Status.NO_SOLUTION), statuses(blocked));
        assertTrue(blocked.migrations().get(0).detail().contains("backed off"), blocked.migrations().get(0).detail());
        assertEquals(List.of(Status.NO_SOLUTION), statuses(report("nf-a", 1000, 1100, 60, 4 + 9_999)));

        MigrationController.Step third = report("nf-a", 1000, 1100, 70, 4 + 10_000);
        assertEquals(List.of(Status.PLANNED, Status.ABORTED), statuses(third), "tried again once the block is over");
        assertTrue(third.migrations().get(1).detail().contains("for 20000 ms"), third.migrations().get(1).detail());
        assertEquals(List.of(Status.NO_SOLUTION), statuses(report("nf-a", 1000, 1100, 80, 4 + 10_000 + 19_999)));
    }

    @Test
    void oneAbortIsNotAPatternAnotherPairIsFreeAndACompletedPlanClearsThePair() {
        PairBackoff backoff = new PairBackoff(BACKOFF);
        backoff.aborted("nf-a", "nf-b", 0);
        assertEquals(false, backoff.blocked("nf-a", "nf-b", 0), "one abort is not a pattern");
        backoff.aborted("nf-a", "nf-b", 0);
        assertTrue(backoff.blocked("nf-a", "nf-b", 9_999));
        assertEquals(false, backoff.blocked("nf-a", "nf-c", 0), "another pair is not blocked");
        backoff.completed("nf-a", "nf-b");
        assertEquals(false, backoff.blocked("nf-a", "nf-b", 1), "a completed plan clears the pair");
    }

    private MigrationController.Step report(String instance, double capacity, double rate, long queue, long now) {
        return controller.report(steering, new LoadReport(instance, capacity, rate, queue, false), now);
    }

    private static List<Status> statuses(MigrationController.Step step) {
        return step.migrations().stream().map(MigrationRecord::status).toList();
    }

    private static List<String> memberIds(Session s) {
        return s.subflows().stream().map(m -> m.id().toString()).toList();
    }

    private static Session session(int n, long packets) {
        SubflowId first = SubflowId.parse("10.0." + n + ".1:40000-10.9.0.1:443");
        SubflowId second = SubflowId.parse("10.0." + n + ".2:40001-10.9.0.1:443");
        return new Session(Session.idOf(first), null, List.of(new Session.Member(first, packets / 2, 0),
                new Session.Member(second, packets - packets / 2, 0)), 1.0, Evidence.DSN, 0, 1);
    }
}
