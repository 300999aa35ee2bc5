package dev.sampo.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sampo.wire.AgentRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestAgentsTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void add(IngestAgents agents, AgentRecord r) {
        agents.add(bytes(r.agent()), bytes(r.toJson()));
    }

    private static AgentRecord capture(String id, long kernelDropped, long interfaceDropped) {
        return AgentRecord.of(id, 1, 1.0, new AgentRecord.Capture(100, kernelDropped, interfaceDropped, 90, 9, 3));
    }

    @Test
    void captureDropsSumTheLatestRecordOfEachCaptureAgent() {
        IngestAgents agents = new IngestAgents(10);
        assertNull(agents.captureDrops(), "unknown until a capture agent reports");
        add(agents, AgentRecord.of("sflow/a:6343", 1, 1.0, new AgentRecord.Sflow(2, 10, 20, 5, 1, 2, 0, 0, List.of(), 0)));
        assertNull(agents.captureDrops(), "a collector has no capture drops");
        add(agents, capture("capture/a/eth0", 1, 1));
        add(agents, capture("capture/a/eth0", 4, 2));
        add(agents, capture("capture/b/eth1", 0, 5));
        assertEquals(11, agents.captureDrops());
        assertEquals(List.of("capture/a/eth0", "capture/b/eth1", "sflow/a:6343"),
                agents.snapshot().stream().map(AgentRecord::agent).toList());
        agents.add(bytes("capture/b/eth1"), null);
        assertEquals(6, agents.captureDrops(), "a tombstone forgets its agent");
    }

    @Test
    void agentsPastTheCapAndMalformedValuesAreCountedNotHeld() {
        IngestAgents agents = new IngestAgents(2);
        for (int i = 0; i < 5; i++) {
            add(agents, capture("capture/h/if" + i, i, 0));
        }
        add(agents, capture("capture/h/if0", 7, 0));
        assertEquals(2, agents.snapshot().size());
        assertEquals(3, agents.overflow());
        assertEquals(8, agents.captureDrops(), "a held agent's newer record replaces its older one at the cap");
        for (String bad : new String[] {"garbage", "{}", "{\"agent\":\"x\",\"kind\":\"router\"}"}) {
            agents.add(bytes("x"), bytes(bad));
        }
        assertEquals(3, agents.malformed());
        assertEquals(2, agents.snapshot().size());
    }
}
