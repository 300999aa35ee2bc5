package dev.sampo.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.Evidence;
import dev.sampo.association.Session;
import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SteeringTest {
    private static final SteeringConfig CONFIG = new SteeringConfig(0.25, 5_000, Set.of());

    @Test
    void aSessionGoesWhereItsBusiestSubflowAlreadyIsAndALaterSubflowFollows() {
        Steering st = withInstances(4);
        List<SubflowId> sfs = spreadOverInstances(st, 3);
        String busiest = st.instanceOf(sfs.get(1));
        List<Decision> placed = st.session(session("s1", Map.of(sfs.get(0), 2L, sfs.get(1), 9L)));
        assertEquals(busiest, st.instanceOf(sfs.get(0)));
        assertEquals(busiest, st.instanceOf(sfs.get(1)));
        assertEquals(List.of(Decision.Action.MOVE, Decision.Action.PLACE),
                placed.stream().map(Decision::action).toList(), "the other subflow moves, the busiest only gets its entry");

        String hashed = st.instanceOf(sfs.get(2));
        List<Decision> joined = st.session(session("s1", Map.of(sfs.get(0), 2L, sfs.get(1), 9L, sfs.get(2), 50L)));
        assertEquals(1, joined.size(), "only the newcomer changes: " + joined);
        assertEquals(new Decision(sfs.get(2), "s1", busiest, Decision.Action.MOVE, hashed),
                joined.get(0));
        assertEquals(2, st.moves());
    }

    @Test
    void aMergedSessionKeepsTheInstanceOfItsEstablishedPart() {
        Steering st = withInstances(4);
        List<SubflowId> sfs = spreadOverInstances(st, 4);
        st.session(session("s1", Map.of(sfs.get(0), 5L, sfs.get(1), 5L)));
        String at = st.instanceOf(sfs.get(0));
        st.session(session("s2", Map.of(sfs.get(0), 5L, sfs.get(1), 5L, sfs.get(2), 500L, sfs.get(3), 1L)));
        st.endSession("s1");
        for (SubflowId sf : sfs) {
            assertEquals(at, st.instanceOf(sf), "the established session's instance wins over a busier newcomer");
        }
        assertEquals(4, st.size());
    }

    @Test
    void anInstanceThatLeavesMovesOnlyItsOwnSessionsAndOneThatJoinsMovesNothing() {
        Steering st = withInstances(4);
        List<SubflowId> sfs = subflows(400);
        for (int i = 0; i < sfs.size(); i += 2) {
            st.session(session("s" + i, Map.of(sfs.get(i), 3L, sfs.get(i + 1), 1L)));
        }
        Map<SubflowId, String> before = table(st, sfs);
        String gone = before.get(sfs.get(0));
        st.report(new LoadReport("nf-9", 1, 0, 0, false), 1);
        assertEquals(before, table(st, sfs), "a joining instance takes new sessions only");

        List<Decision> moves = st.report(LoadReport.leave(gone), 2);
        Map<SubflowId, String> after = table(st, sfs);
        for (SubflowId sf : sfs) {
            if (before.get(sf).equals(gone)) {
                assertNotEquals(gone, after.get(sf));
            } else {
                assertEquals(before.get(sf), after.get(sf), "moved though its instance stayed: " + sf);
            }
        }
        assertEquals(before.values().stream().filter(gone::equals).count(), moves.size());
        for (int i = 0; i < sfs.size(); i += 2) {
            assertEquals(after.get(sfs.get(i)), after.get(sfs.get(i + 1)), "a session split by the leave");
        }
    }

    @Test
    void aRestoredTableIsTheSameTable() throws Exception {
        Steering st = withInstances(3);
        List<SubflowId> sfs = subflows(40);
        for (int i = 0; i < sfs.size(); i += 4) {
            st.session(session("s" + i, Map.of(sfs.get(i), 1L, sfs.get(i + 1), 7L, sfs.get(i + 2), 2L)));
        }
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String json = mapper.writeValueAsString(st.snapshot());
        Steering back = Steering.restore(CONFIG, mapper.readValue(json, Steering.State.class));
        assertEquals(table(st, sfs), table(back, sfs));
        assertEquals(st.snapshot(), back.snapshot());
        assertEquals(st.report(LoadReport.leave("nf-1"), 1), back.report(LoadReport.leave("nf-1"), 1));
    }

    @Test
    void silentInstancesLeaveAndSubflowsWaitForAnInstance() {
        Steering st = new Steering(CONFIG);
        List<SubflowId> sfs = subflows(2);
        assertEquals(List.of(), st.session(session("s", Map.of(sfs.get(0), 1L, sfs.get(1), 1L))));
        assertNull(st.instanceOf(sfs.get(0)));
        assertEquals(List.of(), st.forget(sfs.get(1)), "no entry was given out, so none is withdrawn");
        st.session(session("s", Map.of(sfs.get(0), 1L, sfs.get(1), 1L)));
        List<Decision> placed = st.report(new LoadReport("nf-a", 10, 0, 0, false), 0);
        assertEquals(2, placed.size());
        assertTrue(placed.stream().allMatch(d -> d.instance().equals("nf-a")));
        st.report(new LoadReport("nf-b", 10, 0, 0, false), 4_000);
        assertEquals(List.of(), st.expire(5_000));
        List<Decision> moved = st.expire(5_001);
        assertEquals(Set.of("nf-b"), moved.stream().map(Decision::instance).collect(Collectors.toSet()));
        assertEquals(List.of("nf-b"), st.liveInstances().stream().map(NfInstance::id).toList());
    }

    @Test
    void anOverloadedInstanceGetsNoNewSession() {
        Steering st = withInstances(2);
        List<SubflowId> sfs = spreadOverInstances(st, 2);
        String busy = st.instanceOf(sfs.get(0));
        String idle = st.instanceOf(sfs.get(1));
        st.report(new LoadReport(busy, 1, 900, 100, false), 1);
        st.report(new LoadReport(idle, 1, 100, 0, false), 1);
        st.session(session("s", Map.of(sfs.get(0), 10L, sfs.get(1), 1L)));
        assertEquals(idle, st.instanceOf(sfs.get(0)), "bounded load overrides the busiest subflow's instance");
    }

    @Test
    void reportsAreCheckedBeforeTheyAreTaken() {
        Steering st = new Steering(new SteeringConfig(0.25, 5_000, Set.of("nf-a")));
        assertEquals(Steering.Rejection.UNKNOWN_INSTANCE, st.check(new LoadReport("nf-x", 1, 0, 0, false)));
        assertEquals(Steering.Rejection.ZERO_CAPACITY, st.check(new LoadReport("nf-a", 0, 0, 0, false)));
        assertEquals(Steering.Rejection.UNKNOWN_INSTANCE, st.check(LoadReport.leave("nf-a")), "not there yet");
        assertNull(st.check(new LoadReport("nf-a", 1, 0, 0, false)));
        assertThrows(IllegalArgumentException.class, () -> st.report(new LoadReport("nf-x", 1, 0, 0, false), 0));
    }

    @Test
    void loadReportsParseOrSayWhatIsWrong() {
        assertEquals(new LoadReport("nf-1", 2000, 8.5, 3, false),
                LoadReport.parse("{\"instance\":\"nf-1\",\"capacity\":2000,\"packet_rate\":8.5,\"queue_depth\":3}"));
        assertEquals(LoadReport.leave("nf-1"), LoadReport.parse("{\"instance\":\"nf-1\",\"leave\":true}"));
        for (String bad : List.of("", "nope", "[]", "{}", "{\"instance\":7}", "{\"instance\":\"a\"}",
                "{\"instance\":\"a\",\"capacity\":-1,\"packet_rate\":0,\"queue_depth\":0}",
                "{\"instance\":\"a\",\"capacity\":1,\"packet_rate\":\"x\",\"queue_depth\":0}",
                "{\"instance\":\"a\",\"capacity\":1,\"packet_rate\":1,\"queue_depth\":0.5}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadReport.parse(bad), bad);
            assertTrue(!e.getMessage().isBlank());
        }
    }

    private static Steering withInstances(int k) {
        Steering st = new Steering(CONFIG);
        for (int i = 0; i < k; i++) {
            st.report(new LoadReport("nf-" + i, 1, 0, 0, false), 0);
        }
        return st;
    }

    /** {@code n} subflows whose 5-tuple hashes land on pairwise different instances, as far as possible. */
    private static List<SubflowId> spreadOverInstances(Steering st, int n) {
        List<SubflowId> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (SubflowId sf : subflows(1000)) {
            if (out.size() < n && (used.add(st.instanceOf(sf)) || used.size() == st.liveInstances().size())) {
                out.add(sf);
            }
        }
        return out;
    }

    private static List<SubflowId> subflows(int n) {
        List<SubflowId> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(SubflowId.parse("10.0.0.1:" + (1000 + i) + "-10.0.1.1:80"));
        }
        return out;
    }

    private static Session session(String id, Map<SubflowId, Long> packets) {
        List<Session.Member> members = packets.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Session.Member(e.getKey(), e.getValue(), 0)).toList();
        return new Session(id, null, members, 1.0, Evidence.DSN, 0, 0);
    }

    private static Map<SubflowId, String> table(Steering st, List<SubflowId> sfs) {
        Map<SubflowId, String> m = new HashMap<>();
        sfs.forEach(sf -> m.put(sf, st.entryOf(sf)));
        return m;
    }
}
