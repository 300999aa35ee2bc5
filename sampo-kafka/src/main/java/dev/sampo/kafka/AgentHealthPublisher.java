package dev.sampo.kafka;

import dev.sampo.wire.AgentRecord;
import dev.sampo.wire.HeaderNames;
import dev.sampo.wire.Schemas;
import dev.sampo.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes an ingest agent's health ({@link AgentRecord}) to {@link Topics#AGENTS}, keyed by the
 * agent id, with the schema header. Health is a side channel: a record that cannot be sent is
 * counted ({@link #failed}, {@link #lastError}) and never stops the agent, and a send waits at most
 * {@value #MAX_BLOCK_MS} ms for the broker, as it is called from the thread that reads packets.
 * Each record holds totals, so a lost one costs only resolution: the producer is not idempotent
 * (no producer-id state on the broker for a side channel) but sends one request at a time, so a
 * retried older record never lands after a newer one.
 */
public final class AgentHealthPublisher implements AutoCloseable {
    static final int MAX_BLOCK_MS = 500;

    private final KafkaProducer<String, String> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();

    /** @param client client settings added to the defaults below (TLS, SASL: those the packet sink uses) */
    public AgentHealthPublisher(String bootstrap, Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "sampo-agent-health");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(MAX_BLOCK_MS));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        try {
            this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        } catch (KafkaException e) {
            throw new IllegalArgumentException("cannot publish agent health to Kafka at " + bootstrap + ": "
                    + e.getMessage(), e);
        }
    }

    /** Queues the record; a failure, now or on delivery, is counted. */
    public void publish(AgentRecord record) {
        ProducerRecord<String, String> r = new ProducerRecord<>(Topics.AGENTS, record.agent(), record.toJson());
        r.headers().add(HeaderNames.SCHEMA, Schemas.AGENT_V1.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(r, (metadata, e) -> {
                if (e == null) {
                    sent.incrementAndGet();
                } else {
                    failed(e);
                }
            });
        } catch (KafkaException e) {
            failed(e);
        }
    }

    private void failed(Exception e) {
        failed.incrementAndGet();
        lastError.set(e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /** Records the broker acknowledged. */
    public long sent() {
        return sent.get();
    }

    /** Records that could not be sent. */
    public long failed() {
        return failed.get();
    }

    /** Why the latest failed record failed, or null. */
    public String lastError() {
        return lastError.get();
    }

    /** Sends what is queued (waiting at most 5 s) and closes. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
