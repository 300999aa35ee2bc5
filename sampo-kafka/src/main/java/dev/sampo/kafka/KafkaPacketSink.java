package dev.sampo.kafka;

import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSink;
import dev.sampo.wire.PacketWire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes packet records to a Kafka topic in the {@link PacketWire} format, keyed by subflow so
 * that both directions of a subflow share a partition. Sends are asynchronous; the first failed
 * delivery is kept and thrown from the next {@link #accept}, {@link #flush} or {@link #close}, so
 * no record is lost without the caller hearing of it.
 *
 * <p>{@link #accept} only queues the record: a publisher thread of its own encodes it and hands it
 * to the producer (whose send compresses in the calling thread). The sFlow collector and the
 * capture agent call accept from the thread that reads their socket or ring, which must not wait on
 * encoding and compression while datagrams or frames pile up behind it; a full queue (64 Ki
 * records) makes accept wait, so memory stays bounded.
 */
public final class KafkaPacketSink implements PacketSink {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String bootstrap;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback onDelivery = (metadata, e) -> {
        if (e != null) {
            failure.compareAndSet(null, e);
        }
    };
    private final BlockingQueue<PacketRecord> queue = new ArrayBlockingQueue<>(1 << 16);
    private final Thread publisher;
    private final AtomicLong sent = new AtomicLong();
    private long queued;
    private volatile boolean closing;

    public KafkaPacketSink(String bootstrap, String topic) {
        this(bootstrap, topic, new Properties());
    }

    /**
     * @param overrides producer settings that replace the defaults below: {@code compression.type},
     *     or a client properties file's ({@link KafkaClientConfig#properties()}: TLS, SASL)
     */
    public KafkaPacketSink(String bootstrap, String topic, Properties overrides) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        Properties p = defaults(bootstrap);
        p.putAll(overrides);
        try {
            this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            throw new IllegalArgumentException("cannot publish to Kafka at " + bootstrap + ": " + e.getMessage(), e);
        }
        publisher = new Thread(this::publish, "sampo-kafka-publisher-" + topic);
        publisher.setDaemon(true);
        publisher.start();
    }

    /**
     * Throughput over latency: records of ~100 bytes in lz4-compressed batches of up to 512 KiB, sent
     * after at most 10 ms. acks=all with idempotence (the defaults) keep order and lose nothing
     * across retries. A broker that cannot be reached fails a send after 10 s, and a record that
     * cannot be delivered fails after 30 s, rather than after one and two minutes.
     */
    static Properties defaults(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L << 20));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "sampo-packets");
        return p;
    }

    @Override
    public void accept(PacketRecord record) {
        throwIfFailed();
        try {
            queue.put(record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while queueing a record for Kafka", e));
        }
        queued++;
    }

    /** The publisher thread: records from the queue to the producer, in order, until closed. */
    private void publish() {
        while (!closing || !queue.isEmpty()) {
            PacketRecord record;
            try {
                record = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (record == null || failure.get() != null) {
                continue; // after a failure, records are dropped here and the caller hears of it
            }
            try {
                // The Kafka timestamp is the packet's time (wire contract v1): the job takes event time from it.
                producer.send(new ProducerRecord<>(topic, null, Math.floorDiv(record.tsMicros(), 1000),
                        PacketWire.key(record), PacketWire.encode(record)), onDelivery);
                sent.incrementAndGet();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    /** Waits until the publisher has handed every queued record to the producer, then flushes it. */
    @Override
    public void flush() {
        while (sent.get() < queued && failure.get() == null && publisher.isAlive()) {
            LockSupport.parkNanos(100_000);
        }
        throwIfFailed();
        producer.flush();
        throwIfFailed();
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            closing = true;
            try {
                publisher.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Records handed to the producer so far. */
    public long sent() {
        return sent.get();
    }

    public String topic() {
        return topic;
    }

    public String bootstrap() {
        return bootstrap;
    }

    private void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new UncheckedIOException(new IOException("publishing to Kafka at " + bootstrap + " topic " + topic
                    + " failed after " + sent.get() + " records: " + e.getMessage(), e));
        }
    }
}
