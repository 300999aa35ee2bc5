package dev.sampo.stream;

import java.time.Instant;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Session-aware steering as a stage of the job: it hangs off the session grouping's output, reads
 * the NF instances' load reports, and writes the steering table. One instance, like the grouping
 * it follows: placement weighs every session against the load of every instance.
 */
public final class SteeringStage {
    private SteeringStage() {
    }

    /** Adds the stage when {@code sampo.topic.nf-load} is set. */
    public static void attach(DataStream<Output> groupings, JobConfig config, Sink<Output> sink) {
        SteeringSettings settings = config.steering();
        if (!settings.enabled()) {
            return;
        }
        DataStream<byte[]> loads = groupings.getExecutionEnvironment()
                .fromSource(loadSource(config), WatermarkStrategy.noWatermarks(),
                        SampoJob.sourceName(settings.loadTopic(), config))
                .uid("nf-load").setParallelism(1);
        groupings.filter(o -> o.topic.equals(config.sessionsTopic()) || o.topic.equals(config.subflowsTopic()))
                .uid("to-steering").name("to steering").setParallelism(1)
                .connect(loads)
                .keyBy(o -> 0, r -> 0)
                .process(new SteeringFunction(config))
                .uid("steering").name("session steering")
                .setParallelism(1).setMaxParallelism(1)
                .sinkTo(sink).uid("steering-out").name(settings.steeringTopic()).setParallelism(1);
    }

    /**
     * The load topic by pattern, so a job that starts before any NF instance created it waits for it
     * instead of failing; reports older than the silence timeout are skipped at the first start,
     * since they could only announce instances that have already left.
     */
    private static KafkaSource<byte[]> loadSource(JobConfig config) {
        SteeringSettings settings = config.steering();
        long since = Instant.now().toEpochMilli() - settings.placement().silenceMillis();
        return KafkaSource.<byte[]>builder()
                .setBootstrapServers(config.bootstrap())
                .setProperties(config.kafkaClient().properties())
                .setTopicPattern(Pattern.compile(Pattern.quote(settings.loadTopic())))
                .setGroupId(config.groupId() + "-steering")
                .setStartingOffsets(OffsetsInitializer.timestamp(since))
                .setProperty("partition.discovery.interval.ms", "2000")
                .setDeserializer(new RawValues())
                .build();
    }

    /** Values as they are; a null value becomes empty, which the stage counts as a bad report. */
    private static final class RawValues implements KafkaRecordDeserializationSchema<byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<byte[]> out) {
            out.collect(record.value() == null ? new byte[0] : record.value());
        }

        @Override
        public TypeInformation<byte[]> getProducedType() {
            return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
        }
    }
}
