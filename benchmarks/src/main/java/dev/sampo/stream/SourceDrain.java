package dev.sampo.stream;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What Flink alone costs a drain of {@code sampo.packets}: the job's own Kafka source (its
 * {@link PacketDeserializer}, watermarks, settings, checkpoints) at parallelism 1 into a sink
 * that discards, with no association behind it; in a process of its own, as {@code up} runs the
 * job; timed as {@code StreamLoad drain} times the job, from the job's RUNNING until every record
 * of the backlog has passed the source, with the process's CPU per record from then. The rate of
 * any Flink job that reads the topic this way is at most this one's, so against the bare Kafka
 * consumer on the same backlog it says how much of the drain aim the association can still
 * reach (benchmarks/scripts/drain-threads.sh runs it with {@code FLOOR=1}).
 *
 * <p>usage: {@code java -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar
 * dev.sampo.stream.SourceDrain KAFKA TOPIC}
 */
public final class SourceDrain {
    /** Records past the source; static, as the local cluster runs the job in this process. */
    private static final LongAdder PASSED = new LongAdder();

    private SourceDrain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SourceDrain KAFKA TOPIC");
            System.exit(2);
        }
        String kafka = args[0];
        String topic = args[1];
        long records = recordsIn(kafka, topic);
        JobConfig config = JobConfig.defaultsWith(Map.of(
                JobOptions.KAFKA_BOOTSTRAP.key(), kafka,
                JobOptions.PACKETS_TOPIC.key(), topic,
                JobOptions.GROUP_ID.key(), "source-drain-" + System.nanoTime(),
                JobOptions.PARALLELISM.key(), "1"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SampoJob.configure(env, config);
        SampoJob.kafkaSource(env, config)
                .map(p -> {
                    PASSED.increment();
                    return p;
                }).returns(WirePacket.TYPE).name("count")
                .sinkTo(new DiscardingSink<>()).name("discard");
        JobClient job = env.executeAsync("source drain");
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            Thread.sleep(5);
        }
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        long deadline = start + Duration.ofMinutes(10).toNanos();
        while (PASSED.sum() < records) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the source passed " + PASSED.sum() + " of " + records
                        + " records within 10 minutes");
            }
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (cpuNanos() - cpuStart) / 1e9;
        System.out.printf(Locale.ROOT, "source alone passed %d records of %s in %.2f s: %.0f records/s; CPU %.2f s "
                + "since running: %.1f µs per record%n", records, topic, seconds, records / seconds, cpuSeconds,
                cpuSeconds * 1e6 / records);
        job.cancel().get();
        System.exit(0);
    }

    private static long recordsIn(String kafka, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            long first = consumer.beginningOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            long end = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            return end - first;
        }
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }
}
