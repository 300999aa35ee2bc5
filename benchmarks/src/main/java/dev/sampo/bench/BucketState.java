package dev.sampo.bench;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.Associator;
import dev.sampo.association.DsnBuckets;
import dev.sampo.association.PairDecision;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.association.SubtaskAssociation;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the streaming job's DSN-bucket stage holds and costs per live subflow: a real capture's
 * sampled packets are copied ({@link CaptureCopies}) until N subflows are live, and their evidence
 * is laid out as the stage keeps it on the heap state backend, bucket by bucket
 * ({@code sampo.buckets}, 16 by default). Reports, per live subflow, the serialized evidence and
 * the CPU to encode and decode it, the buckets it touches, and the heap (after a full GC) of: the evidence bytes kept per bucket (keyed
 * state: a copy per bucket as each deserialized its input, in checkpoints and on RocksDB; or one
 * copy the buckets of a subtask share, as the job's buckets now store it on the heap), one
 * decoded copy of its evidence (what the stage cached before it kept an index), and the interval
 * index the buckets of a subtask share ({@link SubtaskAssociation}, what it caches now: one
 * subtask holding every bucket, the index's entries under the copy the buckets store). The
 * bucket state's id is its own object, deserialized with the update, as in the job, and the
 * index keeps that one. Then the CPU of the stage's work in a period where C subflows change,
 * both ways: the sweep over all the subflows of every bucket with a change
 * ({@link Associator#decide(List, Set, DsnBuckets, int)}, the changed ones decoded again, the
 * others from the decoded copies) and the shared index (the changed subflows indexed once and
 * their partners looked up once, every copy decoded once a period). JSON as the last line.
 *
 * <p>usage: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.sampo.bench.BucketState
 * [SUBFLOWS] [CHANGED] [PERIODS] [SAMPLING] [CAPTURE] [BUCKETS]}
 */
public final class BucketState {
    private BucketState() {
    }

    /** A subflow's evidence as a bucket keeps it (the job's {@code SubflowUpdate}: period, id, bytes). */
    private record Stored(long period, SubflowId subflow, byte[] evidence) {
    }

    public static void main(String[] args) throws Exception {
        PositionalArgs arguments = new PositionalArgs(args);
        int target = arguments.intAt(0, 10_000);
        int changedPerPeriod = arguments.intAt(1, 1_000);
        int periods = arguments.intAt(2, 5);
        String sampling = arguments.at(3, "count:1");
        String capture = arguments.at(4, PositionalArgs.PAPER40);
        int bucketCount = arguments.intAt(5, 16);
        AssociationConfig config = AssociationConfig.DEFAULTS;
        List<PacketRecord> base = CaptureCopies.read(capture, sampling);
        Map<SubflowId, SubflowEvidence> live = CaptureCopies.live(base, config, target).evidence();
        DsnBuckets buckets = new DsnBuckets(bucketCount);
        List<SubflowEvidence> all = new ArrayList<>(live.values());
        List<byte[]> bytes = new ArrayList<>(all.size());
        long serialized = 0;
        long copies = 0;
        for (SubflowEvidence s : all) {
            byte[] b = s.toBytes();
            bytes.add(b);
            serialized += b.length;
            copies += buckets.bucketsOf(s).length;
        }
        live = null;
        base = null; // else freed by whichever measurement's GC finds it dead
        int n = all.size();
        System.out.printf(Locale.ROOT, "%d live subflows: %.0f evidence bytes each, in %.2f of %d buckets%n", n,
                (double) serialized / n, (double) copies / n, bucketCount);
        double[] codecNanos = codecCost(all, bytes);
        System.out.printf(Locale.ROOT, "evidence codec, CPU per subflow (median of %d passes): encode %.0f ns, decode %.0f ns%n",
                CODEC_PASSES, codecNanos[0], codecNanos[1]);

        long heap = usedHeap();
        Map<Integer, Map<SubflowId, Stored>> state = bucketState(all, bytes, buckets, false);
        long copiesPerSubflow = (usedHeap() - heap) / n;
        Reference.reachabilityFence(state);
        state = null;
        heap = usedHeap();
        state = bucketState(all, bytes, buckets, true);
        long sharedPerSubflow = (usedHeap() - heap) / n;

        heap = usedHeap();
        Map<SubflowId, SubflowEvidence> decoded = new HashMap<>();
        for (byte[] b : bytes) {
            SubflowEvidence s = SubflowEvidence.fromBytes(b);
            decoded.put(s.id(), s);
        }
        long decodedPerSubflow = (usedHeap() - heap) / n;

        heap = usedHeap();
        SubtaskAssociation<Stored> index = new SubtaskAssociation<>(config, buckets, b -> true,
                u -> SubflowEvidence.fromBytes(u.evidence()));
        for (SubflowEvidence s : all) {
            // as a restore indexes a subflow: under the copy its buckets store, and that copy's id
            Stored stored = storedCopy(state, buckets, s);
            if (stored != null) {
                index.restore(stored.subflow(), stored);
            }
        }
        long indexPerSubflow = (usedHeap() - heap) / n;
        System.out.printf(Locale.ROOT, "heap per live subflow: evidence bytes in its buckets, a copy per bucket %d B, "
                + "one copy shared by the buckets %d B; a decoded copy %d B; its entries in the subtask's shared "
                + "interval index %d B%n", copiesPerSubflow, sharedPerSubflow, decodedPerSubflow, indexPerSubflow);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(14);
        Associator associator = new Associator(config);
        double[] sweepMillis = new double[periods];
        double[] indexMillis = new double[periods];
        long decisions = 0;
        for (int k = 0; k < periods; k++) {
            Set<Integer> picked = new HashSet<>();
            while (picked.size() < Math.min(changedPerPeriod, n)) {
                picked.add(random.nextInt(n));
            }
            Map<Integer, Set<SubflowId>> changedIn = new HashMap<>();
            for (int i : picked) {
                for (int b : buckets.bucketsOf(all.get(i))) {
                    changedIn.computeIfAbsent(b, x -> new HashSet<>()).add(all.get(i).id());
                }
            }
            // the copies of the changed subflows' updates, as the subtask's buckets store them
            Map<SubflowId, Stored> changed = new HashMap<>();
            for (int i : picked) {
                Stored stored = storedCopy(state, buckets, all.get(i));
                if (stored != null) {
                    changed.put(stored.subflow(), stored);
                }
            }
            long cpu = threads.getCurrentThreadCpuTime();
            long swept = 0;
            for (Map.Entry<Integer, Set<SubflowId>> e : changedIn.entrySet()) {
                // as the stage did: every member from the cache of decoded copies, the changed ones decoded again
                List<SubflowEvidence> members = new ArrayList<>();
                for (Stored u : state.get(e.getKey()).values()) {
                    if (e.getValue().contains(u.subflow())) {
                        decoded.put(u.subflow(), SubflowEvidence.fromBytes(u.evidence()));
                    }
                    members.add(decoded.get(u.subflow()));
                }
                swept += associator.decide(members, e.getValue(), buckets, e.getKey()).size();
            }
            sweepMillis[k] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
            cpu = threads.getCurrentThreadCpuTime();
            List<PairDecision> made = index.period(changed, List.of());
            long indexed = made.size();
            indexMillis[k] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
            if (swept != indexed) {
                throw new IllegalStateException("the sweep renewed " + swept + " decisions, the index " + indexed);
            }
            decisions += indexed;
            System.out.printf(Locale.ROOT, "period %d: %d changed, %d decisions: sweep %.1f ms CPU, index %.1f ms CPU%n",
                    k + 1, picked.size(), indexed, sweepMillis[k], indexMillis[k]);
        }
        System.out.printf(Locale.ROOT, "{\"subflows\":%d,\"changed\":%d,\"sampling\":\"%s\",\"buckets\":%d,"
                        + "\"evidenceBytes\":%d,\"bucketsPerSubflow\":%.2f,\"heapBytesCopies\":%d,\"heapBytesShared\":%d,"
                        + "\"heapBytesDecoded\":%d,\"heapBytesIndex\":%d,\"sweepCpuMillis\":%.1f,\"indexCpuMillis\":%.1f,"
                        + "\"decisionsPerPeriod\":%d,\"encodeNanos\":%.0f,\"decodeNanos\":%.0f}%n",
                n, changedPerPeriod, sampling, bucketCount, serialized / n, (double) copies / n, copiesPerSubflow,
                sharedPerSubflow,
                decodedPerSubflow, indexPerSubflow, median(sweepMillis), median(indexMillis), decisions / periods,
                codecNanos[0], codecNanos[1]);
        // Alive to the end: a structure the code no longer reads is freed by the next measurement's GC.
        Reference.reachabilityFence(all);
        Reference.reachabilityFence(bytes);
        Reference.reachabilityFence(state);
        Reference.reachabilityFence(decoded);
        Reference.reachabilityFence(index);
    }

    /**
     * The buckets' keyed state on the heap: each bucket's copy of a subflow's update as deserialized
     * from its own input record, or (shared) the one copy the buckets of a subtask store since a period's
     * first bucket hands its copy to the others.
     */
    private static Map<Integer, Map<SubflowId, Stored>> bucketState(List<SubflowEvidence> all, List<byte[]> bytes,
                                                                   DsnBuckets buckets, boolean shared) {
        Map<Integer, Map<SubflowId, Stored>> state = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            SubflowEvidence s = all.get(i);
            // ids as the job's buckets hold them: deserialized with the update, not the evidence's own
            Stored one = new Stored(1, SubflowId.parse(s.id().toString()), bytes.get(i).clone());
            for (int b : buckets.bucketsOf(s)) {
                Stored stored = shared ? one : new Stored(1, SubflowId.parse(s.id().toString()), bytes.get(i).clone());
                state.computeIfAbsent(b, k -> new HashMap<>()).put(stored.subflow(), stored);
            }
        }
        return state;
    }

    /** The copy of a subflow's update its buckets store, or null if its tracks touch no bucket. */
    private static Stored storedCopy(Map<Integer, Map<SubflowId, Stored>> state, DsnBuckets buckets, SubflowEvidence s) {
        int[] in = buckets.bucketsOf(s);
        return in.length == 0 ? null : state.get(in[0]).get(s.id());
    }

    private static final int CODEC_PASSES = 7;

    /** This thread's CPU per subflow to encode every subflow's evidence, and to decode it, median of passes. */
    private static double[] codecCost(List<SubflowEvidence> all, List<byte[]> bytes) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] encode = new double[CODEC_PASSES];
        double[] decode = new double[CODEC_PASSES];
        long sink = 0;
        for (int pass = 0; pass < CODEC_PASSES; pass++) {
            long cpu = threads.getCurrentThreadCpuTime();
            for (SubflowEvidence s : all) {
                sink += s.toBytes().length;
            }
            encode[pass] = (double) (threads.getCurrentThreadCpuTime() - cpu) / all.size();
            cpu = threads.getCurrentThreadCpuTime();
            for (byte[] b : bytes) {
                sink += SubflowEvidence.fromBytes(b).packets();
            }
            decode[pass] = (double) (threads.getCurrentThreadCpuTime() - cpu) / all.size();
        }
        if (sink == 0) {
            throw new IllegalStateException("no evidence");
        }
        return new double[] {median(encode), median(decode)};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
