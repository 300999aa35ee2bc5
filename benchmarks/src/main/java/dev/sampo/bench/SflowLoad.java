package dev.sampo.bench;

import dev.sampo.packet.PacketRecord;
import dev.sampo.sflow.CollectorConfig;
import dev.sampo.sflow.CollectorStats;
import dev.sampo.sflow.SflowCollector;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Loss under a steady offered load: sends pmacct's paper40 datagrams round and round to an
 * in-process collector on loopback at a fixed rate of flow samples per second, then compares the
 * samples sent with those the collector decoded and its sink received.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.sampo.bench.SflowLoad SAMPLES_PER_SECOND SECONDS [CAPTURE]</pre>
 */
public final class SflowLoad {
    static final int WARMUP_SECONDS = 3;

    private SflowLoad() {
    }

    /** Sends at {@code rate} samples/s for {@code seconds}; returns {samples, datagrams, nanos}. */
    private static long[] offer(DatagramChannel sender, SflowDatagrams export, double rate, double seconds)
            throws java.io.IOException {
        long sentSamples = 0;
        long sentDatagrams = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        double nanosPerSample = 1e9 / rate;
        for (int i = 0; ; i = (i + 1) % export.payloads.size()) {
            // Each datagram is due when the samples before it are, at the offered rate.
            long due = start + (long) (sentSamples * nanosPerSample);
            if (due >= end) {
                break;
            }
            for (long wait = due - System.nanoTime(); wait > 20_000; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait - 20_000);
            }
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            sender.write(ByteBuffer.wrap(export.payloads.get(i)));
            sentSamples += export.samples[i];
            sentDatagrams++;
        }
        return new long[] {sentSamples, sentDatagrams, System.nanoTime() - start};
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SflowLoad SAMPLES_PER_SECOND SECONDS [CAPTURE]");
            System.exit(2);
        }
        double rate = Double.parseDouble(args[0]);
        double seconds = Double.parseDouble(args[1]);
        SflowDatagrams export = SflowDatagrams.load(args.length > 2 ? args[2] : SflowDatagrams.PAPER40);
        AtomicLong received = new AtomicLong();
        CollectorConfig config = CollectorConfig.defaults().withListen(new InetSocketAddress("127.0.0.1", 0))
                .withMptcpOnly(false).withStatsInterval(Duration.ofSeconds(1));
        SflowCollector collector = SflowCollector.start(config, (PacketRecord r) -> received.lazySet(received.get() + 1),
                null);
        try (DatagramChannel sender = DatagramChannel.open()) {
            sender.connect(collector.localAddress());
            long[] warm = offer(sender, export, rate, WARMUP_SECONDS);
            Thread.sleep(500);
            CollectorStats before = collector.stats();
            long warmLost = warm[0] - before.flowSamples();
            long[] sent = offer(sender, export, rate, seconds);
            long sentSamples = sent[0];
            long sentDatagrams = sent[1];
            double took = sent[2] / 1e9;
            Thread.sleep(500);
            collector.close();
            CollectorStats s = collector.stats();
            System.out.printf(Locale.ROOT, "offered %.0f samples/s for %.1f s: sent %d samples in %d datagrams"
                            + " (%.0f samples/s achieved)%n", rate, took, sentSamples, sentDatagrams, sentSamples / took);
            long decoded = s.flowSamples() - before.flowSamples();
            System.out.printf(Locale.ROOT, "collector decoded %d samples in %d datagrams, sink received %d records;"
                            + " lost %d samples (%.4f%%), receive buffer %d bytes (warm-up: %d lost)%n", decoded,
                    s.datagrams() - before.datagrams(), s.records() - before.records(), sentSamples - decoded,
                    100.0 * (sentSamples - decoded) / sentSamples, s.receiveBufferBytes(), warmLost);
        }
    }
}
