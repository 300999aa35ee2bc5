package dev.sampo.migration.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final PlannerSettings SETTINGS = PlannerSettings.DEFAULTS;

    private static SessionLoad session(String id, String instance, double rate) {
        return new SessionLoad(id, instance, List.of(id + "/0", id + "/1", id + "/2", id + "/3"), rate);
    }

    @Test
    void overloadIsARisingQueueAboveTheThreshold() {
        OverloadDetector d = new OverloadDetector(20);
        assertFalse(d.overloaded(new LoadReport("a", 50, 300, 250)), "a first report has no trend");
        assertFalse(d.overloaded(new LoadReport("a", 40, 240, 250)), "deep but draining");
        assertTrue(d.overloaded(new LoadReport("a", 45, 260, 250)), "rising and above 20");
        assertFalse(d.overloaded(new LoadReport("b", 5, 200, 250)));
        assertFalse(d.overloaded(new LoadReport("b", 15, 260, 250)), "rising but below 20");
        assertFalse(d.overloaded(new LoadReport("b", 20, 260, 250)), "at the threshold is not above it");
    }

    /**
     * The thesis's scenario with flows replaced by 4-subflow sessions: 9 sessions at 25 pps, one
     * more every 10 s on the ingress instance, capacity 250 pps, reports every second; a fluid
     * queue model stands in for the NF.
     */
    @Test
    void thesisScenarioNeverSplitsPrefersRebalancingAndKeepsTheMargins() {
        Planner planner = new Planner(SETTINGS, MigrationProtocol.SHARP);
        Map<String, Double> capacity = new LinkedHashMap<>(Map.of("nf-0", 250.0));
        Map<String, Double> queue = new LinkedHashMap<>(Map.of("nf-0", 0.0));
        List<SessionLoad> sessions = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            sessions.add(session("s" + i, "nf-0", 25));
        }
        List<Decision> all = new ArrayList<>();
        int rebalances = 0;
        for (int t = 1; t <= 160; t++) {
            if (t % 10 == 0) {
                sessions.add(session("s" + sessions.size(), "nf-0", 25));
            }
            List<LoadReport> reports = new ArrayList<>();
            for (String inst : capacity.keySet()) {
                double rate = load(sessions, inst);
                queue.put(inst, Math.max(0, queue.get(inst) + rate - capacity.get(inst)));
                reports.add(new LoadReport(inst, queue.get(inst), rate, capacity.get(inst)));
            }
            for (Decision d : planner.plan(reports, sessions)) {
                all.add(d);
                Decision.Move move = assertInstanceOf(Decision.Move.class, d, "the scenario always has a solution");
                assertNull(move.retire(), "the load only grows: nothing to retire");
                LoadReport source = reports.stream().filter(r -> r.instance().equals(d.instance())).findFirst().orElseThrow();
                double needed = Math.max(0, source.packetRatePps() - source.capacityPps()) + 0.1 * source.capacityPps();
                assertTrue(move.volumePps() >= needed, "moves the overload plus the margin: " + move);
                boolean roomOnRunning = reports.stream().anyMatch(r -> !r.instance().equals(d.instance())
                        && r.capacityPps() * 0.9 - r.packetRatePps() > needed);
                assertEquals(roomOnRunning, move.spawn() == null, "spawns only when no running instance had room");
                if (move.spawn() != null) {
                    capacity.put(move.spawn(), SETTINGS.newInstanceCapacityPps());
                    queue.put(move.spawn(), 0.0);
                } else {
                    rebalances++;
                }
                for (MigrationPlan p : move.plans()) {
                    SessionLoad before = sessions.stream().filter(s -> s.session().equals(p.session())).findFirst()
                            .orElseThrow();
                    assertEquals(before.subflows(), p.subflows(), "all subflows of the session move together");
                    assertEquals(before.instance(), p.from());
                    sessions.set(sessions.indexOf(before), new SessionLoad(p.session(), p.to(), p.subflows(), p.ratePps()));
                }
                String to = move.plans().get(0).to();
                assertTrue(load(sessions, to) < capacity.get(to) * 0.9, "destination keeps its margin: " + move);
            }
        }
        assertTrue(all.size() >= 3, "decisions: " + all);
        assertEquals("nf-1", ((Decision.Move) all.get(0)).spawn(), "the first overload has nowhere to go but a new instance");
        assertTrue(rebalances >= 1, "later overloads rebalance onto the spawned instance: " + all);
        int total = sessions.size();
        assertEquals(25, total);
        assertEquals(3, capacity.size(), "625 pps need three instances of 250 within the margin: " + capacity);
        for (String inst : capacity.keySet()) {
            assertTrue(load(sessions, inst) <= capacity.get(inst), inst + " ends within capacity");
        }
    }

    private static double load(List<SessionLoad> sessions, String instance) {
        return sessions.stream().filter(s -> s.instance().equals(instance)).mapToDouble(SessionLoad::ratePps).sum();
    }

    private static List<Decision> overloadRound(Planner planner, List<LoadReport> calm, List<LoadReport> hot,
            List<SessionLoad> sessions) {
        planner.plan(calm, sessions);
        return planner.plan(hot, sessions);
    }

    @Test
    void rebalancesOntoTheRunningInstanceWithTheMostRoom() {
        Planner planner = new Planner(SETTINGS, MigrationProtocol.WEAK_O);
        List<SessionLoad> sessions = List.of(session("big", "a", 100), session("mid", "a", 60), session("small", "a", 40),
                session("other", "b", 200), session("c1", "c", 50));
        List<Decision> decisions = overloadRound(planner,
                List.of(new LoadReport("a", 0, 200, 250), new LoadReport("b", 0, 200, 250), new LoadReport("c", 0, 50, 250)),
                List.of(new LoadReport("a", 30, 200, 150), new LoadReport("b", 0, 200, 250), new LoadReport("c", 0, 50, 250)),
                sessions);
        assertEquals(1, decisions.size());
        Decision.Move move = (Decision.Move) decisions.get(0);
        assertEquals("a", move.instance());
        assertEquals(List.of("big"), move.plans().stream().map(MigrationPlan::session).toList(),
                "65 pps to move (50 over + 15 margin): the largest session alone, one handover");
        assertEquals("c", move.plans().get(0).to(), "c has 175 pps free within the margin, b only 25");
        assertEquals(MigrationReason.REBALANCE, move.plans().get(0).reason());
        assertEquals(MigrationProtocol.WEAK_O, move.plans().get(0).protocol());
    }

    @Test
    void passesOverABlockedDestinationAndSaysSoWhenAScaleOutIsBlocked() {
        List<SessionLoad> sessions = List.of(session("big", "a", 100), session("mid", "a", 60), session("small", "a", 40),
                session("other", "b", 200), session("c1", "c", 50));
        List<LoadReport> calm = List.of(new LoadReport("a", 0, 200, 250), new LoadReport("b", 0, 50, 250),
                new LoadReport("c", 0, 50, 250));
        List<LoadReport> hot = List.of(new LoadReport("a", 30, 200, 150), new LoadReport("b", 0, 50, 250),
                new LoadReport("c", 0, 50, 250));
        Planner planner = new Planner(SETTINGS, MigrationProtocol.WEAK_O);
        planner.plan(calm, sessions);
        Decision.Move move = (Decision.Move) planner.plan(hot, sessions, (from, to) -> "c".equals(to)).get(0);
        assertEquals("b", move.plans().get(0).to(), "c is blocked; b has the same room");

        Planner blocked = new Planner(SETTINGS, MigrationProtocol.WEAK_O);
        blocked.plan(calm, sessions);
        Decision.NoSolution none = assertInstanceOf(Decision.NoSolution.class,
                blocked.plan(hot, sessions, (from, to) -> true).get(0));
        assertTrue(none.why().contains("backed off"), none.why());
    }

    @Test
    void saysNoSolutionWhenNoWholeSessionsFit() {
        Planner planner = new Planner(SETTINGS, MigrationProtocol.SHARP);
        List<SessionLoad> sessions = List.of(session("elephant", "a", 300));
        List<Decision> decisions = overloadRound(planner, List.of(new LoadReport("a", 0, 300, 250)),
                List.of(new LoadReport("a", 50, 300, 250)), sessions);
        Decision.NoSolution none = assertInstanceOf(Decision.NoSolution.class, decisions.get(0));
        assertEquals("a", none.instance());
        assertEquals(75, none.volumePps(), 1e-9);
        assertTrue(none.why().contains("whole sessions"), none.why());
    }

    @Test
    void respectsTheMaximumNumberOfInstances() {
        Planner planner = new Planner(new PlannerSettings(20, 0.1, 250, 1, 1, "nf-"), MigrationProtocol.SHARP);
        List<SessionLoad> sessions = List.of(session("x", "a", 150), session("y", "a", 150));
        List<Decision> decisions = overloadRound(planner, List.of(new LoadReport("a", 0, 300, 250)),
                List.of(new LoadReport("a", 50, 300, 250)), sessions);
        assertTrue(assertInstanceOf(Decision.NoSolution.class, decisions.get(0)).why().contains("1 instances"));
    }

    @Test
    void retiresAnInstanceWhoseSessionsFitElsewhere() {
        Planner planner = new Planner(SETTINGS, MigrationProtocol.REPROCESS);
        List<SessionLoad> sessions = List.of(session("a1", "a", 30), session("a2", "a", 20), session("b1", "b", 150),
                session("c1", "c", 190));
        List<LoadReport> reports = List.of(new LoadReport("a", 0, 50, 250), new LoadReport("b", 0, 150, 250),
                new LoadReport("c", 0, 190, 250));
        List<Decision> decisions = planner.plan(reports, sessions);
        assertEquals(1, decisions.size());
        Decision.Move move = (Decision.Move) decisions.get(0);
        assertEquals("a", move.retire());
        assertEquals(List.of("a1", "a2"), move.plans().stream().map(MigrationPlan::session).toList());
        assertTrue(move.plans().stream().allMatch(p -> p.to().equals("b") && p.reason() == MigrationReason.SCALE_IN),
                "c has only 35 pps free within the margin, so both go to b (75 free): " + move);
    }

    @Test
    void keepsAnInstanceWhoseSessionsDoNotFitWithinTheMargins() {
        Planner planner = new Planner(SETTINGS, MigrationProtocol.REPROCESS);
        List<SessionLoad> sessions = List.of(session("a1", "a", 30), session("b1", "b", 200));
        List<LoadReport> reports = List.of(new LoadReport("a", 0, 30, 250), new LoadReport("b", 0, 200, 250));
        assertTrue(planner.plan(reports, sessions).isEmpty(), "b would reach 230 of 250, above 90%");
        assertTrue(new Planner(SETTINGS, MigrationProtocol.REPROCESS)
                .plan(List.of(new LoadReport("a", 0, 30, 250)), List.of(sessions.get(0))).isEmpty(), "never below one");
    }

    @Test
    void inconsistentInputIsAClearError() {
        Planner planner = new Planner(SETTINGS, MigrationProtocol.SHARP);
        List<LoadReport> reports = List.of(new LoadReport("a", 0, 50, 250));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> planner.plan(reports, List.of(session("x", "zz", 10))));
        assertTrue(unknown.getMessage().contains("zz"), unknown.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> planner.plan(reports, List.of(session("x", "a", 10), session("x", "a", 10))));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new LoadReport("a", -1, 50, 250));
    }

    @Test
    void planSerialisesAsTheMigrationsRecord() throws Exception {
        MigrationPlan plan = new MigrationPlan(0, "8558b567a18a1643", List.of("10.0.0.1:1-10.0.0.2:2"), "nf-0", "nf-1",
                MigrationReason.SCALE_OUT, MigrationProtocol.WEAK_O, 25);
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(plan));
        assertEquals("weak-o", json.get("protocol").asText());
        assertEquals("SCALE_OUT", json.get("reason").asText());
        assertEquals(25.0, json.get("rate_pps").asDouble());
        assertEquals("nf-1", json.get("to").asText());
        assertEquals(1, json.get("subflows").size());
    }

    @Test
    void protocolFollowsTheNfType() {
        assertEquals(MigrationProtocol.WEAK_O, MigrationProtocol.forNf(new MigrationProtocol.NfTraits(false, true, false)));
        assertEquals(MigrationProtocol.SHARP, MigrationProtocol.forNf(new MigrationProtocol.NfTraits(true, true, false)));
        assertEquals(MigrationProtocol.SHARP, MigrationProtocol.forNf(new MigrationProtocol.NfTraits(false, false, false)));
        assertEquals(MigrationProtocol.REPROCESS, MigrationProtocol.forNf(new MigrationProtocol.NfTraits(true, false, true)));
    }
}
