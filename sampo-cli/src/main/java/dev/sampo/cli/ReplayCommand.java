package dev.sampo.cli;

import dev.sampo.kafka.KafkaPacketSink;
import dev.sampo.kafka.TopicSetup;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.wire.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Publish the MPTCP packet records of a capture to Kafka (topic sampo.packets, wire format v1; "
                + "v2 with --payload).",
            "Samples as analyze samples, at the capture's pace times --speed or as fast as possible (max).",
            "Creates the missing sampo.* topics first, so a fresh broker works."})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", converter = ReadableFile.class,
            description = "A pcap or pcapng capture, optionally gzip'd (see --input).")
    Path file;

    @Mixin
    SourceOptions source;

    @Mixin
    KafkaBroker broker;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = Topics.PACKETS,
            description = "Topic to publish to; must exist unless it is ${DEFAULT-VALUE} (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
            description = "Partitions of " + Topics.PACKETS + " if it has to be created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--speed", paramLabel = "X|max", defaultValue = "max", converter = Speed.class,
            description = "Pace: X times the captured pace, or max (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--payload",
            description = "Records carry the captured TCP payload, at most " + PacketRecord.MAX_PAYLOAD_BYTES
                    + " bytes each (wire format v2), for the job's IDS stage; a pcap capture only.")
    boolean payload;

    @Override
    public Integer call() throws Exception {
        if (payload && source.input.kind != InputKind.pcap) {
            throw new ParameterException(spec.commandLine(), "--payload needs a pcap capture: sFlow samples carry "
                    + "no stream to reassemble");
        }
        String bootstrap = broker.bootstrap();
        TopicSetup.ensure(bootstrap, broker.client(), partitions);
        requireTopic(bootstrap);
        // Progress redraws one line in place: only worth it on a terminal, noise in a log.
        PrintWriter progress = System.console() != null ? spec.commandLine().getErr() : null;
        Replay r;
        try (PacketSource records = source.open(file, payload);
             KafkaPacketSink sink = new KafkaPacketSink(bootstrap, topic, broker.client().properties())) {
            r = Replay.run(records, sink, speed, progress);
        }
        if (source.input.kind == InputKind.pcap) {
            SflowRecording.rejectAsPackets(file, r.records());
        }
        spec.commandLine().getOut().printf("published %d records in %.3f s, %.0f records/s to %s topic %s%n",
                r.records(), r.seconds(), r.recordsPerSecond(), bootstrap, topic);
        return 0;
    }

    /** A producer would wait a minute for a topic that does not exist and then name no reason. */
    private void requireTopic(String bootstrap) {
        if (!TopicSetup.topics(bootstrap, broker.client()).contains(topic)) {
            throw new IllegalArgumentException("topic " + topic + " does not exist at " + bootstrap
                    + "; create it first (only the sampo.* topics are created for you)");
        }
    }
}
