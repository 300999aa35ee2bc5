package dev.sampo.bench;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.AssociationResult;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * The paper's cost anchor (237 ms): associate the paper's case from scratch. paper40 sampled 1 in
 * 29 frames leaves about 6,400 MPTCP packets on its 160 subflows; each operation builds a fresh
 * engine, collects the evidence of all of them and runs one association (DSN evidence only, the
 * expensive path). Run from the repository root: {@code java -jar benchmarks/target/benchmarks.jar
 * Association}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AssociationBenchmark {
    @Param("../shared/datasets/paper40/full.pcap.gz")
    public String capture;

    @Param("count:29")
    public String sampling;

    private List<PacketRecord> packets;
    private long last;
    private final AssociationConfig config = AssociationConfig.builder().useTokens(false).build();

    @Setup
    public void load() throws IOException {
        Path file = Path.of(capture);
        if (!Files.exists(file)) {
            file = Path.of("samples/lab-small.pcap.gz");
        }
        packets = new ArrayList<>();
        try (PacketSource src = new CapturePacketSource(file, Sampler.parse(sampling), true)) {
            for (PacketRecord p = src.next(); p != null; p = src.next()) {
                packets.add(p);
                last = Math.max(last, p.tsMicros());
            }
        }
        System.out.printf("%n%s %s: %d sampled MPTCP packets%n", file, sampling, packets.size());
    }

    @Benchmark
    public AssociationResult fromScratch() {
        AssociationEngine engine = new AssociationEngine(config);
        for (PacketRecord p : packets) {
            engine.accept(p);
        }
        return engine.associate(last);
    }
}
