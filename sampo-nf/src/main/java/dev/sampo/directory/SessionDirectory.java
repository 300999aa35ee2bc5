package dev.sampo.directory;

import dev.sampo.directory.OutputRecordReader.MalformedValueException;
import dev.sampo.directory.OutputRecordReader.Read;
import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.wire.SubflowRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Which subflows form one MPTCP session, for a network function instance: a bounded in-memory copy
 * of the compacted {@code sampo.sessions} and {@code sampo.subflows} topics, read from their
 * beginning by a thread of its own and kept current. Lookups are answered from memory, by any
 * thread, in either direction of a subflow's 5-tuple or by the token an MP_JOIN carries.
 *
 * <p>Each instance reads the whole table (no consumer group, nothing committed). Through a broker
 * restart the Kafka client reconnects on its own and continues from the offsets it had reached,
 * so nothing held is lost. A record that is not the contract's JSON is counted and skipped.
 *
 * <pre>{@code
 * try (SessionDirectory directory = new SessionDirectory(new DirectoryConfig(Map.of("bootstrap.servers", "localhost:9092")))) {
 *     directory.addListener(new DirectoryListener() { ... });
 *     directory.start();
 *     directory.awaitReady(Duration.ofSeconds(30));
 *     directory.lookup(src, sport, dst, dport).ifPresent(session -> ...);
 * }
 * }</pre>
 */
