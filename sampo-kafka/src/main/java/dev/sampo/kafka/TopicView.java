package dev.sampo.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The current table of a compacted output topic ({@code sampo.sessions}, {@code sampo.subflows}),
 * as an NF controller reads it: every partition from the beginning, the latest value per key, a
 * tombstone removing its key. A plain KafkaConsumer with manual assignment, so no group is joined.
 */
public final class TopicView implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final Map<String, String> table = new TreeMap<>();
    private final Map<TopicPartition, Long> endAtStart;
    private boolean caughtUp;
    private long lastChangeNanos = System.nanoTime();

    public TopicView(String bootstrap, String topic) {
        this(bootstrap, KafkaClientConfig.NONE, topic);
    }

    /** @param client the client properties file's settings (TLS, SASL) */
    public TopicView(String bootstrap, KafkaClientConfig client, String topic) {
        Properties p = client.properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p);
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        } catch (KafkaException e) {
            consumer.close();
            throw new IllegalStateException("cannot read topic " + topic + " at " + bootstrap + ": " + e.getMessage(),
                    e);
        }
        if (partitions == null || partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("no topic " + topic + " at " + bootstrap);
        }
        List<TopicPartition> assigned = partitions.stream()
                .map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toList());
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        endAtStart = consumer.endOffsets(assigned, Duration.ofSeconds(10));
    }

    /**
     * Whether the table holds at least everything the topic held when the view was opened: what a
     * reader waits for before it acts on the table as a whole (a restart must not act on half of it).
     */
    public boolean caughtUp() {
        if (!caughtUp) {
            caughtUp = endAtStart.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        }
        return caughtUp;
    }

    /**
     * Reads what arrived within {@code wait}, applies it, and tells each change to {@code onChange}
     * (a null value: the key was removed).
     *
     * @return how many records were read
     */
    public int poll(Duration wait, BiConsumer<String, String> onChange) {
        int n = 0;
        for (ConsumerRecord<String, String> r : consumer.poll(wait)) {
            n++;
            String before = r.value() == null ? table.remove(r.key()) : table.put(r.key(), r.value());
            if (!Objects.equals(before, r.value())) {
                lastChangeNanos = System.nanoTime();
                onChange.accept(r.key(), r.value());
            }
        }
        return n;
    }

    public int poll(Duration wait) {
        return poll(wait, (k, v) -> { });
    }

    /** The table now: key → latest value, keys in order. */
    public Map<String, String> table() {
        return Map.copyOf(table);
    }

    /** How long the table has not changed. */
    public Duration unchangedFor() {
        return Duration.ofNanos(System.nanoTime() - lastChangeNanos);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
