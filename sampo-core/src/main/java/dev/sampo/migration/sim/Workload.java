package dev.sampo.migration.sim;

import dev.sampo.migration.nf.Packet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The packets of every session and when each session migrates, drawn from the seed. A session's
 * first subflow opens at its start, the middle ones join at random times, and the last one joins
 * during the session's migration, so every run exercises a join mid-handover. Each subflow opens
 * with its handshake (three cohesive packets a handshake gap apart); data packets arrive as a
 * Poisson process over the subflows whose handshake is done.
 *
 * @param packets per session, in switch order (seq 0, 1, 2, …)
 * @param migrateAtMicros per session, when the controller decides to move it
 */
record Workload(List<List<Packet>> packets, long[] migrateAtMicros) {
    private static final long START_SPREAD_MICROS = 50_000;

    static Workload generate(SimSettings s) {
        SplittableRandom random = new SplittableRandom(s.seed());
        long duration = SimSettings.micros(s.durationMs());
        long gap = SimSettings.micros(s.handshakeGapMs());
        long migrationWindow = SimSettings.micros(s.transferMs() + 2 * s.rerouteMs() + 4 * s.controlDelayMs());
        List<List<Packet>> all = new ArrayList<>();
        long[] migrateAt = new long[s.sessions()];
        for (int session = 0; session < s.sessions(); session++) {
            long start = random.nextLong(START_SPREAD_MICROS);
            migrateAt[session] = duration / 5 + random.nextLong(2 * duration / 5);
            long[] opens = new long[s.subflowsPerSession()];
            for (int sub = 1; sub < opens.length; sub++) {
                opens[sub] = sub == opens.length - 1
                        ? migrateAt[session] + random.nextLong(migrationWindow + 1)
                        : start + random.nextLong(Math.max(1, duration * 4 / 5 - start));
            }
            opens[0] = start;
            List<long[]> events = new ArrayList<>();
            for (int sub = 0; sub < opens.length; sub++) {
                for (int k = 0; k < Packet.HANDSHAKE; k++) {
                    events.add(new long[] {opens[sub] + k * gap, sub});
                }
            }
            double meanGapMicros = 1e6 / s.ratePps();
            for (double t = start + (Packet.HANDSHAKE - 1) * gap; ; ) {
                t += -Math.log(1 - random.nextDouble()) * meanGapMicros;
                if (t >= duration) {
                    break;
                }
                long at = (long) t;
                List<Integer> ready = new ArrayList<>();
                for (int sub = 0; sub < opens.length; sub++) {
                    if (opens[sub] + (Packet.HANDSHAKE - 1) * gap < at) {
                        ready.add(sub);
                    }
                }
                if (ready.isEmpty()) {
                    continue;
                }
                events.add(new long[] {at, ready.get(random.nextInt(ready.size()))});
            }
            events.sort(Comparator.comparingLong((long[] e) -> e[0]));
            int[] perSubflow = new int[opens.length];
            List<Packet> packets = new ArrayList<>(events.size());
            for (long[] e : events) {
                int sub = (int) e[1];
                packets.add(new Packet(session, packets.size(), sub, perSubflow[sub]++, 40 + random.nextInt(1461), e[0]));
            }
            all.add(packets);
        }
        return new Workload(all, migrateAt);
    }
}
