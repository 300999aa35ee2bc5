package dev.sampo.bench;

import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.packet.PacketSink;
import dev.sampo.sflow.CollectorConfig;
import dev.sampo.sflow.CollectorStats;
import dev.sampo.sflow.SflowCollector;
import dev.sampo.wire.Topics;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Loss under a steady offered load: sends pmacct's paper40 datagrams round and round to an
 * in-process collector on loopback at a fixed rate of flow samples per second, then compares the
 * samples sent with those the collector decoded and its sink received. The sink drops records, or
 * with {@code --kafka} publishes them to {@value #TOPIC} with {@link KafkaPacketSink}: then the
 * report also compares the TCP samples sent (each one a record) with the records Kafka acknowledged.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.sampo.bench.SflowLoad SAMPLES_PER_SECOND SECONDS [CAPTURE] [--kafka HOST:PORT]</pre>
 */
public final class SflowLoad {
    static final int WARMUP_SECONDS = 3;
    static final String TOPIC = Topics.PACKETS;

    private SflowLoad() {
    }

    /** Sends at {@code rate} samples/s for {@code seconds}; returns {samples, datagrams, nanos, TCP samples}. */
    private static long[] offer(DatagramChannel sender, SflowDatagrams export, double rate, double seconds)
            throws java.io.IOException {
        long sentSamples = 0;
        long sentDatagrams = 0;
        long sentTcp = 0;
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
            sentTcp += export.tcpSamples[i];
            sentDatagrams++;
        }
        return new long[] {sentSamples, sentDatagrams, System.nanoTime() - start, sentTcp};
    }

    /**
     * Waits until the collector has taken every datagram queued on its socket (its count stops
     * moving for 500 ms; stats are published every ~100 ms): a collector that lags behind the
     * sender, as one publishing to Kafka does while it warms up, has not lost what it still holds.
     */
    private static CollectorStats awaitIdle(SflowCollector collector) throws InterruptedException {
        for (CollectorStats last = collector.stats(); ; ) {
            Thread.sleep(500);
            CollectorStats now = collector.stats();
            if (now.datagrams() == last.datagrams()) {
                return now;
            }
            last = now;
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>(List.of(args));
        int k = positional.indexOf("--kafka");
        String kafka = k >= 0 && k + 1 < positional.size() ? positional.get(k + 1) : null;
        if (k >= 0) {
            positional.subList(k, Math.min(k + 2, positional.size())).clear();
        }
        if (positional.size() < 2 || (k >= 0 && kafka == null)) {
            System.err.println("usage: SflowLoad SAMPLES_PER_SECOND SECONDS [CAPTURE] [--kafka HOST:PORT]");
            System.exit(2);
        }
        double rate = Double.parseDouble(positional.get(0));
        double seconds = Double.parseDouble(positional.get(1));
        SflowDatagrams export = SflowDatagrams.load(positional.size() > 2 ? positional.get(2) : SflowDatagrams.PAPER40);
        // The collector counts the records it hands over (CollectorStats.records): the default sink has nothing to do.
        KafkaPacketSink kafkaSink = kafka == null ? null : new KafkaPacketSink(kafka, TOPIC);
        PacketSink sink = kafkaSink != null ? kafkaSink : record -> { };
        CollectorConfig config = CollectorConfig.defaults().withListen(new InetSocketAddress("127.0.0.1", 0))
                .withMptcpOnly(false).withStatsInterval(Duration.ofSeconds(1));
        SflowCollector collector = SflowCollector.start(config, sink, null);
        try (sink; DatagramChannel sender = DatagramChannel.open()) {
            sender.connect(collector.localAddress());
            long[] warm = offer(sender, export, rate, WARMUP_SECONDS);
            CollectorStats before = awaitIdle(collector);
            long warmLost = warm[0] - before.flowSamples();
            long[] sent = offer(sender, export, rate, seconds);
            long sentSamples = sent[0];
            long sentDatagrams = sent[1];
            double took = sent[2] / 1e9;
            long sentTcp = sent[3];
            awaitIdle(collector);
            // Flushes the sink: a record Kafka did not acknowledge throws here rather than going uncounted.
            collector.close();
            CollectorStats s = collector.stats();
            System.out.printf(Locale.ROOT, "offered %.0f samples/s for %.1f s: sent %d samples (%d TCP) in %d datagrams"
                            + " (%.0f samples/s achieved)%n", rate, took, sentSamples, sentTcp, sentDatagrams,
                    sentSamples / took);
            long decoded = s.flowSamples() - before.flowSamples();
            long records = s.records() - before.records();
            System.out.printf(Locale.ROOT, "collector decoded %d samples in %d datagrams, sink received %d records;"
                            + " lost %d samples (%.4f%%), receive buffer %d bytes (warm-up: %d lost)%n", decoded,
                    s.datagrams() - before.datagrams(), records, sentSamples - decoded,
                    100.0 * (sentSamples - decoded) / sentSamples, s.receiveBufferBytes(), warmLost);
            if (kafkaSink != null) {
                // The collector counts a record when the sink took it, as sent() does: before.records()
                // is the warm-up's share of sent(), read from a snapshot the collector thread publishes.
                long delivered = kafkaSink.sent() - before.records();
                System.out.printf(Locale.ROOT, "kafka %s acknowledged %d records of %d TCP samples sent: lost %d"
                                + " (%.4f%%), sink errors %d%n", kafka, delivered, sentTcp, sentTcp - delivered,
                        100.0 * (sentTcp - delivered) / sentTcp, s.sinkErrors() - before.sinkErrors());
            }
        }
    }
}
