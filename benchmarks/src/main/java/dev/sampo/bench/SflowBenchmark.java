package dev.sampo.bench;

import dev.sampo.packet.PacketRecord;
import dev.sampo.sflow.CollectorConfig;
import dev.sampo.sflow.FlowSample;
import dev.sampo.sflow.SflowCollector;
import dev.sampo.sflow.SflowDatagram;
import dev.sampo.sflow.SflowDecoder;
import dev.sampo.sflow.SflowListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * sFlow throughput in flow samples per second, over pmacct's real paper40 export (7,521 samples in
 * 1,148 datagrams, all TCP):
 * <ul>
 *   <li>{@code decode}: {@link SflowDecoder} alone, in memory, each sampled header decoded.</li>
 *   <li>{@code collector}: UDP in to sink out on loopback: each operation sends the whole export
 *       from this thread to a running {@link SflowCollector} and waits until its sink has every
 *       sample's record (so a lost datagram would show as a stall, and is counted).</li>
 * </ul>
 * Run from the repository root: {@code java -jar benchmarks/target/benchmarks.jar Sflow}. Both
 * threads share the machine's cores with the sender, as a collector shares a host with its sink.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class SflowBenchmark {
    private static final int SAMPLES = 7521;

    /** The export in memory; its path is relative to the repository root. */
    @State(Scope.Thread)
    public static class Export {
        @Param(SflowDatagrams.PAPER40)
        public String capture;

        SflowDatagrams datagrams;

        @Setup(Level.Trial)
        public void load() throws IOException {
            datagrams = SflowDatagrams.load(capture);
            if (datagrams.totalSamples != SAMPLES) {
                throw new IllegalStateException("expected the paper40 export, got " + datagrams.totalSamples);
            }
        }
    }

    @State(Scope.Thread)
    public static class Decoding {
        long checksum;
        final SflowDecoder decoder = new SflowDecoder(new SflowListener() {
            @Override
            public void flowSample(SflowDatagram d, FlowSample s) {
                checksum += s.packet.seq;
            }
        });
    }

    /** A running collector on loopback whose sink counts records (every TCP sample forwarded). */
    @State(Scope.Thread)
    public static class Collecting {
        final AtomicLong received = new AtomicLong();
        SflowCollector collector;
        DatagramChannel sender;
        long expected;
        long stalls;

        @Setup(Level.Trial)
        public void start() throws IOException {
            CollectorConfig config = CollectorConfig.defaults().withListen(new InetSocketAddress("127.0.0.1", 0))
                    .withMptcpOnly(false).withStatsInterval(Duration.ofSeconds(1));
            collector = SflowCollector.start(config, (PacketRecord r) -> received.lazySet(received.get() + 1), null);
            sender = DatagramChannel.open();
            sender.connect(collector.localAddress());
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            sender.close();
            collector.close();
            System.out.printf("%ncollector: %s%nstalled operations (lost datagrams): %d%n",
                    collector.stats().line(), stalls);
        }
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public long decode(Export export, Decoding d) {
        for (byte[] p : export.datagrams.payloads) {
            d.decoder.decode(p, 0, p.length, 0);
        }
        return d.checksum;
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public long collector(Export export, Collecting c) throws IOException {
        for (byte[] p : export.datagrams.payloads) {
            c.sender.write(ByteBuffer.wrap(p));
        }
        c.expected += SAMPLES;
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (c.received.get() < c.expected) {
            if (System.nanoTime() > deadline) {
                c.stalls++;
                c.expected = c.received.get();
                break;
            }
            Thread.onSpinWait();
        }
        return c.received.get();
    }
}
