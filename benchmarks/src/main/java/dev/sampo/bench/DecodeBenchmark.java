package dev.sampo.bench;

import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketDecoder;
import dev.sampo.packet.PacketRecord;
import java.io.IOException;
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
 * {@link PacketDecoder} throughput in packets per second on one core: each operation decodes the
 * next in-memory frame of a real capture (link layer to MPTCP options), cycling through them.
 * Run from the repository root: {@code java -jar benchmarks/target/benchmarks.jar Decode}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {
    /** The capture; the committed lab sample stands in where ../shared is absent. */
    @Param("../shared/datasets/paper40/full.pcap.gz")
    public String capture;

    /** How many of its first frames to cycle through (100k frames of paper40 are about 10 MB). */
    @Param("100000")
    public int frames;

    private CapturedFrames in;
    private final PacketDecoder decoder = new PacketDecoder();
    private final Packet packet = new Packet();
    private int next;

    @Setup
    public void load() throws IOException {
        in = CapturedFrames.load(frames, capture, "samples/lab-small.pcap.gz");
    }

    private int nextFrame() {
        int i = next;
        next = i + 1 == in.count ? 0 : i + 1;
        return i;
    }

    /** The decoder alone: the allocation-free hot path. */
    @Benchmark
    public boolean decode() {
        int i = nextFrame();
        return decoder.decode(in.linkType[i], in.data, in.offset[i], in.length[i], i + 1, 0, packet);
    }

    /** Decoding plus the immutable record that sources hand to association (what a reader pays). */
    @Benchmark
    public PacketRecord decodeToRecord() {
        int i = nextFrame();
        if (decoder.decode(in.linkType[i], in.data, in.offset[i], in.length[i], i + 1, 0, packet)) {
            return PacketRecord.of(packet, 1, null);
        }
        return null;
    }
}
