package dev.sampo.bench;

import dev.sampo.association.AssociationConfig;
import dev.sampo.flow.SubflowId;
import dev.sampo.ids.ContentMatcher;
import dev.sampo.ids.IdsRun;
import dev.sampo.ids.Reassembler;
import dev.sampo.ids.RuleParser;
import dev.sampo.ids.SessionFacts;
import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketDecoder;
import dev.sampo.packet.PacketRecord;
import java.io.IOException;
import java.nio.file.Path;
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
 * {@code ./sampo ids}' second pass on one core: each operation decodes every in-memory frame of a
 * full-payload capture and reassembles and matches its payload, by DSN across each session's
 * subflows ({@code session}) or per TCP connection ({@code perSubflow}, what a subflow-blind IDS
 * does). The payload bytes per operation are printed at setup, so ms/op gives MB/s. Association
 * (the first pass) runs once, at setup. Run from the repository root:
 * {@code java -jar benchmarks/target/benchmarks.jar Ids}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IdsBenchmark {
    /** A capture with payload; the bundled one has 600 kB of MPTCP and TCP payload. */
    @Param("samples/ids-split.pcap.gz")
    public String capture;

    @Param("samples/ids-split.rules")
    public String rules;

    private CapturedFrames in;
    private ContentMatcher matcher;
    private Map<SubflowId, SessionFacts> sessions;
    private final PacketDecoder decoder = new PacketDecoder();
    private final Packet packet = new Packet();

    @Setup
    public void load() throws IOException {
        in = CapturedFrames.load(Integer.MAX_VALUE, capture);
        matcher = new ContentMatcher(RuleParser.read(Path.of(rules)).rules());
        sessions = IdsRun.sessions(Path.of(capture), AssociationConfig.DEFAULTS);
        System.out.printf("%n%s: %d frames, %d payload bytes per operation%n", capture, in.count,
                pass(Reassembler.Mode.SESSION).stats().payloadBytes);
    }

    private Reassembler pass(Reassembler.Mode mode) {
        Reassembler r = new Reassembler(matcher, mode, Reassembler.DEFAULT_WINDOW_BYTES, Reassembler.DEFAULT_IDLE_MICROS,
                sessions::get, alert -> { });
        for (int i = 0; i < in.count; i++) {
            if (decoder.decode(in.linkType[i], in.data, in.offset[i], in.length[i], i + 1, 0, packet)) {
                r.accept(PacketRecord.of(packet, 1, null), in.data, decoder.payloadOffset(), decoder.capturedPayload());
            }
        }
        r.finish();
        return r;
    }

    @Benchmark
    public long session() {
        return pass(Reassembler.Mode.SESSION).stats().deliveredBytes;
    }

    @Benchmark
    public long perSubflow() {
        return pass(Reassembler.Mode.PER_SUBFLOW).stats().deliveredBytes;
    }
}
