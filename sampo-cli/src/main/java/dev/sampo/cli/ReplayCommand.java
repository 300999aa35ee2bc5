package dev.sampo.cli;

import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.kafka.TopicSetup;
import dev.sampo.packet.PacketSource;
import dev.sampo.sflow.CollectorConfig;
import dev.sampo.wire.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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

    @Override
    public Integer call() throws Exception {
        double x = Replay.parseSpeed(speed);
        String bootstrap = Sinks.bootstrap(CollectorConfig.parseAddress(kafka, "localhost"));
        TopicSetup.ensure(bootstrap, partitions);
        // Progress redraws one line in place: only worth it on a terminal, noise in a log.
        PrintStream progress = System.console() != null ? System.err : null;
        Replay r;
        try (PacketSource records = source.open(file);
             KafkaPacketSink sink = new KafkaPacketSink(bootstrap, topic)) {
            r = Replay.run(records, sink, x, progress);
        }
        System.out.printf("published %d records in %.3f s, %.0f records/s to %s topic %s%n", r.records(),
                r.seconds(), r.recordsPerSecond(), bootstrap, topic);
        return 0;
    }
}
