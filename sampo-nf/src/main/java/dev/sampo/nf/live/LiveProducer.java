package dev.sampo.nf.live;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer of a run's processes: every record sent at once (linger 0: a handover waits on
 * each hop), one request in flight per connection so a retry never reorders an input topic, and a
 * long delivery timeout, as a busy host's broker may be slow to answer. A send that fails anyway
 * is counted and said, never dropped in silence.
 */
final class LiveProducer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong failed = new AtomicLong();
    private final Callback onDelivery;

    LiveProducer(String bootstrap, String who, Consumer<String> warn) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.onDelivery = (metadata, e) -> {
            if (e != null && failed.getAndIncrement() < 10) {
                warn.accept(who + ": a send failed: " + e);
            }
        };
    }

    void send(String topic, byte[] key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    void send(ProducerRecord<byte[], byte[]> record) {
        producer.send(record, onDelivery);
    }

    /** Sends that failed for good. */
    long failed() {
        return failed.get();
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
