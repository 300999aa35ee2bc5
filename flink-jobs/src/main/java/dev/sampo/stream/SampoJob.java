package dev.sampo.stream;

import dev.sampo.flow.SubflowId;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The SAMPO association as a Flink job: {@code sampo.packets} → per-subflow evidence (keyed by
 * subflow) → pair decisions (keyed by DSN bucket) → session grouping (one instance) →
 * {@code sampo.pairs}, {@code sampo.sessions}, {@code sampo.subflows}; then steering
 * ({@link SteeringStage}) → {@code sampo.steering}; and, with rules, signature matching on the
 * sessions' reassembled payload ({@link IdsStage}) → {@code sampo.alerts}. Every step calls
 * sampo-core; nothing of the algorithm is written here.
 *
 * <p>On a cluster: {@code flink run flink-jobs/target/flink-jobs-*-job.jar --sampo.kafka.bootstrap
 * kafka:9092 --sampo.parallelism 4} (every key of {@link JobOptions}).
 */
public final class SampoJob {
    /** The job's name in the web UI and REST API ({@code /jobs/overview}). */
    public static final String NAME = "sampo association";

    /**
     * How long a record or watermark may wait in a partly filled network buffer, unless the
     * cluster sets {@code execution.buffer-timeout.interval}. A period's results follow its
     * closing watermark through three exchanges (source → subflows → buckets → grouping; two at
     * parallelism 1, where the source and the subflows are chained, {@link #bySubflow}), and
     * Flink sends a watermark only when its buffer is flushed: at Flink's 100 ms, that added up to
     * 300 ms to every update. A buffer that fills sooner goes at once anyway, so a backlog, which
     * fills them, pays little for it (docs/PERFORMANCE.md, latency at 10,000 live subflows).
     */
    static final Duration BUFFER_TIMEOUT = Duration.ofMillis(10);

    /**
     * How often the source emits its watermark, unless the cluster sets
     * {@code pipeline.auto-watermark-interval}: a period closes at the first emission after its
     * packets and the skew are in, so the interval adds up to its length to every update (100 ms
     * until this was set); an emission costs a comparison per partition.
     */
    static final Duration WATERMARK_INTERVAL = Duration.ofMillis(20);

