package dev.sampo.nf.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads what the instances applied, from {@code PREFIX.out}, until every finishing one said DONE. */
final class Outputs {
    private Outputs() {
    }

    /** @throws IllegalStateException naming the instances that did not finish in time */
    static List<Output> collect(LiveConfig config, List<String> finishing, Duration timeout) {
        List<Output> out = new ArrayList<>();
        Set<String> waiting = new HashSet<>(finishing);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(config.outTopic(), 0)));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!waiting.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("instances " + waiting + " did not finish within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Output o = LiveJson.read(r.value(), Output.class);
                    if (o.kind() == Output.Kind.DONE) {
                        waiting.remove(o.instance());
                    } else {
                        out.add(o);
                    }
                }
            }
        }
        return out;
    }
}
