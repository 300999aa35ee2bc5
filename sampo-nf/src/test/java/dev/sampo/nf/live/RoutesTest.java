package dev.sampo.nf.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sampo.flow.SubflowId;
import dev.sampo.steering.NfInstance;
import dev.sampo.wire.SteeringRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The steering point's rules: a table move of a session with a living home is a handover to run, not a rule to copy. */
class RoutesTest {
    private static final SubflowId FIRST = SubflowId.parse("10.0.0.1:40000-10.9.0.1:443");
    private static final SubflowId SECOND = SubflowId.parse("10.0.0.2:40001-10.9.0.1:443");
    private static final List<NfInstance> BOTH = List.of(new NfInstance("a", 100), new NfInstance("b", 100));
    private static final List<String> ALIVE = List.of("a", "b");

    @Test
    void aSubflowWithoutEntryIsItsOwnKeyThenItsSessionsAndAMoveOfALivingHomeIsAHandover() {
        Routes routes = new Routes();
        assertEquals(FIRST.toString(), routes.key(FIRST));
        assertNull(routes.entry(new SteeringRecord(FIRST, "s1", "a", "place", null), ALIVE));
        assertEquals("s1", routes.key(FIRST));
        assertEquals("a", routes.home("s1", BOTH));
        assertEquals("b", routes.entry(new SteeringRecord(SECOND, "s1", "b", "move", "a"), ALIVE),
                "the session's state is on a: it must be handed over");
        assertEquals("a", routes.home("s1", BOTH), "until the handover completes, the rule stays");
        routes.rehome("s1", "b");
        assertNull(routes.entry(new SteeringRecord(FIRST, "s1", "b", "move", "a"), ALIVE));
    }

    @Test
    void aHomeThatDiedIsReplacedAtOnceWithNothingToHandOver() {
        Routes routes = new Routes();
        routes.entry(new SteeringRecord(FIRST, "s1", "a", "place", null), ALIVE);
        assertNull(routes.entry(new SteeringRecord(FIRST, "s1", "b", "move", "a"), List.of("b")));
        assertEquals("b", routes.home("s1", List.of(new NfInstance("b", 100))));
        routes.entry(new SteeringRecord(SECOND, "s2", "a", "place", null), ALIVE);
        assertEquals("b", routes.home("s2", List.of(new NfInstance("b", 100))), "a key on a dead instance moves on");
        assertEquals(Map.of("s1", "a", "s2", "a"), routes.orphaned(), "and both are said to have lost their state");
    }
}
