package dev.sampo.nf.live;

import dev.sampo.flow.SubflowId;
import dev.sampo.migration.handover.BufferGauge;
import dev.sampo.migration.handover.CohesionTracker;
import dev.sampo.migration.nf.Packet;
import dev.sampo.migration.plan.MigrationProtocol;
import dev.sampo.packet.PacketRecord;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.steering.LoadReport;
import dev.sampo.steering.NfInstance;
import dev.sampo.wire.HeaderNames;
import dev.sampo.wire.MigrationRecord;
import dev.sampo.wire.PacketWire;
import dev.sampo.wire.Schemas;
import dev.sampo.wire.SteeringRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The switch and controller of a live run: replays a capture's MPTCP packets at its pace times a
 * speed, publishes each (stamped with the time it is forwarded, as a live capture would) to the
 * association job's packet topic, and forwards it to its session's instance as {@code sampo.steering}
 * says ({@link Routes}), or as the session's handover says while one runs ({@link SwitchHandover}).
 * Between packets it reads the steering table, the migration steps, the instances' acks and load
 * reports. When the capture is over it waits for the handovers under way, then sends FINISH.
 */
public final class SteeringPoint {
    /**
     * What to replay and where.
     *
     * @param capacities each instance's capacity (packets/s), by name
     * @param limit replay only the capture's first packets, this many (its MPTCP packets)
     * @param throttle an instance whose capacity drops to {@code throttlePps} once {@code throttleAt}
     *     (0..1) of the replay is done; null for none
     */
    public record Settings(Path capture, double speed, long limit, MigrationProtocol protocol,
            Map<String, Double> capacities, String packetsTopic, String steeringTopic, String migrationsTopic,
            String throttle, double throttleAt, double throttlePps) {
    }

    private final LiveConfig config;
    private final Settings settings;
    private final PrintWriter log;
    private final LiveProducer producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Stamper stamper = new Stamper();
    private final Routes routes = new Routes();
    private final BufferGauge controllerBuffer = new BufferGauge();
    private final Map<Integer, CohesionTracker> cohesion = new HashMap<>();
    private final Map<Integer, SwitchHandover> active = new HashMap<>();
    private final List<SwitchHandover> handovers = new ArrayList<>();
    private final Map<String, MigrationRecord> plans = new HashMap<>();
    private final Map<String, Long> steps = new TreeMap<>();
    private final Map<String, LoadReport> loads = new TreeMap<>();
    private final Map<String, Long> lastReport = new HashMap<>();
    private final Set<String> died = ConcurrentHashMap.newKeySet();
    private final List<String> aborts = new ArrayList<>();
    /** Aborts published to the migrations topic and not yet read back from it. */
    private final Set<String> unconfirmed = new HashSet<>();
    private Consumer<String> onStart = to -> { };
    private long badLoadReports;

