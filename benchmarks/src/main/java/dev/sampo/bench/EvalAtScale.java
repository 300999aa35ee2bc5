package dev.sampo.bench;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.OfflineRun;
import dev.sampo.eval.Evaluation;
import dev.sampo.eval.Truth;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * What {@code sampo eval} does, at scale: a lab capture's sampled packets and its truth, copied
 * ({@link CaptureCopies}) until the given number of subflows run concurrently, through the offline
 * engine (association every period) and the evaluation. Prints the report and the whole run's
 * seconds. DSN evidence only, since the copies repeat the capture's keys.
 *
 * <p>usage: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar dev.sampo.bench.EvalAtScale
 * [SUBFLOWS] [CAPTURE TRUTH] [SAMPLING]}
 */
public final class EvalAtScale {
    private EvalAtScale() {
    }

    public static void main(String[] args) throws Exception {
        int target = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        Path capture = Path.of(args.length > 2 ? args[1] : "../shared/datasets/paper40/full.pcap.gz");
        Path truthFile = Path.of(args.length > 2 ? args[2] : "../shared/datasets/paper40/truth.json");
        String sampling = args.length > 3 ? args[3] : "count:10";
        List<PacketRecord> base = new ArrayList<>();
        Set<SubflowId> subflows = new HashSet<>();
        try (PacketSource src = new CapturePacketSource(capture, Sampler.parse(sampling), true)) {
            for (PacketRecord p = src.next(); p != null; p = src.next()) {
                base.add(p);
                if (!p.mptcp().isEmpty()) {
                    subflows.add(SubflowId.of(p.src(), p.sport(), p.dst(), p.dport()));
                }
            }
        }
        int copies = (target + subflows.size() - 1) / subflows.size();
        Truth truth = copied(Truth.read(truthFile), copies);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long startCpu = threads.getCurrentThreadCpuTime();
        Evaluation eval = new Evaluation(truth);
        AssociationEngine engine = new AssociationEngine(AssociationConfig.builder().useTokens(false).build());
        int[] periods = {0};
        // every packet in all its copies in turn: copies share timestamps, so time order holds
        Iterator<PacketRecord> load = LongStream.range(0, (long) base.size() * copies)
                .mapToObj(i -> CaptureCopies.packet(base.get((int) (i / copies)), (int) (i % copies))).iterator();
        OfflineRun.Outcome o = OfflineRun.run(PacketSource.of(load), engine, r -> {
            eval.observe(r);
            periods[0]++;
        });
        Evaluation.Report r = eval.report(o.result(), o.firstSampled(), o.packets(), o.packets(), 0);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - startCpu) / 1e9;
        System.out.printf("%d copies of %s (%s): %d subflows, %d packets, %d periods%n", copies, capture, sampling,
                copies * subflows.size(), o.packets(), periods[0]);
        System.out.printf("pairs %d, tp %d, fp %d, fn %d, precision %.4f, recall %.4f, recall of oracle %.4f%n",
                r.pairs(), r.tp(), r.fp(), r.fn(), r.precision(), r.recall(), r.recallOfOracle());
        System.out.printf("association and evaluation, whole run: %.1f s (CPU of this thread %.1f s)%n", seconds, cpu);
    }

    private static Truth copied(Truth truth, int copies) {
        List<List<SubflowId>> sessions = new ArrayList<>();
        for (int copy = 0; copy < copies; copy++) {
            for (List<SubflowId> session : truth.sessions()) {
                int c = copy;
                sessions.add(session.stream().map(id -> CaptureCopies.subflow(id, c)).toList());
            }
        }
        return new Truth(sessions);
    }
}
