package dev.sampo.bench;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What one period costs the engine when few of many live subflows change: a real capture's
 * sampled packets are copied ({@link CaptureCopies}) until N subflows are live in one
 * {@link AssociationEngine}, which associates them once; then each measured period gives C of the
 * live subflows one of their own packets again, at the period's time, and times the period's
 * {@code period} (applying the packets, expiry, the cap, candidates, judging, grouping, the delta). Reports
 * the median and the worst of the periods' CPU time, and a JSON summary as the last line.
 *
 * <p>usage: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar dev.sampo.bench.PeriodCost
 * [SUBFLOWS] [CHANGED] [PERIODS] [CAPTURE] [SAMPLING]}
 */
public final class PeriodCost {
    private PeriodCost() {
    }

    public static void main(String[] args) throws Exception {
        PeriodLoad load = PeriodLoad.of(new PositionalArgs(args));
        AssociationConfig config = load.config();
        List<PacketRecord> base = CaptureCopies.read(load.capture(), load.sampling());
        long end = base.stream().mapToLong(PacketRecord::tsMicros).max().orElseThrow();
        AssociationEngine engine = new AssociationEngine(config);

        long perCopy = base.stream().filter(p -> !p.mptcp().isEmpty())
                .map(p -> SubflowId.of(p.src(), p.sport(), p.dst(), p.dport())).distinct().count();
        int copies = (int) ((load.subflows() + perCopy - 1) / perCopy);
        int perBatch = Math.max(1, 1_000_000 / base.size());
        long buildStart = System.nanoTime();
        for (int copy = 0; copy < copies; copy++) {
            for (PacketRecord p : base) {
                engine.accept(CaptureCopies.packet(p, copy));
            }
            // About a million packets per period: pending packets stay bounded.
            if ((copy + 1) % perBatch == 0 || copy == copies - 1) {
                engine.period(end);
            }
        }
        double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
        int live = engine.subflowCount();
        System.out.printf("%d live subflows from %d copies of %s (%s, %d packets per copy) in %.1f s%n", live,
                copies, load.capture(), load.sampling(), base.size(), buildSeconds);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(14);
        double[] cpuMillis = new double[load.periods()];
        double[] wallMillis = new double[load.periods()];
        for (int k = 0; k < load.periods(); k++) {
            long now = end + (k + 1) * config.periodMicros();
            Set<SubflowId> touched = new HashSet<>();
            while (touched.size() < Math.min(load.changed(), live)) {
                PacketRecord p = CaptureCopies.packet(base.get(random.nextInt(base.size())), random.nextInt(copies));
                SubflowId id = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
                if (touched.add(id)) {
                    engine.accept(new PacketRecord(p.frame(), now - 1, null, p.src(), p.sport(), p.dst(), p.dport(),
                            p.seq(), p.ack(), p.len(), p.flags(), p.samplingRate(), p.missing(), p.mptcp()));
                }
            }
            long wall = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            engine.period(now);
            cpuMillis[k] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
            wallMillis[k] = (System.nanoTime() - wall) / 1e6;
            System.out.printf("period %d: %d changed of %d live, %.1f ms CPU (wall %.1f ms)%n", k + 1, touched.size(),
                    engine.subflowCount(), cpuMillis[k], wallMillis[k]);
        }
        System.out.printf("{\"subflows\":%d,\"changed\":%d,\"periods\":%d,\"cpu_ms_median\":%.1f,\"cpu_ms_max\":%.1f,"
                        + "\"wall_ms_median\":%.1f,\"build_s\":%.1f,\"capture\":\"%s\",\"sampling\":\"%s\"}%n",
                live, Math.min(load.changed(), live), load.periods(), median(cpuMillis),
                Arrays.stream(cpuMillis).max().orElse(0), median(wallMillis), buildSeconds, load.capture(), load.sampling());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