    public SteeringPoint(LiveConfig config, Settings settings, PrintWriter log) {
        this.config = config;
        this.settings = settings;
        this.log = log;
        this.producer = new LiveProducer(config.bootstrap(), "nf-run: steering point", log::println);
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(settings.steeringTopic(), settings.migrationsTopic(), config.acksTopic(),
                config.loadTopic())) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
    }

    /** Told each handover's destination as the handover starts (the run's fault injection hooks here). */
    public void onHandoverStart(Consumer<String> hook) {
        this.onStart = hook;
    }

    /** The instance's process exited: handovers to it are aborted at the next step. Any thread. */
    public void died(String instance) {
        died.add(instance);
    }

    /** Waits until every instance has reported its load once: they are up. */
    public void awaitInstances(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!loads.keySet().containsAll(settings.capacities().keySet())) {
            if (System.nanoTime() > deadline || !died.isEmpty()) {
                throw new IllegalStateException("NF instances did not all report within " + timeout + ": reported "
                        + loads.keySet() + ", exited " + died);
            }
            poll(Duration.ofMillis(100));
        }
    }

    /** Records on the load topic that were not load reports, so far. */
    public long badLoadReports() {
        return badLoadReports;
    }

    /**
     * Replays the capture, waits up to {@code drain} for the handovers under way (and to read its
     * own aborts back from the migrations topic), and sends FINISH to the living.
     */
    public LiveRun run(Duration drain) throws IOException {
        long total = 0;
        try (CapturePacketSource counting = new CapturePacketSource(settings.capture(), Sampler.parse("none"), true)) {
            while (total < settings.limit() && counting.next() != null) {
                total++;
            }
        }
        long startNanos = System.nanoTime();
        long firstTs = Long.MIN_VALUE;
        long lastProgress = System.nanoTime();
        boolean throttled = settings.throttle() == null;
        try (CapturePacketSource source = new CapturePacketSource(settings.capture(), Sampler.parse("none"), true)) {
            long n = 0;
            for (PacketRecord r = source.next(); r != null && n < total; r = source.next()) {
                if (firstTs == Long.MIN_VALUE) {
                    firstTs = r.tsMicros();
                }
                long due = (long) (startNanos + (r.tsMicros() - firstTs) * 1000 / settings.speed());
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    poll(Duration.ofNanos(Math.min(wait, 50_000_000)));
                }
                poll(Duration.ZERO);
                if (!throttled && n >= settings.throttleAt() * total) {
                    throttled = true;
                    send(settings.throttle(), new Message(Message.Kind.CAPACITY, -1, -1, null, null, null, null,
                            (long) settings.throttlePps()));
                    log.printf(Locale.ROOT, "nf-run: %s throttled to %.0f packets/s%n", settings.throttle(),
                            settings.throttlePps());
                }
                forward(r);
                n++;
                if (System.nanoTime() - lastProgress > 2_000_000_000L) {
                    lastProgress = System.nanoTime();
                    progress(n, total);
                }
            }
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while ((!active.isEmpty() || !unconfirmed.isEmpty()) && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(50));
        }
        poll(Duration.ofMillis(200));
        List<String> finishing = new ArrayList<>();
        for (String instance : settings.capacities().keySet()) {
            if (!died.contains(instance)) {
                send(instance, Message.of(Message.Kind.FINISH, -1, -1));
                finishing.add(instance);
            }
        }
        producer.flush();
        Map<String, String> orphans = routes.orphaned();
        orphans.forEach((key, dead) -> log.println("nf-run: session " + key + " was on " + dead + ", which died holding"
                + " it: it went on elsewhere without its state"));
        return new LiveRun(stamper, List.copyOf(handovers), finishing, Map.copyOf(steps), List.copyOf(aborts),
                badLoadReports, controllerBuffer.max(), producer.failed(), orphans.keySet());
    }

    private void forward(PacketRecord r) {
        long now = Micros.now();
        PacketRecord live = new PacketRecord(r.frame(), now, r.observationPoint(), r.src(), r.sport(), r.dst(),
                r.dport(), r.seq(), r.ack(), r.len(), r.flags(), r.samplingRate(), r.missing(), r.mptcp());
        producer.send(settings.packetsTopic(), PacketWire.key(live), PacketWire.encode(live));
        SubflowId subflow = SubflowId.of(r.src(), r.sport(), r.dst(), r.dport());
        int session = stamper.session(routes.key(subflow));
        Packet p = stamper.stamp(session, subflow, r.len(), now);
        CohesionTracker c = cohesion.computeIfAbsent(session, s -> new CohesionTracker());
        SwitchHandover h = active.get(session);
        if (h != null) {
            h.atSwitch(p, now, c);
        } else {
            send(home(session), Message.packet(Message.Kind.PACKET, -1, p));
        }
        c.saw(p, now);
    }

    private String home(int session) {
        return routes.home(stamper.key(session), living());
    }

    private List<NfInstance> living() {
        List<NfInstance> out = new ArrayList<>();
        settings.capacities().forEach((id, cap) -> {
            if (!died.contains(id)) {
                out.add(new NfInstance(id, cap));
            }
        });
        return out;
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            String topic = r.topic();
            try {
                if (topic.equals(settings.steeringTopic())) {
                    steering(r);
                } else if (topic.equals(settings.migrationsTopic())) {
                    migration(r);
                } else if (topic.equals(config.acksTopic())) {
                    ack(LiveJson.read(r.value(), Ack.class));
                } else {
                    load(r.value());
                }
            } catch (IllegalArgumentException e) {
                // Only a foreign producer gets here (these topics are the job's and the run's own).
                log.println("nf-run: skipped a record of " + topic + " at offset " + r.offset() + ": " + e.getMessage());
            }
        }
        long now = Micros.now();
        for (SwitchHandover h : List.copyOf(active.values())) {
            h.tick(now, cohesion.get(h.session));
            String why = trouble(h.to, "destination");
            if (why == null) {
                why = trouble(h.from, "source");
            }
            if (why != null) {
                abort(h, why);
            }
        }
    }

    /**
     * Why a handover cannot go on with this instance, or null: its process exited, or it sent no
     * load report for the handover timeout. A slow instance is not given up: an overloaded source
     * reaches START only behind the packets queued before it, and keeps reporting meanwhile.
     */
    private String trouble(String instance, String role) {
        if (died.contains(instance)) {
            return role + "-died: " + instance + " exited mid-migration";
        }
        Long last = lastReport.get(instance);
        if (last != null && System.nanoTime() - last > config.handoverTimeoutMillis() * 1_000_000) {
            return role + "-silent: " + instance + " sent no load report for " + config.handoverTimeoutMillis() + " ms";
        }
        return null;
    }

    private void steering(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            routes.forget(SubflowId.parse(new String(r.key(), StandardCharsets.UTF_8)));
            return;
        }
        SteeringRecord entry = SteeringRecord.parse(new String(r.value(), StandardCharsets.UTF_8));
        List<String> alive = living().stream().map(NfInstance::id).toList();
        String to = routes.entry(entry, alive);
        int session = stamper.session(entry.session());
        if (to != null && !active.containsKey(session)) {
            String from = routes.home(entry.session(), living());
            SwitchHandover h = new SwitchHandover(handovers.size(), session, from, to, settings.protocol(), this::send, controllerBuffer,
                    config.guardMicros(), Micros.now());
            active.put(session, h);
            handovers.add(h);
            log.printf("nf-run: handover of session %s (%d) %s -> %s (%s) started%n", entry.session(), session, from,
                    to, settings.protocol().cliName());
            onStart.accept(to);
        }
    }

    private void migration(ConsumerRecord<byte[], byte[]> r) {
        MigrationRecord m = MigrationRecord.parse(new String(r.value(), StandardCharsets.UTF_8));
        steps.merge(m.status().wireName(), 1L, Long::sum);
        if (m.detail() != null) {
            unconfirmed.remove(m.detail());
        }
        if (m.session() != null) {
            plans.put(m.session() + " " + m.from() + " " + m.to(), m);
        }
        log.printf(Locale.ROOT, "nf-run: migration %s: session %s %s -> %s%s%n", m.status().wireName(), m.session(),
                m.from(), m.to(), m.detail() == null ? "" : " (" + m.detail() + ")");
    }

    private void ack(Ack a) {
        SwitchHandover h = active.get(a.session());
        if (h == null) {
            return;
        }
        h.ack(a, Micros.now(), cohesion.computeIfAbsent(a.session(), s -> new CohesionTracker()));
        if (h.phase() == SwitchHandover.Phase.COMPLETED) {
            active.remove(a.session());
            routes.rehome(stamper.key(a.session()), h.to);
            log.printf(Locale.ROOT, "nf-run: handover of session %s %s -> %s completed in %.1f ms%n",
                    stamper.key(a.session()), h.from, h.to, (h.endMicros - h.startMicros) / 1000.0);
        }
    }

    private void load(byte[] value) {
        try {
            LoadReport report = LoadReport.parse(value == null ? "" : new String(value, StandardCharsets.UTF_8));
            loads.put(report.instance(), report);
            lastReport.put(report.instance(), System.nanoTime());
        } catch (IllegalArgumentException e) {
            badLoadReports++;
        }
    }

    /** Gives a handover up and says so on the migrations topic, with where the session is. */
    private void abort(SwitchHandover h, String why) {
        String key = stamper.key(h.session);
        String where = h.abort(Micros.now());
        active.remove(h.session);
        routes.rehome(key, h.from);
        MigrationRecord plan = plans.getOrDefault(key + " " + h.from + " " + h.to, new MigrationRecord(0, 0, key, List.of(), h.from, h.to, null,
                h.protocol.cliName(), 0, MigrationRecord.Status.MOVED, null));
        MigrationRecord aborted = plan.with(MigrationRecord.Status.ABORTED, why + " (" + h.protocol.cliName()
                + ", " + (h.switchedMicros < 0 ? "before" : "after") + " the switch); " + where);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(settings.migrationsTopic(),
                aborted.key().getBytes(StandardCharsets.UTF_8), aborted.toJson().getBytes(StandardCharsets.UTF_8));
        record.headers().add(HeaderNames.SCHEMA, Schemas.MIGRATION_V1.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
        aborts.add(aborted.detail());
        unconfirmed.add(aborted.detail());
        log.println("nf-run: handover of session " + key + " aborted: " + aborted.detail());
    }

    private void send(String instance, Message m) {
        producer.send(config.inputTopic(instance), null, LiveJson.write(m));
    }

    private void progress(long n, long total) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "nf-run: %d/%d packets, %d sessions,"
                + " handovers %d under way %d done", n, total, stamper.sessions(), active.size(),
                handovers.stream().filter(h -> h.phase() == SwitchHandover.Phase.COMPLETED).count()));
        loads.forEach((id, l) -> line.append(String.format(Locale.ROOT, "; %s queue %d rate %.0f/%.0f", id,
                l.queueDepth(), l.packetRate(), l.capacity())));
        log.println(line);
        log.flush();
    }

    public void close() {
        consumer.close();
        producer.close();
    }
}
