package dev.sampo.cli;

import dev.sampo.association.AssociationEngine;
import dev.sampo.association.PeriodClock;
import dev.sampo.eval.SteeringEvaluation;
import dev.sampo.eval.Truth;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketDecoder;
import dev.sampo.packet.PacketRecord;
import dev.sampo.pcap.CaptureFiles;
import dev.sampo.pcap.CaptureReader;
import dev.sampo.pcap.Frame;
import dev.sampo.sampling.Sampler;
import dev.sampo.steering.LoadReport;
import dev.sampo.steering.NfInstance;
import dev.sampo.steering.Steering;
import dev.sampo.steering.SteeringConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "steer", mixinStandardHelpOptions = true,
        description = {"Replay a capture through session-aware steering over K NF instances, as a steering point sees it.",
            "Every TCP packet goes to its subflow's current instance (its session's once association, run on the",
            "sampled packets every period, has grouped it; its 5-tuple hash before). Each instance reports its",
            "packet rate every period (smoothed). Prints a table, then as its last line one JSON object:",
            "sessions, multi_subflow_sessions, split_rate, baseline_split_rate,",
            "misrouted_packet_share, baseline_misrouted_packet_share, moves, max_load_ratio,",
            "baseline_max_load_ratio, packets, instances (baseline: plain 5-tuple hashing)."})
final class SteerCommand implements Callable<Integer> {
    /** Weight of the period that ends in an instance's reported rate (an exponential moving average). */
    private static final double RATE_SMOOTHING = 0.3;

    @Spec
    CommandSpec spec;

    @Mixin
    CaptureWithTruth scored;

    @Option(names = "--instances", paramLabel = "K", defaultValue = "4",
            description = "NF instances, of equal capacity (default: ${DEFAULT-VALUE}).")
    int instanceCount;

    @Option(names = "--load-bound", paramLabel = "EPSILON", defaultValue = "0.25",
            description = "A new session skips an instance loaded above (1 + EPSILON) times the mean (default: ${DEFAULT-VALUE}).")
    double loadBound;

    @Mixin
    SourceOptions source;

    @Mixin
    AssociationOptions options;

    @Override
    public Integer call() throws Exception {
        if (instanceCount < 1) {
            throw new ParameterException(spec.commandLine(), "--instances must be ≥ 1, not " + instanceCount);
        }
        if (source.input.kind != InputKind.pcap) {
            throw new ParameterException(spec.commandLine(), "steer replays every packet of a capture: --input pcap only");
        }
        List<NfInstance> instances = new ArrayList<>();
        for (int i = 0; i < instanceCount; i++) {
            instances.add(new NfInstance("nf-" + i, 1));
        }
        SteeringEvaluation.Report r = new Replay(instances).run();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-26s %s%n", "capture", scored.file);
        out.printf("%-26s %s, %d instances, tokens %s%n", "sampling", source.sample, instanceCount,
                options.noToken ? "off" : "on");
        out.printf("%-26s %d (%d multi-subflow)%n", "truth sessions", r.sessions(), r.multiSubflowSessions());
        out.printf("%-26s %.4f (5-tuple hashing %.4f)%n", "split rate", r.splitRate(), r.baselineSplitRate());
        out.printf("%-26s %.4f (5-tuple hashing %.4f)%n", "misrouted packet share", r.misroutedPacketShare(),
                r.baselineMisroutedPacketShare());
        out.printf("%-26s %.3f (5-tuple hashing %.3f)%n", "max load / mean", r.maxLoadRatio(), r.baselineMaxLoadRatio());
        out.printf("%-26s %d%n", "moves", r.moves());
        out.println(Json.MAPPER.writeValueAsString(r));
        return 0;
    }

    /** One pass: frames in capture order, association at every period boundary the packets cross. */
    private final class Replay {
        private final List<NfInstance> instances;
        private final Steering steering = new Steering(new SteeringConfig(loadBound, Long.MAX_VALUE, Set.of()));
        private final AssociationEngine engine = new AssociationEngine(options.config());
        private final long[] periodPackets;
        /** Each instance's reported packet rate. */
        private final double[] rate;
        private final Map<String, Integer> index = new HashMap<>();
        private final SteeringEvaluation evaluation;

        Replay(List<NfInstance> instances) throws java.io.IOException {
            this.instances = instances;
            this.periodPackets = new long[instances.size()];
            this.rate = new double[instances.size()];
            this.evaluation = new SteeringEvaluation(Truth.read(scored.truthFile), instances);
            for (NfInstance i : instances) {
                index.put(i.id(), index.size());
                steering.report(new LoadReport(i.id(), i.capacity(), 0, 0, false), 0);
            }
        }

        SteeringEvaluation.Report run() throws java.io.IOException {
            Sampler sampler = source.sample.sampler();
            PeriodClock clock = new PeriodClock(options.config().periodMicros());
            PacketDecoder decoder = new PacketDecoder();
            Frame frame = new Frame();
            Packet packet = new Packet();
            long last = 0;
            try (CaptureReader reader = CaptureFiles.open(scored.file)) {
                while (reader.next(frame)) {
                    long t = Math.floorDiv(frame.timestampNanos, 1000);
                    boolean sampled = sampler.keep(t);
                    if (!frame.decodeWith(decoder, packet)) {
                        continue;
                    }
                    clock.advanceTo(t, this::endPeriod);
                    last = Math.max(last, t);
                    SubflowId subflow = SubflowId.of(packet.src(), packet.srcPort, packet.dst(), packet.dstPort);
                    String instance = steering.instanceOf(subflow);
                    evaluation.observe(subflow, instance);
                    periodPackets[index.get(instance)]++;
                    if (sampled && packet.mptcpCount > 0) {
                        engine.accept(PacketRecord.of(packet, sampler.rate(), null));
                    }
                }
                if (reader.truncatedRecords() > 0) {
                    spec.commandLine().getErr().println("sampo steer: " + reader.truncatedRecords() + " truncated last record skipped");
                }
            }
            steering.apply(engine.associate(last));
            return evaluation.report(steering::entryOf, steering.moves());
        }

        /**
         * Association runs, and each instance reports its packet rate, smoothed over the last few
         * periods: one period's rate swings with the sessions that start in it.
         */
        private void endPeriod(long boundaryMicros) {
            steering.apply(engine.associate(boundaryMicros));
            double seconds = options.config().periodMicros() / 1e6;
            for (int i = 0; i < instances.size(); i++) {
                NfInstance nf = instances.get(i);
                rate[i] += RATE_SMOOTHING * (periodPackets[i] / seconds - rate[i]);
                steering.report(new LoadReport(nf.id(), nf.capacity(), rate[i], 0, false),
                        boundaryMicros / 1000);
                periodPackets[i] = 0;
            }
        }
    }
}
