package dev.sampo.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlowDumpTest {
    /** What {@code ovs-ofctl -O OpenFlow14 --no-names --no-stats dump-flows} printed on OVS 3.1. */
    static final String DUMP = """
            OFPST_FLOW reply (OF1.4) (xid=0x2):
             cookie=0x5a3e000000000001, priority=40000,tcp,nw_src=10.100.1.2,nw_dst=10.100.0.2,tp_src=40000,tp_dst=5000 actions=output:1000,resubmit(,1)
             cookie=0x5a3e000000000001, priority=40100,tcp,nw_src=10.100.0.2,nw_dst=10.100.1.2,tp_src=5000,tp_dst=40000 actions=drop
             reset_counts priority=0,ip actions=multipath(symmetric_l3l4,0,hrw,2,0,NXM_NX_REG0[0..15]),resubmit(,2),resubmit(,1)
             table=2, priority=10,reg0=0x1 actions=output:1001
            """;

    @Test
    void readsCookieTablePriorityMatchAndActions() {
        List<FlowRule> rules = FlowDump.parse(DUMP);
        assertEquals(4, rules.size());
        assertEquals(new FlowRule(0, 40_000, "tcp,nw_src=10.100.1.2,nw_dst=10.100.0.2,tp_src=40000,tp_dst=5000",
                "output:1000,resubmit(,1)", 0x5a3e000000000001L), rules.get(0));
        assertEquals("drop", rules.get(1).actions());
        FlowRule hash = rules.get(2);
        assertEquals(0, hash.cookie());
        assertEquals("ip", hash.match());
        assertEquals("multipath(symmetric_l3l4,0,hrw,2,0,NXM_NX_REG0[0..15]),resubmit(,2),resubmit(,1)", hash.actions());
        assertEquals(new FlowRule(2, 10, "reg0=0x1", "output:1001", 0), rules.get(3));
    }

    @Test
    void matchFieldOrderDoesNotChangeTheKey() {
        FlowRule printed = FlowDump.parse(DUMP).get(0);
        FlowRule written = new FlowRule(0, 40_000, "tcp,nw_src=10.100.1.2,tp_src=40000,nw_dst=10.100.0.2,tp_dst=5000",
                "output:1000,resubmit(,1)", 0x5a3e000000000001L);
        assertEquals(written.key(), printed.key());
    }

    @Test
    void aCookieThatIsNoNumberIsAnErrorNamingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlowDump.parse(" cookie=0xzz, priority=1,ip actions=drop"));
        assertEquals("bad cookie in the flow dump line: cookie=0xzz, priority=1,ip actions=drop", e.getMessage());
    }
}
