package dev.sampo.bench;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.DsnBuckets;
import dev.sampo.association.EvidenceCollector;
import dev.sampo.association.IncrementalGrouping;
import dev.sampo.association.PairDecision;
import dev.sampo.association.SubflowCap;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.association.SubflowSummary;
import dev.sampo.association.SubtaskAssociation;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What one period costs the streaming job's association work, its three stages one after the
 * other in one thread, when C of N live subflows change: {@link PeriodCost} times the engine,
 * which holds evidence once and groups as it judges; the job splits that work over a subflow
 * stage, DSN buckets and a grouping, each with its own state, and this times the three as the
 * job's operators do it with the same sampo-core classes:
 * <ol>
 *   <li>subflow stage ({@code SubflowEvidenceFunction}): decode the stored evidence bytes, apply
 *       the period's packet, encode the bytes again, the summary for the grouping, the subflow's
 *       buckets and its rank under the cap;</li>
 *   <li>buckets ({@code BucketDecisions}, every bucket in this one subtask): the copies of the
 *       changed subflows' updates indexed once in the subtask's shared index
 *       ({@link SubtaskAssociation}), their partners looked up once and each pair judged once,
 *       every copy decoded once a period;</li>
 *   <li>grouping ({@code SessionGrouping}): the changed summaries and the renewed decisions.</li>
 * </ol>
 * Flink's part (records, serializers, state lookups, timers) is not in it: that is a cost per
 * record, in "Per-record cost, by stage". The live subflows are a real capture's sampled packets
 * copied ({@link CaptureCopies}) until N are live, DSN only as in {@code PeriodCost}; each measured
 * period gives C of them one of their own packets again. Reports each stage's CPU per period
 * (median of the periods) and their sum, JSON as the last line.
 *
 * <p>usage: {@code java -Xmx12g -cp benchmarks/target/benchmarks.jar dev.sampo.bench.JobPeriodCost
 * [SUBFLOWS] [CHANGED] [PERIODS] [CAPTURE] [SAMPLING] [BUCKETS]}
 */
public final class JobPeriodCost {
    private JobPeriodCost() {
    }

    public static void main(String[] args) throws Exception {
        PositionalArgs arguments = new PositionalArgs(args);
        PeriodLoad load = PeriodLoad.of(arguments);
        AssociationConfig config = load.config();
        int bucketCount = arguments.intAt(5, 16);
        List<PacketRecord> base = CaptureCopies.read(load.capture(), load.sampling());
        long end = base.stream().mapToLong(PacketRecord::tsMicros).max().orElseThrow();

        long buildStart = System.nanoTime();
        CaptureCopies.Live copied = CaptureCopies.live(base, config, load.subflows());
        Map<SubflowId, SubflowEvidence> built = copied.evidence();
        int copies = copied.copies();
        copied = null;
        Job job = new Job(config, new DsnBuckets(bucketCount));
        job.start(built.values());
        int live = built.size();
        built = null; // the job's stages hold bytes, indexes and summaries, not this map
        System.out.printf(Locale.ROOT, "%d live subflows from %d copies of %s (%s), %d buckets, in %.1f s%n", live,
                copies, load.capture(), load.sampling(), bucketCount, (System.nanoTime() - buildStart) / 1e9);

        SplittableRandom random = new SplittableRandom(14);
        double[][] millis = new double[4][load.periods()];
        for (int k = 0; k < load.periods(); k++) {
            long now = end + (k + 1) * config.periodMicros();
            Map<SubflowId, PacketRecord> touched = new LinkedHashMap<>();
            while (touched.size() < Math.min(load.changed(), live)) {
                PacketRecord p = CaptureCopies.packet(base.get(random.nextInt(base.size())), random.nextInt(copies));
                SubflowId id = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
                if (job.isLive(id)) {
                    touched.putIfAbsent(id, new PacketRecord(p.frame(), now - 1, null, p.src(), p.sport(), p.dst(),
                            p.dport(), p.seq(), p.ack(), p.len(), p.flags(), p.samplingRate(), p.missing(), p.mptcp()));
                }
            }
            double[] stages = job.period(touched);
            for (int s = 0; s < 3; s++) {
                millis[s][k] = stages[s];
            }
            millis[3][k] = stages[0] + stages[1] + stages[2];
            System.out.printf(Locale.ROOT, "period %d: %d changed, %d decisions: subflows %.1f ms, buckets %.1f ms, "
                            + "grouping %.1f ms, all %.1f ms CPU%n", k + 1, touched.size(), job.lastDecisions,
                    stages[0], stages[1], stages[2], millis[3][k]);
        }
        System.out.printf(Locale.ROOT, "{\"subflows\":%d,\"changed\":%d,\"periods\":%d,\"buckets\":%d,"
                        + "\"subflow_ms_median\":%.1f,\"bucket_ms_median\":%.1f,\"grouping_ms_median\":%.1f,"
                        + "\"cpu_ms_median\":%.1f,\"cpu_ms_max\":%.1f,\"capture\":\"%s\",\"sampling\":\"%s\"}%n",
                live, Math.min(load.changed(), live), load.periods(), bucketCount, median(millis[0]), median(millis[1]),
                median(millis[2]), median(millis[3]), Arrays.stream(millis[3]).max().orElse(0), load.capture(), load.sampling());
    }

