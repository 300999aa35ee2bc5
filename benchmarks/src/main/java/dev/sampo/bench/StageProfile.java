package dev.sampo.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The CPU of a job run per stage, from a JFR recording of its process (bench/stream.sh with
 * PROFILE=1 records the drain at parallelism 1): each execution sample goes to the stage of the
 * first frame, from the leaf down, that names one, and a stage's share of the samples times the
 * process's CPU per record is its µs per record. Serializing and shuffling records between stages
 * counts as the transfer, wherever it runs; what no stage names (the Flink runtime's own loops,
 * checkpoints, the JIT's code) as "other". At parallelism 1 the source and the evidence stage run
 * chained, one thread, no shuffle between them ({@code SampoJob.bySubflow}): Flink's hand-over
 * and key-context frames there fall to the source, and the transfer is the later exchanges'.
 *
 * <p>Usage: {@code StageProfile RECORDING.jfr RECORDS CPU_SECONDS}
 */
public final class StageProfile {
    /** Stages by what their frames' class names start with, in the order they are tried on each frame. */
    private static final Map<String, List<String>> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put("decode (PacketWire)", List.of("dev.sampo.wire.PacketWire", "dev.sampo.wire.Cbor"));
        STAGES.put("keyed transfer (serialize, shuffle, deserialize)", List.of("dev.sampo.stream.CodecSerializer",
                "dev.sampo.stream.SubflowKey", "org.apache.flink.runtime.io.network",
                "org.apache.flink.streaming.runtime.io", "org.apache.flink.streaming.runtime.streamrecord",
                "org.apache.flink.api.java.typeutils.runtime", "org.apache.flink.api.common.typeutils.base",
                "org.apache.flink.streaming.runtime.partitioner", "org.apache.flink.streaming.runtime.tasks.BroadcastingOutput",
                "org.apache.flink.runtime.io.network.api.writer"));
        STAGES.put("source (Kafka consumer, PacketDeserializer, watermarks)", List.of("dev.sampo.stream.PacketDeserializer",
                "dev.sampo.stream.QuietWatermarks", "org.apache.kafka.clients.consumer",
                "org.apache.flink.connector.kafka.source", "org.apache.flink.connector.base.source",
                "org.apache.flink.streaming.api.operators.SourceOperator"));
        STAGES.put("evidence (SubflowEvidenceFunction)", List.of("dev.sampo.stream.SubflowEvidenceFunction",
                "dev.sampo.stream.EvidenceOperator"));
        STAGES.put("buckets (BucketDecisions)", List.of("dev.sampo.stream.BucketDecisions"));
        STAGES.put("grouping (SessionGrouping)", List.of("dev.sampo.stream.SessionGrouping"));
        STAGES.put("steering", List.of("dev.sampo.stream.Steering"));
        STAGES.put("sinks (OutputSerializer, Kafka producer)", List.of("dev.sampo.stream.OutputSerializer",
                "org.apache.kafka.clients.producer", "org.apache.flink.connector.kafka.sink",
                "org.apache.flink.connector.base.sink"));
    }

    private StageProfile() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: StageProfile RECORDING.jfr RECORDS CPU_SECONDS");
            System.exit(2);
        }
        long records = Long.parseLong(args[1]);
        double cpuSeconds = Double.parseDouble(args[2]);
        Map<String, Long> samples = new LinkedHashMap<>();
        STAGES.keySet().forEach(s -> samples.put(s, 0L));
        samples.put("other (Flink runtime, state backend, timers)", 0L);
        long total = 0;
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (e.getEventType().getName().equals("jdk.ExecutionSample") && e.getStackTrace() != null) {
                    samples.merge(stageOf(e.getStackTrace().getFrames()), 1L, Long::sum);
                    total++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d samples, %d records, %.2f s CPU: %.2f µs per record%n", total, records,
                cpuSeconds, cpuSeconds * 1e6 / records);
        System.out.println("| stage | share of samples | µs per record |");
        System.out.println("|---|---:|---:|");
        for (Map.Entry<String, Long> s : samples.entrySet()) {
            double share = (double) s.getValue() / Math.max(1, total);
            System.out.printf(Locale.ROOT, "| %s | %.1f %% | %.2f |%n", s.getKey(), 100 * share,
                    share * cpuSeconds * 1e6 / records);
        }
    }

    private static String stageOf(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            for (Map.Entry<String, List<String>> s : STAGES.entrySet()) {
                for (String prefix : s.getValue()) {
                    if (type.startsWith(prefix)) {
                        return s.getKey();
                    }
                }
            }
        }
        return "other (Flink runtime, state backend, timers)";
    }
}
