package dev.sampo.dashboard;

import dev.sampo.packet.PacketRecord;
import dev.sampo.wire.PacketWire;
import dev.sampo.wire.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads {@code sampo.packets} (for the DSN tracks and the per-source counts), {@code sampo.agents}
 * (the ingest agents' health) and the NF topics on
 * a thread of its own, from their beginning. A pattern subscription, so NF topics that appear
 * later are picked up; a group of its own, committing nothing, so it takes nothing from the job.
 */
final class TopicTap implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TopicTap.class.getName());
    private static final Pattern TOPICS = Pattern.compile(Pattern.quote(Topics.PACKETS) + "|"
            + Pattern.quote(Topics.AGENTS) + "|"
            + String.join("|", NfTopics.TOPICS.stream().map(Pattern::quote).toList()));
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DsnTracks tracks;
    private final IngestSources sources;
    private final NfTopics nf;
    private final IngestAgents agents;
    private final AtomicLong packets = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param kafka the consumer's settings: bootstrap.servers, and any others (TLS, SASL) */
    TopicTap(Map<String, Object> kafka, DsnTracks tracks, IngestSources sources, NfTopics nf, IngestAgents agents) {
        this.tracks = tracks;
        this.sources = sources;
        this.nf = nf;
        this.agents = agents;
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "sampo-dashboard-" + UUID.randomUUID());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "sampo-dashboard");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // NF topics and sampo.agents are created by their own producers, maybe long after the dashboard started.
        settings.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
        this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "sampo-dashboard-tap");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Records read from {@code sampo.packets}, good or bad. */
    long packets() {
        return packets.get();
    }

    private void run() {
        try {
            consumer.subscribe(TOPICS);
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                        apply(r);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // The client reconnects by itself; the next round retries.
                    LOG.log(System.Logger.Level.DEBUG, "dashboard reading topics: " + e.getMessage());
                    Thread.sleep(POLL.toMillis());
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() asked the thread to stop.
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.topic().equals(Topics.AGENTS)) {
            agents.add(r.key(), r.value());
            return;
        }
        if (!r.topic().equals(Topics.PACKETS)) {
            nf.add(r.topic(), r.key(), r.value(), r.timestamp());
            return;
        }
        packets.incrementAndGet();
        try {
            PacketRecord p = PacketWire.decodeHeaders(r.value());
            sources.add(p);
            tracks.add(p);
        } catch (PacketWire.MalformedRecordException e) {
            sources.malformed();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread.getState() == Thread.State.NEW) {
            consumer.close();
            return;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
