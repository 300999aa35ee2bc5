package dev.sampo.migration.sim;

import dev.sampo.migration.handover.CohesionTracker;
import dev.sampo.migration.nf.Packet;
import java.util.List;

/**
 * Runs one simulation: the workload's packets reach the switch at their times, each session's
 * migration starts at its time under the chosen protocol, and once every event has run the
 * {@link Checker} judges the record. Deterministic: the same settings give the same report.
 */
public final class MigrationSimulator {
    private MigrationSimulator() {
    }

    public static SimReport run(SimSettings settings) {
        Workload workload = Workload.generate(settings);
        Fabric fabric = new Fabric(settings);
        Handover[] handovers = fabric.handovers;
        for (int session = 0; session < settings.sessions(); session++) {
            int s = session;
            CohesionTracker cohesion = fabric.cohesion[session];
            List<Packet> packets = workload.packets().get(session);
            for (Packet p : packets) {
                fabric.loop.at(p.atSwitchMicros(), () -> {
                    if (handovers[s] == null) {
                        fabric.toSource(p);
                    } else {
                        handovers[s].atSwitch(p);
                    }
                    cohesion.saw(p, fabric.now());
                });
            }
            fabric.loop.at(workload.migrateAtMicros()[session], () -> {
                handovers[s] = Handover.of(settings.protocol(), fabric, s);
                handovers[s].start();
            });
        }
        fabric.loop.run();
        return new Checker(settings, workload, fabric, handovers).report();
    }
}
