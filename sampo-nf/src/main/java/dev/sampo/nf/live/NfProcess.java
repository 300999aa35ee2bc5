package dev.sampo.nf.live;

import dev.sampo.migration.nf.Packet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A reference NF instance as an OS process: reads its input topic in order, processes packets at
 * most at its capacity (what it cannot process yet waits in its queue), runs its side of the
 * handovers ({@link NfNode}), writes what it applied to {@code PREFIX.out}, and reports its queue
 * depth, offered packet rate and capacity on the load topic every report interval. On FINISH it
 * writes every session's final state and leaves. Run as
 * {@code java -cp … dev.sampo.nf.live.NfProcess INSTANCE CAPACITY_PPS KEY=VALUE…} (keys of {@link LiveConfig}).
 */
public final class NfProcess implements NfNode.Link {
    private final String name;
    private final byte[] key;
    private final LiveConfig config;
    private final LiveProducer producer;
    private final NfNode node;
    private final Deque<Message> queue = new ArrayDeque<>();
    private double capacityPps;
    private long queuedPackets;
    private long arrivals;
    private long nextFreeNanos = System.nanoTime();

    NfProcess(String name, double capacityPps, LiveConfig config) {
        if (!(capacityPps > 0)) {
            throw new IllegalArgumentException(name + ": capacity must be > 0 packets/s, not " + capacityPps);
        }
        this.name = name;
        this.key = name.getBytes(StandardCharsets.UTF_8);
        this.capacityPps = capacityPps;
        this.config = config;
        this.producer = new LiveProducer(config.bootstrap(), name, System.err::println);
        this.node = new NfNode(name, this);
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: NfProcess INSTANCE CAPACITY_PPS [KEY=VALUE]...");
            System.exit(2);
        }
        Map<String, String> settings = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 1) {
                System.err.println(args[0] + ": not KEY=VALUE: " + args[i]);
                System.exit(2);
            }
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        NfProcess nf = new NfProcess(args[0], Double.parseDouble(args[1]), new LiveConfig(settings));
        nf.run();
        System.exit(0);
    }

    /** Until FINISH: read, process within capacity, report. */
    void run() {
        TopicPartition input = new TopicPartition(config.inputTopic(name), 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(input));
            long nextReport = System.nanoTime();
            boolean paused = false;
            while (true) {
                long now = System.nanoTime();
                if (now >= nextReport) {
                    report(now - nextReport + config.reportIntervalMillis() * 1_000_000);
                    nextReport = now + config.reportIntervalMillis() * 1_000_000;
                }
                long wait = Math.max(0, Math.min(nextReport, queue.isEmpty() ? nextReport : nextFreeNanos) - now);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofNanos(Math.max(wait, 1_000_000)))) {
                    try {
                        take(LiveJson.read(r.value(), Message.class));
                    } catch (IllegalArgumentException e) {
                        System.err.println(name + ": skipped input at offset " + r.offset() + ": " + e.getMessage());
                    }
                }
                if (paused != queue.size() >= config.maxQueue()) {
                    paused = !paused;
                    if (paused) {
                        consumer.pause(List.of(input));
                    } else {
                        consumer.resume(List.of(input));
                    }
                }
                if (processDue()) {
                    finish();
                    return;
                }
            }
        } finally {
            producer.close();
        }
    }

    private void take(Message m) {
        if (m.kind() == Message.Kind.CAPACITY) {
            capacityPps = m.count();
            return;
        }
        if (m.costsCapacity()) {
            queuedPackets++;
            arrivals++;
        }
        queue.add(m);
    }

    /** Handles queued messages in order while capacity allows; true once FINISH is reached. */
    private boolean processDue() {
        while (!queue.isEmpty()) {
            Message m = queue.peek();
            if (m.kind() == Message.Kind.FINISH) {
                return true;
            }
            if (m.costsCapacity()) {
                long now = System.nanoTime();
                if (now < nextFreeNanos) {
                    return false;
                }
                // A short burst is allowed (a tenth of a second of capacity), no more: idle time is not saved up.
                nextFreeNanos = Math.max(nextFreeNanos, now - 100_000_000L) + (long) (1e9 / capacityPps);
                queuedPackets--;
            }
            node.handle(queue.poll());
        }
        return false;
    }

    private void report(long periodNanos) {
        double rate = arrivals * 1e9 / periodNanos;
        arrivals = 0;
        String json = String.format(Locale.ROOT, "{\"instance\":\"%s\",\"capacity\":%.1f,\"packet_rate\":%.1f,"
                + "\"queue_depth\":%d}", name, capacityPps, rate, queuedPackets + node.buffered());
        producer.send(config.loadTopic(), key, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Every held session's final state, DONE, and a leave report; a failed send is said in DONE's place. */
    private void finish() {
        node.held().forEach((session, state) -> producer.send(config.outTopic(), key,
                LiveJson.write(new Output(Output.Kind.FINAL, name, session, null, true, true, 0, state.snapshot()))));
        producer.send(config.loadTopic(), key, ("{\"instance\":\"" + name + "\",\"leave\":true}")
                .getBytes(StandardCharsets.UTF_8));
        producer.flush();
        if (producer.failed() > 0) {
            System.err.println(name + ": " + producer.failed() + " sends failed; its output is incomplete");
        }
        producer.send(config.outTopic(), key, LiveJson.write(new Output(Output.Kind.DONE, name, -1, null, true, true, 0,
                null)));
        producer.flush();
    }

    @Override
    public void applied(int session, Packet p, boolean output, boolean hadCriticalState) {
        producer.send(config.outTopic(), key, LiveJson.write(new Output(Output.Kind.APPLIED, name, session, p, output,
                hadCriticalState, Micros.now(), null)));
    }

    @Override
    public void send(String instance, Message m) {
        producer.send(config.inputTopic(instance), key, LiveJson.write(m));
    }

    @Override
    public void ack(Ack.Kind kind, int session) {
        producer.send(config.acksTopic(), key, LiveJson.write(new Ack(kind, name, session)));
    }
}
