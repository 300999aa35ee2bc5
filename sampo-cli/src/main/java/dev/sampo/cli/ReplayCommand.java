package dev.sampo.cli;

import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.kafka.Topics;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.sflow.CollectorConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Publish the MPTCP packet records of a capture to Kafka (topic sampo.packets, wire format v1),",
            "sampled as analyze samples them, at the capture's pace times --speed or as fast as possible (max).",
            "Creates the missing sampo.* topics first, so a fresh broker works."})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A pcap or pcapng capture, optionally gzip'd (see --input).")
    Path file;

    @Mixin
    SourceOptions source;

    @Option(names = "--kafka", required = true, paramLabel = "HOST:PORT", description = "The Kafka bootstrap server.")
    String kafka;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = Topics.PACKETS,
            description = "Topic to publish to; must exist unless it is ${DEFAULT-VALUE} (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
            description = "Partitions of " + Topics.PACKETS + " if it has to be created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--speed", paramLabel = "X|max", defaultValue = "max",
            description = "Pace: X times the captured pace, or max (default: ${DEFAULT-VALUE}).")
    String speed;

    private static final long PROGRESS_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    @Override
    public Integer call() throws Exception {
        double x = parseSpeed(speed);
        String bootstrap = Sinks.bootstrap(CollectorConfig.parseAddress(kafka, "localhost"));
        Topics.ensure(bootstrap, partitions);
        // Progress redraws one line in place: only worth it on a terminal, noise in a log.
        PrintStream progress = System.console() != null ? System.err : null;
        long start = System.nanoTime();
        long published;
        try (PacketSource records = source.open(file);
             KafkaPacketSink sink = new KafkaPacketSink(bootstrap, topic)) {
            long firstTs = Long.MIN_VALUE;
            long nextProgress = start + PROGRESS_NANOS;
            for (PacketRecord r = records.next(); r != null; r = records.next()) {
                if (firstTs == Long.MIN_VALUE) {
                    firstTs = r.tsMicros();
                }
                if (x != Double.POSITIVE_INFINITY) {
                    pace(start, (r.tsMicros() - firstTs) / x);
                }
                sink.accept(r);
                long now = System.nanoTime();
                if (progress != null && now >= nextProgress) {
                    progress.printf("\rpublished %d records, %.0f records/s, %.1f s of capture   ", sink.sent(),
                            sink.sent() / ((now - start) / 1e9), (r.tsMicros() - firstTs) / 1e6);
                    nextProgress = now + PROGRESS_NANOS;
                }
            }
            sink.flush();
            published = sink.sent();
        }
        if (progress != null) {
            progress.print("\r\033[K");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("published %d records in %.3f s, %.0f records/s to %s topic %s%n", published, seconds,
                published / seconds, bootstrap, topic);
        return 0;
    }

    /** Sleeps until {@code micros} of capture time, scaled, have passed since {@code start}. */
    private static void pace(long start, double micros) throws InterruptedException {
        long wait = start + Math.round(micros * 1000) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    static double parseSpeed(String speed) {
        if (speed.equals("max")) {
            return Double.POSITIVE_INFINITY;
        }
        double x;
        try {
            x = Double.parseDouble(speed);
        } catch (NumberFormatException e) {
            x = Double.NaN;
        }
        if (x > 0 && Double.isFinite(x)) {
            return x;
        }
        throw new IllegalArgumentException("bad --speed '" + speed + "': a positive number or max");
    }
}