    /** The three stages' state, as the job's operators keep it on the heap backend, and their period work. */
    private static final class Job {
        private final DsnBuckets buckets;
        private final EvidenceCollector collector;
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        /** The subflow stage's evidence bytes, which the buckets' state shares on the heap. */
        private final Map<SubflowId, byte[]> evidence = new HashMap<>();
        private final SubflowCap cap;
        /** The bucket stage of one subtask holding every bucket, its index over the copies its buckets store. */
        private final SubtaskAssociation<Stored> association;
        private final IncrementalGrouping grouping = new IncrementalGrouping();
        private long lastDecisions;

        Job(AssociationConfig config, DsnBuckets buckets) {
            this.buckets = buckets;
            this.collector = new EvidenceCollector(config);
            this.cap = new SubflowCap(config.maxSubflows());
            this.association = new SubtaskAssociation<>(config, buckets, b -> true,
                    stored -> SubflowEvidence.fromBytes(stored.evidence()));
        }

        boolean isLive(SubflowId id) {
            return evidence.containsKey(id);
        }

        /** Every subflow new in one period, as a restore or the job's first period meets them. */
        void start(Iterable<SubflowEvidence> all) {
            Map<SubflowId, Stored> copies = new HashMap<>();
            List<SubflowSummary> summaries = new ArrayList<>();
            for (SubflowEvidence s : all) {
                byte[] bytes = s.toBytes();
                evidence.put(s.id(), bytes);
                cap.update(s.id(), s);
                summaries.add(SubflowSummary.of(s));
                copies.put(s.id(), new Stored(0, s.id(), bytes));
            }
            grouping.period(summaries, List.of(), association.period(copies, List.of()));
        }

        /** CPU milliseconds of this period in the subflow stage, the buckets and the grouping. */
        double[] period(Map<SubflowId, PacketRecord> packets) {
            long t0 = threads.getCurrentThreadCpuTime();
            List<SubflowSummary> summaries = new ArrayList<>(packets.size());
            Map<SubflowId, Stored> changed = new HashMap<>();
            for (Map.Entry<SubflowId, PacketRecord> e : packets.entrySet()) {
                SubflowId id = e.getKey();
                SubflowEvidence s = collector.apply(e.getValue(), id, SubflowEvidence.fromBytes(evidence.get(id)));
                byte[] bytes = s.toBytes();
                evidence.put(id, bytes);
                summaries.add(SubflowSummary.of(s));
                buckets.bucketsOf(s); // the buckets the update goes to
                cap.update(s.id(), s);
                // the update as the bucket stage receives it: the copy its buckets store and index
                changed.put(id, new Stored(e.getValue().tsMicros(), id, bytes));
            }
            long t1 = threads.getCurrentThreadCpuTime();
            List<PairDecision> decisions = association.period(changed, List.of());
            long t2 = threads.getCurrentThreadCpuTime();
            grouping.period(summaries, List.of(), decisions);
            long t3 = threads.getCurrentThreadCpuTime();
            lastDecisions = decisions.size();
            return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6};
        }

    }

    /** A subflow's update as the bucket stage stores it (the job's {@code SubflowUpdate}: period, id, bytes). */
    private record Stored(long period, SubflowId subflow, byte[] evidence) {
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
