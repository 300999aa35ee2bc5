package dev.sampo.bench;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.SubflowCap;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.packet.PacketRecord;
import dev.sampo.stream.SubflowStage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;

/**
 * What the streaming job's subflow stage holds per live subflow, measured as a whole: the stage
 * itself ({@link SubflowStage}: its function and operator in Flink's keyed harness, heap state
 * backend, Flink's timer queues) is fed a real capture's sampled packets copied
 * ({@link CaptureCopies}) into distinct sessions, every copy at the capture's own times, in time
 * order with a watermark at every period, as the job's source would; after the last period closes
 * (no packets pending), the heap it holds after a full GC, divided by the subflows live then: the
 * evidence bytes and any other keyed state, the keys, the timers, and the cap's ranks. Then the
 * cap's share alone ({@link SubflowCap} ranking the same live subflows by id as the stage does, the ids
 * not counted),
 * far from the cap (the default) and near it (where it keeps an eviction order), and what the stage's
 * bytes are, by class (the growth of the heap's class histogram). JSON as the last line.
 *
 * <p>usage: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.sampo.bench.SubflowStageState
 * [SUBFLOWS] [SAMPLING] [CAPTURE] [BUCKETS]}
 */
public final class SubflowStageState {
    private SubflowStageState() {
    }

    public static void main(String[] args) throws Exception {
        PositionalArgs arguments = new PositionalArgs(args);
        int target = arguments.intAt(0, 10_000);
        String sampling = arguments.at(1, "count:1");
        String capture = arguments.at(2, PositionalArgs.PAPER40);
        int bucketCount = arguments.intAt(3, 16);
        AssociationConfig config = AssociationConfig.DEFAULTS;
        List<PacketRecord> base = CaptureCopies.read(capture, sampling);
        CaptureCopies.Live copied = CaptureCopies.live(base, config, target);
        int copies = copied.copies();
        List<SubflowEvidence> evidence = new ArrayList<>(copied.evidence().values());
        copied = null; // only the list of the same evidence stays
        long heap = usedHeap();
        SubflowCap far = rank(evidence, config.maxSubflows());
        long capFar = (usedHeap() - heap) / evidence.size();
        Reference.reachabilityFence(far);
        far = null;
        heap = usedHeap();
        SubflowCap near = rank(evidence, evidence.size());
        long capNear = (usedHeap() - heap) / evidence.size();
        Reference.reachabilityFence(near);
        near = null;
        System.out.printf(Locale.ROOT, "the cap's ranks alone (%d subflows ranked by id, the ids not counted): %d B a subflow far from the "
                + "cap, %d B near it%n", evidence.size(), capFar, capNear);

        warmUp(base, copies, config, bucketCount);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long stageBytes;
        int live;
        long records = (long) copies * base.size();
        try (SubflowStage stage = new SubflowStage(config, bucketCount)) {
            Map<String, long[]> before = histogram();
            heap = usedHeap();
            long cpu = threads.getCurrentThreadCpuTime();
            for (PacketRecord p : base) {
                for (int c = 0; c < copies; c++) {
                    stage.packet(CaptureCopies.packet(p, c));
                }
            }
            stage.closeLastPeriod();
            double micros = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / records;
            live = stage.takeLiveCount();
            stageBytes = (usedHeap() - heap) / live;
            System.out.printf(Locale.ROOT, "%d copies, %d records (%.2f µs CPU each in the harness), %d evidence updates: "
                            + "%d live subflows, %.2f keyed state entries and %.2f event-time timers each%n",
                    copies, records, micros, stage.updates(), live, (double) stage.keyedStateEntries() / live,
                    (double) stage.eventTimeTimers() / live);
            System.out.printf(Locale.ROOT, "subflow stage, heap per live subflow: %d B; by class (instances, bytes):%n",
                    stageBytes);
            printGrowth(before, histogram(), live);
            Reference.reachabilityFence(stage);
        }
        System.out.printf(Locale.ROOT, "{\"subflows\":%d,\"sampling\":\"%s\",\"buckets\":%d,\"records\":%d,"
                        + "\"heapBytesStage\":%d,\"heapBytesCapFar\":%d,\"heapBytesCapNear\":%d}%n",
                live, sampling, bucketCount, records, stageBytes, capFar, capNear);
        Reference.reachabilityFence(base);
        Reference.reachabilityFence(evidence);
    }

    /**
     * A first stage on one more copy loads and compiles what the measured one uses, which is not its
     * state; in a method of its own, so that no frame still holds it when the measured stage starts.
     */
    private static void warmUp(List<PacketRecord> base, int copy, AssociationConfig config, int bucketCount)
            throws Exception {
        try (SubflowStage warmUp = new SubflowStage(config, bucketCount)) {
            for (PacketRecord p : base) {
                warmUp.packet(CaptureCopies.packet(p, copy));
            }
            warmUp.closeLastPeriod();
        }
    }

    /**
     * The stage's ranking: each subflow's evidence decoded from its bytes, as the stage decodes it at
     * every update, ranked under an id held elsewhere (the stage's is its state's key).
     */
    private static SubflowCap rank(List<SubflowEvidence> evidence, int cap) {
        SubflowCap ranks = new SubflowCap(cap);
        for (SubflowEvidence s : evidence) {
            ranks.update(s.id(), SubflowEvidence.fromBytes(s.toBytes()));
        }
        return ranks;
    }

    /** Instances and bytes by class on the heap after a full GC ({@code jcmd PID GC.class_histogram}). */
    private static Map<String, long[]> histogram() throws Exception {
        Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> classes = new HashMap<>();
        text.toString().lines().map(String::trim).filter(l -> l.matches("\\d+:.*")).forEach(l -> {
            String[] f = l.split("\\s+");
            classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
        });
        return classes;
    }

    /** The classes that grew by at least a byte per live subflow, most first: what the stage's bytes are. */
    private static void printGrowth(Map<String, long[]> before, Map<String, long[]> after, int live) {
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {
                        e.getValue()[0] - before.getOrDefault(e.getKey(), new long[2])[0],
                        e.getValue()[1] - before.getOrDefault(e.getKey(), new long[2])[1]}))
                .filter(e -> e.getValue()[1] >= live)
                .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
                .forEach(e -> System.out.printf(Locale.ROOT, "  %7.2f %6.1f B  %s%n", (double) e.getValue()[0] / live,
                        (double) e.getValue()[1] / live, e.getKey()));
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