    private SampoJob() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = ParameterTool.fromArgs(args).toMap();
        JobConfig config = JobConfig.defaultsWith(settings);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, config);
        build(kafkaSource(env, config), config, kafkaSink(config));
        env.execute(NAME);
    }

    /**
     * Parallelism, the state backend, checkpoints (the keyed evidence and what was last sent are
     * restored together), and restarts: with checkpoints on, Flink's default is to restart forever,
     * which turns a failure that never heals (a wrong password, a missing topic) into a job that looks
     * alive and does nothing; so, unless the cluster chose a strategy, the job fails after
     * {@link JobOptions#RESTART_ATTEMPTS} restarts in a row, with the reason. Latency: network
     * buffers and watermarks are flushed at {@link #BUFFER_TIMEOUT} and {@link #WATERMARK_INTERVAL}
     * unless the cluster chose otherwise.
     */
    public static void configure(StreamExecutionEnvironment env, JobConfig config) {
        env.setParallelism(config.parallelism());
        env.configure(config.stateBackend().flinkSettings());
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        Configuration latency = new Configuration();
        if (env.getConfiguration().getOptional(ExecutionOptions.BUFFER_TIMEOUT).isEmpty()) {
            latency.set(ExecutionOptions.BUFFER_TIMEOUT, BUFFER_TIMEOUT);
        }
        if (env.getConfiguration().getOptional(PipelineOptions.AUTO_WATERMARK_INTERVAL).isEmpty()) {
            latency.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, WATERMARK_INTERVAL);
        }
        env.configure(latency);
        if (env.getConfiguration().getOptional(RestartStrategyOptions.RESTART_STRATEGY).isEmpty()) {
            Configuration restarts = new Configuration();
            restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
            restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, config.restartAttempts());
            env.configure(restarts);
        }
    }

    public static DataStream<WirePacket> kafkaSource(StreamExecutionEnvironment env, JobConfig config) {
        KafkaSource<WirePacket> source = KafkaSource.<WirePacket>builder()
                .setBootstrapServers(config.bootstrap())
                .setProperties(config.kafkaClient().properties())
                .setTopics(config.packetsTopic())
                .setGroupId(config.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new PacketDeserializer())
                .build();
        return env.fromSource(source, watermarks(config), sourceName(config.packetsTopic(), config)).uid("packets");
    }

    /**
     * A Kafka source's name: its topic and its brokers. A source that cannot reach them fails the job
     * under its name with the Kafka client's reason, which does not say where it looked.
     */
    static String sourceName(String topic, JobConfig config) {
        return topic + " at " + config.bootstrap();
    }

    /** Event time: the Kafka timestamps, which the wire contract makes the packets' times; see {@link QuietWatermarks}. */
    public static WatermarkStrategy<WirePacket> watermarks(JobConfig config) {
        long skew = config.watermarkSkew().toMillis();
        long quiet = config.quietAfter().toMillis();
        return WatermarkStrategy.forGenerator(
                context -> new QuietWatermarks(skew, quiet, context.getInputActivityClock()));
    }

    /**
     * At-least-once into compacted topics keyed by session and subflow: a replay after a restore
     * rewrites the same values under the same keys, so it neither loses nor duplicates a session,
     * without transactions holding results back until a checkpoint.
     */
    public static Sink<Output> kafkaSink(JobConfig config) {
        return KafkaSink.<Output>builder()
                .setBootstrapServers(config.bootstrap())
                .setKafkaProducerConfig(config.kafkaClient().properties())
                .setRecordSerializer(new OutputSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    private static Sink<DeadLetter> deadLetterSink(JobConfig config) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(config.bootstrap())
                .setKafkaProducerConfig(config.kafkaClient().properties())
                .setRecordSerializer(new DeadLetterSerializer(config.deadLetterTopic(), config.packetsTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /**
     * The packets keyed by subflow. At parallelism 1 the one evidence subtask holds every key group,
     * so the packets are already where {@code keyBy} would send them: they stay in the source's
     * thread (chained), handed over as objects instead of being serialized, buffered and read back
     * across a local channel (docs/PERFORMANCE.md, "The first hop"). Keyed state is in key groups
     * either way, so a savepoint restores at any other parallelism.
     */
    static KeyedStream<WirePacket, SubflowId> bySubflow(DataStream<WirePacket> packets) {
        if (packets.getParallelism() == 1 && packets.getExecutionEnvironment().getParallelism() == 1) {
            return DataStreamUtils.reinterpretAsKeyedStream(packets, new SubflowKey(), SubflowIdCodec.TYPE);
        }
        return packets.keyBy(new SubflowKey(), SubflowIdCodec.TYPE);
    }

    /** The association stages between the packets and the output sink (and the dead-letter topic, if any). */
    public static void build(DataStream<WirePacket> packets, JobConfig config, Sink<Output> sink) {
        SingleOutputStreamOperator<BucketUpdate> evidence = bySubflow(packets)
                .transform("subflow evidence", BucketUpdate.TYPE,
                        new EvidenceOperator(new SubflowEvidenceFunction(config.association(), config.buckets())))
                .uid("subflow-evidence");
        if (!config.deadLetterTopic().isEmpty()) {
            evidence.getSideOutput(SubflowEvidenceFunction.DEAD_LETTERS)
                    .sinkTo(deadLetterSink(config)).uid("dead-letters").name(config.deadLetterTopic());
        }
        SingleOutputStreamOperator<DecidedPair> pairs = evidence
                .connect(evidence.getSideOutput(SubflowEvidenceFunction.REMOVALS))
                .keyBy(BucketUpdate::bucket, BucketRemoval::bucket, Types.INT)
                .transform("DSN bucket pair decisions", DecidedPair.TYPE,
                        new BucketOperator(new BucketDecisions(config.association(), config.buckets())))
                .uid("bucket-decisions");
        SingleOutputStreamOperator<Output> groupings = evidence.getSideOutput(SubflowEvidenceFunction.TO_GROUPING)
                .connect(pairs)
                .keyBy(u -> 0, p -> 0, Types.INT)
                .process(new SessionGrouping(config), TypeInformation.of(Output.class))
                .uid("session-grouping").name("session grouping")
                .setParallelism(1).setMaxParallelism(1);
        groupings.sinkTo(sink).uid("outputs")
                .name(String.join(", ", config.pairsTopic(), config.sessionsTopic(), config.subflowsTopic()))
                .setParallelism(1);
        SteeringStage.attach(groupings, config, sink);
        IdsStage.attach(packets, groupings, config, sink);
    }
}
