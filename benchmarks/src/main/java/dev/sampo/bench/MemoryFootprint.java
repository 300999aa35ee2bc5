package dev.sampo.bench;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.Associator;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Heap per live subflow at scale: replays a real capture's sampled packets many times over, each
 * copy on its own client addresses and its own DSN offset (so copies are distinct sessions), until
 * the target number of concurrent subflows holds evidence; then measures the retained heap after
 * a full GC, and times one association over the first quarter of them and over all of them, in
 * the same process, so the two figures show how association cost grows with the live subflows.
 *
 * <p>usage: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar dev.sampo.bench.MemoryFootprint
 * [SUBFLOWS] [CAPTURE] [SAMPLING]}
 */
public final class MemoryFootprint {
    private MemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        PositionalArgs arguments = new PositionalArgs(args);
        int target = arguments.intAt(0, 100_000);
        String capture = arguments.at(1, PositionalArgs.PAPER40);
        String sampling = arguments.at(2, "count:10");
        List<PacketRecord> base = CaptureCopies.read(capture, sampling);
        AssociationConfig config = AssociationConfig.builder().useTokens(false).build();
        long before = usedHeap();
        Map<SubflowId, SubflowEvidence> live = CaptureCopies.live(base, config, target).evidence(); // in copy order, for the first quarter
        long after = usedHeap();
        long estimated = live.values().stream().mapToLong(SubflowEvidence::retainedBytes).sum();
        System.out.printf("%d live subflows from %s (%s, %d packets per copy)%n", live.size(), capture, sampling,
                base.size());
        System.out.printf("measured heap: %.1f MiB, %d bytes per subflow (estimate from the state itself: %d)%n",
                (after - before) / 1048576.0, (after - before) / live.size(), estimated / live.size());
        Associator associator = new Associator(config);
        List<SubflowEvidence> all = new ArrayList<>(live.values());
        for (List<SubflowEvidence> subset : List.of(all.subList(0, all.size() / 4), all)) {
            timeAssociation(associator, subset);
        }
    }

    /**
     * Best of three associations (deciding the candidate pairs, then grouping), as wall time and as this thread's CPU time: on a shared machine
     * the wall time also counts other processes, the CPU time does not.
     */
    private static void timeAssociation(Associator associator, List<SubflowEvidence> subflows) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double wall = Double.MAX_VALUE;
        double cpu = Double.MAX_VALUE;
        int pairs = 0;
        for (int run = 0; run < 3; run++) {
            long startWall = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            pairs = associator.group(0, subflows, associator.decide(subflows)).pairs().size();
            wall = Math.min(wall, (System.nanoTime() - startWall) / 1e9);
            cpu = Math.min(cpu, (threads.getCurrentThreadCpuTime() - startCpu) / 1e9);
        }
        System.out.printf("one association over %d subflows: %d candidate pairs in %.2f s (CPU %.2f s), best of 3%n",
                subflows.size(), pairs, wall, cpu);
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
