package dev.sampo.migration.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.migration.nf.Packet;
import dev.sampo.migration.plan.MigrationProtocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    @Test
    void everySessionHasItsHandshakesFirstAndASubflowJoiningDuringItsMigration() {
        SimSettings s = SimSettings.defaults(MigrationProtocol.SHARP);
        Workload w = Workload.generate(s);
        long window = SimSettings.micros(s.transferMs() + 2 * s.rerouteMs() + 4 * s.controlDelayMs());
        for (int session = 0; session < s.sessions(); session++) {
            List<Packet> packets = w.packets().get(session);
            long at = w.migrateAtMicros()[session];
            for (int i = 0; i < packets.size(); i++) {
                assertEquals(i, packets.get(i).seq());
                assertTrue(i == 0 || packets.get(i).atSwitchMicros() >= packets.get(i - 1).atSwitchMicros());
            }
            for (int sub = 0; sub < s.subflowsPerSession(); sub++) {
                int f = sub;
                List<Packet> subflow = packets.stream().filter(p -> p.subflow() == f).toList();
                for (int k = 0; k < subflow.size(); k++) {
                    assertEquals(k, subflow.get(k).subflowSeq(), "subflow order follows switch order");
                }
                assertTrue(subflow.size() > Packet.HANDSHAKE, "subflow " + sub + " carries data");
            }
            long lastJoin = packets.stream().filter(p -> p.subflow() == s.subflowsPerSession() - 1 && p.opensSubflow())
                    .findFirst().orElseThrow().atSwitchMicros();
            assertTrue(lastJoin >= at && lastJoin <= at + window, "the last subflow joins mid-migration");
        }
    }
}
