package dev.sampo.bench;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.Associator;
import dev.sampo.association.EvidenceCollector;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Heap per live subflow at scale: replays a real capture's sampled packets many times over, each
 * copy on its own client addresses and its own DSN offset (so copies are distinct sessions), until
 * the target number of concurrent subflows holds evidence; then measures the retained heap after
 * a full GC, and times one association over all of them.
 *
 * <p>usage: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar dev.sampo.bench.MemoryFootprint
 * [SUBFLOWS] [CAPTURE] [SAMPLING]}
 */
public final class MemoryFootprint {
    private MemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int target = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path capture = Path.of(args.length > 1 ? args[1] : "../shared/datasets/paper40/full.pcap.gz");
        if (!Files.exists(capture)) {
            capture = Path.of("samples/lab-small.pcap.gz");
        }
        String sampling = args.length > 2 ? args[2] : "count:10";
        List<PacketRecord> base = new ArrayList<>();
        try (PacketSource src = new CapturePacketSource(capture, Sampler.parse(sampling), true)) {
            for (PacketRecord p = src.next(); p != null; p = src.next()) {
                base.add(p);
            }
        }
        AssociationConfig config = AssociationConfig.builder().useTokens(false).build();
        EvidenceCollector collector = new EvidenceCollector(config);
        long before = usedHeap();
        Map<SubflowId, SubflowEvidence> live = new HashMap<>();
        for (int copy = 0; live.size() < target; copy++) {
            long dsnShift = (copy + 1) * 0x9E37_79B9_7F4A_7C15L; // a distinct place in DSN space per copy
            for (PacketRecord p : base) {
                PacketRecord q = shifted(p, copy, dsnShift);
                SubflowId id = SubflowId.of(q.src(), q.sport(), q.dst(), q.dport());
                SubflowEvidence s = live.get(id);
                if (s == null) {
                    if (live.size() == target) {
                        continue;
                    }
                    s = new SubflowEvidence(id, config.boxesPerTrack());
                    live.put(id, s);
                }
                collector.collect(q, s);
            }
        }
        long after = usedHeap();
        long estimated = live.values().stream().mapToLong(SubflowEvidence::retainedBytes).sum();
        System.out.printf("%d live subflows from %s (%s, %d packets per copy)%n", live.size(), capture, sampling,
                base.size());
        System.out.printf("measured heap: %.1f MiB, %d bytes per subflow (estimate from the state itself: %d)%n",
                (after - before) / 1048576.0, (after - before) / live.size(), estimated / live.size());
        long start = System.nanoTime();
        Associator associator = new Associator(config);
        List<SubflowEvidence> all = new ArrayList<>(live.values());
        int pairs = associator.decide(all).size();
        System.out.printf("one association over all of them: %d candidate pairs in %.2f s%n", pairs,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * The same packet in copy {@code copy}: the client side moves into 100.64.0.0/10 (copy in the
     * upper 10 bits, the original host and path in the lower 12), and DSNs shift.
     */
    private static PacketRecord shifted(PacketRecord p, int copy, long dsnShift) {
        boolean srcIsServer = p.sport() == 5000 || p.sport() == 5001;
        IpAddress src = srcIsServer ? p.src() : client(p.src(), copy);
        IpAddress dst = srcIsServer ? client(p.dst(), copy) : p.dst();
        List<dev.sampo.mptcp.MptcpOption> options = new ArrayList<>();
        for (dev.sampo.mptcp.MptcpOption o : p.mptcp()) {
            if (o instanceof dev.sampo.mptcp.MptcpOption.Dss d) {
                options.add(new dev.sampo.mptcp.MptcpOption.Dss(d.dsn() == null ? null : d.dsn() + dsnShift, d.ssn(),
                        d.dll(), d.dataAck() == null ? null : d.dataAck() + dsnShift, d.dataFin(), d.dsnBytes(),
                        d.dataAckBytes(), d.checksum()));
            } else {
                options.add(o);
            }
        }
        return new PacketRecord(p.frame(), p.tsMicros(), null, src, p.sport(), dst, p.dport(), p.seq(), p.ack(),
                p.len(), p.flags(), p.samplingRate(), p.missing(), options);
    }

    private static IpAddress client(IpAddress a, int copy) {
        int host = (int) (a.lo() >>> 8) & 0xFF;
        int path = (int) (a.lo() >>> 16) & 0x0F;
        return IpAddress.ofV4(0x6440_0000 | (copy << 12) | (path << 8) | host);
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
