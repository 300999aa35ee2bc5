package dev.sampo.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.Evidence;
import dev.sampo.flow.SubflowId;
import dev.sampo.wire.DirectiveRecord;
import dev.sampo.wire.SteeringRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuleBookTest {
    static final RuleSettings LAB = new RuleSettings(0, 40_000, 40_100, 0x5a3e, "resubmit(,1)");
    static final Map<String, Integer> PORTS = Map.of("nf-0", 1000, "nf-1", 1001);
    static final SubflowId A = SubflowId.parse("10.100.1.2:40000-10.100.0.2:5000");
    static final SubflowId B = SubflowId.parse("10.101.1.2:40001-10.100.0.2:5000");
    static final SubflowId C = SubflowId.parse("10.100.2.2:40002-10.100.0.2:5000");

    static SteeringRecord steer(SubflowId s, String session, String instance) {
        return new SteeringRecord(s, session, instance, "place", null);
    }

    static DirectiveRecord directive(String action, SubflowId s, String session, long expiresMicros) {
        return new DirectiveRecord(action, s, session, "c8676386", 2003,
                new DirectiveRecord.Cause("10.100.0.2", 5000, "10.100.1.2", 40000, "TCP"), 1.0, Evidence.TOKEN_AND_DSN,
                "alert", 1_000, expiresMicros);
    }

    @Test
    void aSteeredSubflowGoesToItsInstancesPortInBothDirections() {
        RuleBook.Plan plan = RuleBook.plan(List.of(steer(A, "s1", "nf-1"), steer(B, "s1", "nf-1")), List.of(), PORTS,
                0, LAB);
        List<FlowRule> rules = plan.units().get("steer s1");
        assertEquals(4, rules.size());
        assertEquals(Set.of("tcp,nw_src=10.100.0.2,nw_dst=10.100.1.2,tp_src=5000,tp_dst=40000",
                        "tcp,nw_src=10.100.1.2,nw_dst=10.100.0.2,tp_src=40000,tp_dst=5000",
                        "tcp,nw_src=10.100.0.2,nw_dst=10.101.1.2,tp_src=5000,tp_dst=40001",
                        "tcp,nw_src=10.101.1.2,nw_dst=10.100.0.2,tp_src=40001,tp_dst=5000"),
                rules.stream().map(FlowRule::match).collect(Collectors.toSet()));
        for (FlowRule r : rules) {
            assertEquals("output:1001,resubmit(,1)", r.actions());
            assertEquals(40_000, r.priority());
            assertTrue(LAB.ours(r.cookie()), Long.toHexString(r.cookie()));
        }
        assertEquals(2, plan.subflows("steer s1"));
        assertTrue(plan.skipped().isEmpty());
        assertEquals(Long.MAX_VALUE, plan.nextExpiryMicros());
    }

    @Test
    void withoutContinueActionsTheNfIsInThePath() {
        RuleBook.Plan plan = RuleBook.plan(List.of(steer(A, "s1", "nf-0")), List.of(), PORTS, 0, RuleSettings.DEFAULTS);
        assertEquals(Set.of("output:1000"),
                plan.units().get("steer s1").stream().map(FlowRule::actions).collect(Collectors.toSet()));
    }

    @Test
    void anInstanceWithoutAPortIsSkippedAndNamed() {
        RuleBook.Plan plan = RuleBook.plan(List.of(steer(A, "s1", "nf-0"), steer(B, "s1", "nf-9")), List.of(), PORTS,
                0, LAB);
        assertEquals(1, plan.subflows("steer s1"));
        assertEquals(List.of(new RuleBook.Skip("steer s1", B, "nf-9", "no port on the switch for instance nf-9")),
                plan.skipped());
    }

    @Test
    void aLiveBlockDropsEverySubflowOfItsSessionAndAlertsDropNothing() {
        RuleBook.Plan plan = RuleBook.plan(List.of(), List.of(directive("block", A, "s1", 5_000),
                directive("block", B, "s1", 6_000), directive("alert", C, "s2", 6_000)), PORTS, 2_000, LAB);
        assertEquals(Set.of("block s1"), plan.units().keySet());
        List<FlowRule> drops = plan.units().get("block s1");
        assertEquals(4, drops.size());
        assertTrue(drops.stream().allMatch(r -> r.actions().equals("drop") && r.priority() == 40_100));
        assertEquals(5_000, plan.nextExpiryMicros());
    }

    @Test
    void anExpiredBlockDropsNothing() {
        RuleBook.Plan plan = RuleBook.plan(List.of(), List.of(directive("block", A, "s1", 5_000)), PORTS, 5_000, LAB);
        assertTrue(plan.units().isEmpty());
    }

    @Test
    void ipv6SubflowsMatchTcp6() {
        SubflowId v6 = SubflowId.parse("[2001:db8::1]:40000-[2001:db8::2]:5000");
        RuleBook.Plan plan = RuleBook.plan(List.of(steer(v6, "s6", "nf-0")), List.of(), PORTS, 0, LAB);
        assertEquals("tcp6,ipv6_src=2001:db8::1,ipv6_dst=2001:db8::2,tp_src=40000,tp_dst=5000",
                plan.units().get("steer s6").get(0).match());
    }
}
