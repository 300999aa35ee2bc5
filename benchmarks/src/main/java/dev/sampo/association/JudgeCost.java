package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What pair judging alone costs: the first PACKETS packets of a capture (every frame, DSN only)
 * go through an {@link AssociationEngine}; then, ROUNDS times over, every live subflow's tracks
 * are unpacked ({@link PairJudge#unpacked}) and every candidate pair of the engine's table is
 * judged ({@link PairJudge#judge}), as a period does for its changed subflows. Prints the CPU time
 * of the thread per subflow unpacked and per pair judged, median and least of the later half of
 * the rounds (the earlier half warms the compiler). In this package because the judge is
 * package-private.
 *
 * <p>usage: {@code java -cp benchmarks/target/benchmarks.jar dev.sampo.association.JudgeCost
 * CAPTURE [PACKETS] [ROUNDS]}
 */
public final class JudgeCost {
    private JudgeCost() {
    }

    public static void main(String[] args) throws Exception {
        long packets = args.length > 1 ? Long.parseLong(args[1]) : 1_500_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        AssociationConfig config = AssociationConfig.builder().useTokens(false).build();
        AssociationEngine engine = new AssociationEngine(config);
        PeriodClock clock = new PeriodClock(config.periodMicros());
        long last = 0;
        try (PacketSource source = new CapturePacketSource(Path.of(args[0]), Sampler.parse("none"), true)) {
            long read = 0;
            for (PacketRecord p = source.next(); p != null && read < packets; p = source.next(), read++) {
                clock.advanceTo(p.tsMicros(), engine::period);
                engine.accept(p);
                last = Math.max(last, p.tsMicros());
            }
        }
        List<PairDecision> pairs = engine.associate(last).pairs();
        List<SubflowEvidence> subflows = new ArrayList<>();
        Map<SubflowId, Integer> index = new HashMap<>();
        for (SubflowId id : engine.subflowIds()) {
            index.put(id, subflows.size());
            subflows.add(engine.evidence(id));
        }
        int[] a = new int[pairs.size()];
        int[] b = new int[pairs.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = index.get(pairs.get(i).a());
            b[i] = index.get(pairs.get(i).b());
        }
        System.out.printf("%d subflows, %d candidate pairs%n", subflows.size(), a.length);
        PairJudge judge = new PairJudge(config);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] unpackNanos = new double[rounds];
        double[] judgeNanos = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            long start = threads.getCurrentThreadCpuTime();
            UnpackedTrack[][] unpacked = new UnpackedTrack[subflows.size()][];
            for (int i = 0; i < unpacked.length; i++) {
                unpacked[i] = PairJudge.unpacked(subflows.get(i));
            }
            long mid = threads.getCurrentThreadCpuTime();
            int same = 0;
            for (int i = 0; i < a.length; i++) {
                PairDecision d = judge.judge(subflows.get(a[i]), unpacked[a[i]], subflows.get(b[i]), unpacked[b[i]]);
                same += d.verdict() == PairDecision.Verdict.SAME ? 1 : 0;
            }
            long end = threads.getCurrentThreadCpuTime();
            unpackNanos[round] = (mid - start) / (double) unpacked.length;
            judgeNanos[round] = (end - mid) / (double) a.length;
            if (round == 0) {
                System.out.printf("%d pairs SAME%n", same);
            }
        }
        double[] u = Arrays.copyOfRange(unpackNanos, rounds / 2, rounds);
        double[] j = Arrays.copyOfRange(judgeNanos, rounds / 2, rounds);
        Arrays.sort(u);
        Arrays.sort(j);
        System.out.printf("unpack: median %.0f ns, least %.0f ns per subflow; judge: median %.0f ns, least %.0f ns per pair%n",
                u[u.length / 2], u[0], j[j.length / 2], j[0]);
    }
}
