package dev.sampo.enforcement;

import static dev.sampo.enforcement.RuleBookTest.A;
import static dev.sampo.enforcement.RuleBookTest.B;
import static dev.sampo.enforcement.RuleBookTest.LAB;
import static dev.sampo.enforcement.RuleBookTest.PORTS;
import static dev.sampo.enforcement.RuleBookTest.directive;
import static dev.sampo.enforcement.RuleBookTest.steer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
    /** Someone else's rules: the lab's hash rule and a rule of another controller on a subflow. */
    static final List<FlowRule> OTHERS = List.of(
            new FlowRule(0, 0, "ip", "multipath(symmetric_l3l4,0,hrw,2,0,NXM_NX_REG0[0..15]),resubmit(,2)", 0),
            new FlowRule(0, 40_000, "tcp,nw_src=10.9.9.9,nw_dst=10.100.0.2,tp_src=1,tp_dst=5000", "drop",
                    0x1234_0000_0000_0001L));

    /**
     * A switch as far as reconciliation sees it: applies add and delete_strict lines by key, and
     * its rules read back as {@code FlowDump} reads them.
     */
    static final class Switch {
        final Map<String, FlowRule> rules = new LinkedHashMap<>();

        Switch(List<FlowRule> initial) {
            initial.forEach(r -> rules.put(r.key(), r));
        }

        void apply(List<Reconciliation.Batch> batches) {
            for (Reconciliation.Batch b : batches) {
                for (String line : b.lines()) {
                    if (line.startsWith("add ")) {
                        FlowRule r = FlowDump.parse(line.substring(4)).get(0);
                        rules.put(r.key(), r);
                    } else {
                        String spec = line.substring("delete_strict ".length());
                        FlowRule r = FlowDump.parse(spec.replace("/-1", "") + " actions=drop").get(0);
                        FlowRule there = rules.get(r.key());
                        if (there != null && there.cookie() == r.cookie()) {
                            rules.remove(r.key());
                        }
                    }
                }
            }
        }

        List<FlowRule> dump() {
            return new ArrayList<>(rules.values());
        }
    }

    @Test
    void anEmptySwitchGetsEachSessionInOneBatchAndASecondPassChangesNothing() {
        Switch sw = new Switch(OTHERS);
        RuleBook.Plan plan = RuleBook.plan(List.of(steer(A, "s1", "nf-0"), steer(B, "s1", "nf-0")),
                List.of(directive("block", A, "s1", 9_000)), PORTS, 0, LAB);
        List<Reconciliation.Batch> batches = Reconciliation.diff(plan, sw.dump(), LAB);
        assertEquals(List.of("block s1", "steer s1"), batches.stream().map(Reconciliation.Batch::unit).toList());
        assertEquals(2, batches.get(0).added().size());
        assertEquals(4, batches.get(1).added().size());
        sw.apply(batches);
        assertEquals(OTHERS.size() + 6, sw.rules.size());
        assertEquals(List.of(), Reconciliation.diff(plan, sw.dump(), LAB), "idempotent");
    }

    @Test
    void aTombstoneDeletesTheSubflowsRulesWithItsSessionsOtherChanges() {
        Switch sw = new Switch(OTHERS);
        sw.apply(Reconciliation.diff(RuleBook.plan(List.of(steer(A, "s1", "nf-0"), steer(B, "s1", "nf-0")), List.of(),
                PORTS, 0, LAB), sw.dump(), LAB));
        // B ends (tombstone) and A moves to nf-1: one batch for the session
        RuleBook.Plan after = RuleBook.plan(List.of(steer(A, "s1", "nf-1")), List.of(), PORTS, 0, LAB);
        List<Reconciliation.Batch> batches = Reconciliation.diff(after, sw.dump(), LAB);
        assertEquals(1, batches.size());
        assertEquals("steer s1", batches.get(0).unit());
        assertEquals(2, batches.get(0).deleted().size());
        assertEquals(after.units().get("steer s1"), batches.get(0).added());
        assertTrue(batches.get(0).lines().get(0).startsWith("delete_strict cookie=0x5a3e"), batches.toString());
        sw.apply(batches);
        assertEquals(OTHERS.size() + 2, sw.rules.size());
        assertEquals(List.of(), Reconciliation.diff(after, sw.dump(), LAB));
    }

    @Test
    void anExpiredBlockIsRemovedAndOthersRulesStay() {
        Switch sw = new Switch(OTHERS);
        sw.apply(Reconciliation.diff(RuleBook.plan(List.of(), List.of(directive("block", A, "s1", 9_000)), PORTS, 0,
                LAB), sw.dump(), LAB));
        assertEquals(OTHERS.size() + 2, sw.rules.size());
        List<Reconciliation.Batch> batches = Reconciliation.diff(RuleBook.plan(List.of(),
                List.of(directive("block", A, "s1", 9_000)), PORTS, 9_000, LAB), sw.dump(), LAB);
        assertEquals(1, batches.size());
        assertTrue(batches.get(0).unit().startsWith("stale cookie 0x5a3e"), batches.toString());
        assertEquals(2, batches.get(0).deleted().size());
        sw.apply(batches);
        assertEquals(OTHERS, sw.dump());
    }

    @Test
    void aRuleChangedOnTheSwitchIsPutBack() {
        Switch sw = new Switch(OTHERS);
        RuleBook.Plan plan = RuleBook.plan(List.of(steer(A, "s1", "nf-0")), List.of(), PORTS, 0, LAB);
        sw.apply(Reconciliation.diff(plan, sw.dump(), LAB));
        FlowRule first = plan.units().get("steer s1").get(0);
        sw.rules.put(first.key(), new FlowRule(first.table(), first.priority(), first.match(), "output:1001",
                first.cookie()));
        List<Reconciliation.Batch> batches = Reconciliation.diff(plan, sw.dump(), LAB);
        assertEquals(List.of(first.addLine()), batches.get(0).lines());
    }
}
