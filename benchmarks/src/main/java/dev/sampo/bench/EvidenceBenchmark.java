package dev.sampo.bench;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.EvidenceCollector;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.flow.SubflowId;
import dev.sampo.mptcp.MptcpOption;
import dev.sampo.packet.PacketRecord;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Applying one packet to its subflow's evidence ({@link EvidenceCollector#apply}), in ns per
 * packet on one core: each operation applies the next packet of a real capture, in capture order,
 * to the evidence its subflow built from the packets before; at the end of the capture all
 * evidence starts over. The subflow lookup is done once in setup, so that what is measured is the
 * collector and the tracks (duplicate search, merging when a track is full), not a map.
 * Unsampled (count:1), most tracks are full and every new DSS mapping merges two boxes; at
 * count:100, tracks fill slowly. Run from the repository root:
 * {@code java -jar benchmarks/target/benchmarks.jar Evidence}; or, for CPU time rather than wall
 * time on a shared machine, {@code java -cp benchmarks/target/benchmarks.jar
 * dev.sampo.bench.EvidenceBenchmark [PASSES] [SAMPLING...]} (whole passes over the capture, the
 * thread's CPU time per packet, median and best of the passes after as many for warm-up).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EvidenceBenchmark {
    @Param("../shared/datasets/paper40/full.pcap.gz")
    public String capture;

    @Param({"count:1", "count:100"})
    public String sampling;

    private PacketRecord[] packets;
    private SubflowId[] ids;
    /** Each packet's subflow, as an index into {@link #evidence}. */
    private int[] slot;
    private SubflowEvidence[] evidence;
    private final EvidenceCollector collector = new EvidenceCollector(AssociationConfig.DEFAULTS);
    private int next;

    @Setup
    public void load() throws IOException {
        List<PacketRecord> read = CaptureCopies.read(capture, sampling);
        packets = read.toArray(new PacketRecord[0]);
        ids = new SubflowId[packets.length];
        slot = new int[packets.length];
        Map<SubflowId, Integer> slots = new HashMap<>();
        for (int i = 0; i < packets.length; i++) {
            PacketRecord p = packets[i];
            ids[i] = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
            slot[i] = slots.computeIfAbsent(ids[i], id -> slots.size());
        }
        evidence = new SubflowEvidence[slots.size()];
    }

    public static void main(String[] args) throws IOException {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<String> samplings = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("count:1", "count:100");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (String sampling : samplings) {
            EvidenceBenchmark b = new EvidenceBenchmark();
            b.capture = "../shared/datasets/paper40/full.pcap.gz";
            b.sampling = sampling;
            b.load();
            int n = b.packets.length;
            // Enough packets a pass for about 20 ms of work, so the clock's granularity does not count.
            int repeat = Math.max(1, 200_000 / n);
            double[] perPacket = new double[passes];
            for (int pass = -passes; pass < passes; pass++) {
                long start = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < repeat * n; i++) {
                    b.apply();
                }
                long ns = cpu.getCurrentThreadCpuTime() - start;
                if (pass >= 0) {
                    perPacket[pass] = (double) ns / (repeat * n);
                }
            }
            Arrays.sort(perPacket);
            System.out.printf("%s: %d packets, CPU ns per packet: median %.1f, best %.1f (%d passes of %d)%n", sampling,
                    n, perPacket[passes / 2], perPacket[0], passes, repeat * n);
        }
    }

    @Benchmark
    public SubflowEvidence apply() {
        int i = next;
        if (i == packets.length) {
            Arrays.fill(evidence, null);
            i = 0;
        }
        next = i + 1;
        int s = slot[i];
        SubflowEvidence after = collector.apply(packets[i], ids[i], evidence[s]);
        evidence[s] = after;
        return after;
    }

    /**
     * What {@link #apply} reads of each packet (time, length, direction, DSS fields) and no
     * evidence: the part of its cost that is fetching the packet, which a pass over a whole
     * capture finds out of cache.
     */
    @Benchmark
    public long readOnly() {
        int i = next == packets.length ? 0 : next;
        next = i + 1;
        PacketRecord p = packets[i];
        long read = p.tsMicros() + p.len() + ids[i].direction(p.src(), p.sport());
        for (MptcpOption o : p.mptcp()) {
            if (o instanceof MptcpOption.Dss d) {
                read += (d.dataAck() == null ? 0 : d.dataAck()) + (d.dsn() == null ? 0 : d.dsn())
                        + (d.dll() == null ? 0 : d.dll()) + (d.ssn() == null ? 0 : d.ssn());
            }
        }
        return read;
    }
}