public final class SessionDirectory implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SessionDirectory.class.getName());

    private final DirectoryConfig config;
    private final SessionIndex index;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread poller;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong unknownFields = new AtomicLong();
    private volatile boolean running = true;
    /** Only the poll thread reads and writes these two. */
    private String lastWarning;
    private final Map<String, Resync> resyncs = new HashMap<>();

    public SessionDirectory(DirectoryConfig config) {
        this.config = config;
        this.index = new SessionIndex(config.maxSessions(), config.maxSubflows());
        this.consumer = new KafkaConsumer<>(consumerSettings(config), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.poller = new Thread(this::run, "sampo-directory-" + config.clientId());
        poller.setDaemon(true);
    }

    /** Listeners added before {@link #start} see every session from the beginning of the log. */
    public void addListener(DirectoryListener listener) {
        index.addListener(listener);
    }

    public void start() {
        poller.start();
    }

    /**
     * True once the directory has read both topics up to the end offsets they had when it started
     * (and stays true): its lookups then answer for every session the engine had published.
     */
    public boolean isReady() {
        return ready.getCount() == 0;
    }

    /** Waits until {@link #isReady}; false if {@code timeout} passed first. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The session of the subflow a packet belongs to, whichever direction the packet goes. */
    public Optional<SessionView> lookup(IpAddress src, int srcPort, IpAddress dst, int dstPort) {
        return lookup(SubflowId.of(src, srcPort, dst, dstPort));
    }

    public Optional<SessionView> lookup(SubflowId subflow) {
        return index.bySubflow(subflow);
    }

    public Optional<SessionView> session(String id) {
        return index.bySession(id);
    }

    /** The session an MP_JOIN's token (32 bits, unsigned) names: the session a new subflow joins. */
    public Optional<SessionView> byToken(long token) {
        return index.byToken(String.format("%08x", token & 0xFFFF_FFFFL));
    }

    public DirectoryStats stats() {
        return new DirectoryStats(index.sessions(), index.subflows(), records.get(), malformed.get(),
                unknownFields.get(), index.refusedSessions(), index.refusedSubflows(), index.listenerErrors());
    }

    /** Stops the thread and the consumer; waits for a listener call in progress to return. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (poller.getState() == Thread.State.NEW) {
            consumer.close(); // never started: the thread that would close it never runs
            return;
        }
        try {
            poller.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the poller still closes the consumer as it exits
        }
    }

    private void run() {
        try {
            Map<TopicPartition, Long> catchUpTo = assignFromBeginning();
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(config.pollTimeout())) {
                        apply(r);
                    }
                    if (!catchUpTo.isEmpty() && readTo(catchUpTo)) {
                        ready.countDown();
                    }
                    finishResyncs();
                } catch (WakeupException e) {
                    throw e;
                } catch (OffsetOutOfRangeException e) {
                    e.partitions().stream().map(TopicPartition::topic).distinct().forEach(this::resync);
                } catch (KafkaException e) {
                    // The client reconnects by itself; what it could not do now it retries next round.
                    warnOnce("session directory reading " + config.bootstrapServers() + ": " + e.getMessage());
                    Thread.sleep(config.pollTimeout().toMillis());
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() asked the thread to stop.
        } catch (RuntimeException e) {
            // Not the input (counted and skipped) nor Kafka (retried): a bug, to be seen rather than lost.
            LOG.log(System.Logger.Level.ERROR, "session directory stopped reading", e);
            throw e;
        } finally {
            consumer.close();
        }
    }

    /**
     * Assigns every partition of both topics, from offset 0, and returns their end offsets now:
     * what must be read before the directory is ready. Waits (retrying) while a topic is missing or
     * the broker does not answer, so an NF can start before Sampo does.
     */
    private Map<TopicPartition, Long> assignFromBeginning() throws InterruptedException {
        while (true) {
            try {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : List.of(config.sessionsTopic(), config.subflowsTopic())) {
                    List<PartitionInfo> infos = consumer.partitionsFor(topic, config.pollTimeout().multipliedBy(10));
                    if (infos == null || infos.isEmpty()) {
                        throw new KafkaException("topic " + topic + " does not exist (yet)");
                    }
                    infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                return new HashMap<>(consumer.endOffsets(partitions));
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                warnOnce("session directory waiting for " + config.bootstrapServers() + ": " + e.getMessage());
                Thread.sleep(config.pollTimeout().toMillis());
            }
        }
    }

    /** A broker that is away fails every retry the same way: one line per kind of failure, not per retry. */
    private void warnOnce(String warning) {
        if (!warning.equals(lastWarning)) {
            lastWarning = warning;
            LOG.log(System.Logger.Level.WARNING, warning);
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        try {
            String key = OutputRecordReader.key(r.key());
            if (r.topic().equals(config.sessionsTopic())) {
                seen(r.topic(), key);
                Read<SessionView> read = r.value() == null ? null
                        : OutputRecordReader.session(key, r.value(), r.headers());
                count(read);
                index.putSession(key, read == null ? null : read.value());
            } else {
                SubflowId id = OutputRecordReader.subflowId(key);
                seen(r.topic(), id.toString());
                Read<SubflowRecord> read = r.value() == null ? null
                        : OutputRecordReader.subflow(id, r.value(), r.headers());
                count(read);
                index.putSubflow(id, read == null ? null : read.value());
            }
        } catch (MalformedValueException e) {
            malformed.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, () -> "skipped " + r.topic() + "-" + r.partition() + "@" + r.offset()
                    + ": " + e.getMessage());
        } finally {
            // Counted last, so a reader that sees N records also sees what those N did.
            records.incrementAndGet();
        }
    }

    /** True once every partition's position has reached its offset; removes those that have. */
    private boolean readTo(Map<TopicPartition, Long> offsets) {
        try {
            offsets.entrySet().removeIf(e -> consumer.position(e.getKey(), config.pollTimeout()) >= e.getValue());
        } catch (TimeoutException e) {
            return false; // a position not known yet (no fetch since the seek): the next round asks again
        }
        return offsets.isEmpty();
    }

    /**
     * The log of {@code topic} is no longer the one the directory read (the broker lost or recreated
     * its data, as {@code ./sampo up} does on every start): read it again from its start, and once
     * caught up, remove what it held from the old log and did not find in the new one, as tombstones.
     */
    private void resync(String topic) {
        List<TopicPartition> partitions = consumer.assignment().stream().filter(p -> p.topic().equals(topic)).toList();
        consumer.seekToBeginning(partitions);
        Set<String> held = new HashSet<>();
        if (topic.equals(config.sessionsTopic())) {
            held.addAll(index.sessionIds());
        } else {
            index.subflowIds().forEach(id -> held.add(id.toString()));
        }
        resyncs.put(topic, new Resync(new HashMap<>(consumer.endOffsets(partitions)), held));
        LOG.log(System.Logger.Level.WARNING, "session directory: the log of " + topic + " was replaced (offsets out"
                + " of range); reading it again, " + held.size() + " entries to confirm");
    }

    private void seen(String topic, String key) {
        Resync r = resyncs.get(topic);
        if (r != null) {
            r.unseen().remove(key);
        }
    }

    private void finishResyncs() {
        for (var it = resyncs.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!readTo(e.getValue().readTo())) {
                continue;
            }
            it.remove();
            boolean sessions = e.getKey().equals(config.sessionsTopic());
            for (String gone : e.getValue().unseen()) {
                if (sessions) {
                    index.putSession(gone, null);
                } else {
                    index.putSubflow(SubflowId.parse(gone), null);
                }
            }
        }
    }

    /** A topic read again: how far, and the keys held from the old log not yet found in the new one. */
    private record Resync(Map<TopicPartition, Long> readTo, Set<String> unseen) {
    }

    private void count(Read<?> read) {
        if (read != null && read.unknownFields()) {
            unknownFields.incrementAndGet();
        }
    }

    private static Map<String, Object> consumerSettings(DirectoryConfig config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, config.clientId());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A log replaced under the directory is noticed (OffsetOutOfRangeException) and resynchronised.
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // The engine may write in transactions: what it aborted never becomes a session here.
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.putAll(config.consumerOverrides());
        return settings;
    }
}
