package dev.sampo.stream;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Copies records the job cannot read to a dead-letter topic, byte for byte, with headers saying
 * why and where they came from, so an operator can find the producer at fault. Best effort: a
 * dead letter that cannot be delivered is lost, never a reason to stop association. One producer
 * per broker and topic for the life of the task manager: the deserializer that uses it has no
 * close hook, and a restarted job must not leak a producer per restart.
 */
final class DeadLetters {
    private static final Map<String, DeadLetters> SHARED = new ConcurrentHashMap<>();

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    static DeadLetters to(String bootstrap, String topic) {
        return SHARED.computeIfAbsent(bootstrap + "/" + topic, k -> new DeadLetters(bootstrap, topic));
    }

    private DeadLetters(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "100");
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
    }

    void send(ConsumerRecord<byte[], byte[]> bad, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("sampo.error", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("sampo.source", (bad.topic() + "-" + bad.partition() + "@" + bad.offset())
                .getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(topic, null, null, bad.key(), bad.value(), headers));
    }
}
