package dev.sampo.sflow;

import dev.sampo.flow.IpAddress;
import dev.sampo.packet.PacketSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Receives sFlow datagrams on a UDP socket and hands the sampled TCP segments to a
 * {@link PacketSink}, on one dedicated thread: receive into one heap buffer, decode in place, one
 * {@link dev.sampo.packet.PacketRecord} per forwarded sample. Datagrams are timestamped on
 * arrival (see {@link SflowDecoder#decode}). Agents off the allowlist are counted and dropped;
 * sequence numbers are tracked per agent and sub-agent (datagram loss, late datagrams, restarts)
 * and per data source (sample loss, agent drops). Nothing a datagram holds, and nothing the sink
 * throws, stops the thread: both are counted in {@link #stats()}, and the first exception is kept
 * in {@link #failure()} (as {@code KafkaPacketSink} keeps its first failed delivery), which also
 * completes if the receiving thread dies.
 */
public final class SflowCollector implements AutoCloseable {
    /** Stats are published at least this often (for {@link #stats()}), and on close. */
    private static final long PUBLISH_NANOS = 100_000_000L;
    private static final long SELECT_MILLIS = 50;
    /** Interfaces whose counters are kept; beyond it new ones are ignored (spoofed agents cannot grow memory). */
    private static final int MAX_INTERFACES = 4096;

    private final CollectorConfig config;
    private final PacketSink sink;
    private final Consumer<CollectorStats> reporter;
    private final DatagramChannel channel;
    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocate(SflowDecoder.MAX_DATAGRAM + 1);
    private final SflowDecoder decoder;
    private final SflowRecords records = new SflowRecords();
    private final SequenceTable datagramSequences = new SequenceTable(SequenceTable.DATAGRAM_REORDER_WINDOW,
            CollectorStats.MAX_EXPORTERS);
    private final SequenceTable sampleSequences = new SequenceTable(SequenceTable.SAMPLE_REORDER_WINDOW,
            SequenceTable.MAX_KEYS);
    private final Map<String, InterfaceCounters.Snapshot> interfaces = new HashMap<>();
    private final long[] allowedHi;
    private final long[] allowedLo;
    private final int receiveBuffer;
    private final InetSocketAddress bound;
    private final Thread thread;
    private final long startNanos = System.nanoTime();
    private final long epochNanosAtStart = System.currentTimeMillis() * 1_000_000L;
    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();

    private volatile boolean running = true;
    private volatile CollectorStats latest;
    private long bytes;
    private long recordsOut;
    private long notAllowed;
    private long sinkErrors;
    private long internalErrors;
    private long lastPublishNanos;
    private long lastReportNanos;
    /** Rates are over the last complete stats interval, and held until the next one completes. */
    private long rateWindowStart;
    private long rateDatagrams;
    private long rateSamples;
    private double datagramsPerSecond;
    private double samplesPerSecond;

    private SflowCollector(CollectorConfig config, PacketSink sink, Consumer<CollectorStats> reporter)
            throws IOException {
        this.config = config;
        this.sink = sink;
        this.reporter = reporter;
        this.decoder = new SflowDecoder(new Listener());
        int i = 0;
        allowedHi = new long[config.allowedAgents().size()];
        allowedLo = new long[allowedHi.length];
        for (IpAddress a : config.allowedAgents()) {
            allowedHi[i] = a.hi();
            allowedLo[i++] = a.lo();
        }
        InetSocketAddress listen = config.listen();
        channel = listen.getAddress() instanceof Inet6Address
                ? DatagramChannel.open(StandardProtocolFamily.INET6)
                : DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferBytes());
            channel.bind(listen);
            channel.configureBlocking(false);
            receiveBuffer = channel.getOption(StandardSocketOptions.SO_RCVBUF);
            bound = (InetSocketAddress) channel.getLocalAddress();
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        rateWindowStart = startNanos;
        publish(startNanos);
        thread = new Thread(this::run, "sflow-collector " + bound);
        thread.setDaemon(true);
    }

    /**
     * Binds and starts receiving.
     *
     * @param reporter called on the receiving thread every {@link CollectorConfig#statsInterval()},
     *     or null
     * @throws IOException if the address cannot be bound
     */
    public static SflowCollector start(CollectorConfig config, PacketSink sink, Consumer<CollectorStats> reporter)
            throws IOException {
        SflowCollector c = new SflowCollector(config, sink, reporter);
        c.thread.start();
        return c;
    }

    /** The bound address (the real port when the configuration asked for port 0). */
    public InetSocketAddress localAddress() {
        return bound;
    }

    /**
     * The first failure, completed when it happens: an exception of the decoder or of the sink
     * (counted as well, and the collector goes on) or what stopped the receiving thread (nothing is
     * received any more). It stays incomplete while all is well; {@code getNow(null)} reads it
     * without waiting. Each call returns a new view of the one failure.
     */
    public CompletableFuture<Throwable> failure() {
        return failure.copy();
    }

    /** The latest published stats (at most ~100 ms old while datagrams flow). */
    public CollectorStats stats() {
        return latest;
    }

    private void run() {
        long reportEvery = config.statsInterval().toNanos();
        lastReportNanos = startNanos;
        try {
            while (running) {
                buffer.clear();
                SocketAddress sender = channel.receive(buffer);
                if (sender == null) {
                    long now = System.nanoTime();
                    publishIfDue(now, reportEvery);
                    selector.select(k -> { }, SELECT_MILLIS);
                    continue;
                }
                long now = System.nanoTime();
                int length = buffer.position();
                bytes += length;
                try {
                    decoder.decode(buffer.array(), 0, length, epochNanosAtStart + (now - startNanos));
                } catch (RuntimeException e) {
                    internalErrors++;
                    keepFirst(e, () -> "decoding a datagram of " + length + " bytes from "
                            + sender + " failed: " + e);
                }
                publishIfDue(now, reportEvery);
            }
        } catch (IOException | RuntimeException | Error e) {
            if (running) {
                keepFirst(e, () -> "the sFlow collector on " + bound + " stopped receiving: " + e);
            }
            if (e instanceof Error error) {
                throw error;
            }
        } finally {
            publish(System.nanoTime());
        }
    }

    /** Keeps the first failure with where it happened; later ones are only counted, with no message built. */
    private void keepFirst(Throwable cause, Supplier<String> where) {
        if (!failure.isDone()) {
            failure.complete(new IllegalStateException(where.get(), cause));
        }
    }

    private void publishIfDue(long now, long reportEvery) {
        if (now - lastPublishNanos >= PUBLISH_NANOS) {
            publish(now);
        }
        if (reporter != null && now - lastReportNanos >= reportEvery) {
            lastReportNanos = now;
            publish(now);
            reporter.accept(latest);
        }
    }

    private void publish(long now) {
        SflowStats s = decoder.stats();
        long window = now - rateWindowStart;
        if (window >= config.statsInterval().toNanos()) {
            datagramsPerSecond = (s.datagrams() - rateDatagrams) / (window / 1e9);
            samplesPerSecond = (s.flowSamples() - rateSamples) / (window / 1e9);
            rateWindowStart = now;
            rateDatagrams = s.datagrams();
            rateSamples = s.flowSamples();
        }
        latest = new CollectorStats(now - startNanos, s.datagrams(), bytes, s.flowSamples(), s.counterSamples(),
                s.tcpSamples(), recordsOut, s.errorTotal(), s.errors(), notAllowed, datagramSequences.lost,
                datagramSequences.late, datagramSequences.restarts, sampleSequences.lost,
                sampleSequences.counterIncrease, sinkErrors, internalErrors, datagramSequences.size(), receiveBuffer,
                datagramsPerSecond, samplesPerSecond, Map.copyOf(interfaces), exporters(),
                datagramSequences.untracked);
        lastPublishNanos = now;
    }

    private List<CollectorStats.Exporter> exporters() {
        List<CollectorStats.Exporter> out = new ArrayList<>();
        for (SequenceTable.Key k : datagramSequences.keys()) {
            out.add(new CollectorStats.Exporter(new IpAddress(k.hi(), k.lo()).toString(), k.k1(), k.observations(),
                    k.attachedCount(), k.lost(), k.attachedLost()));
        }
        out.sort(Comparator.comparing(CollectorStats.Exporter::agent)
                .thenComparingLong(CollectorStats.Exporter::subAgent));
        return List.copyOf(out);
    }

    private boolean allowed(SflowDatagram d) {
        if (allowedHi.length == 0) {
            return true;
        }
        for (int i = 0; i < allowedHi.length; i++) {
            if (allowedHi[i] == d.agentHi && allowedLo[i] == d.agentLo) {
                return true;
            }
        }
        return false;
    }

    private final class Listener implements SflowListener {
        /** The current datagram's agent restarted: its samples' sequences start again too. */
        private boolean restarted;

        @Override
        public boolean datagram(SflowDatagram d) {
            if (!allowed(d)) {
                notAllowed++;
                return false;
            }
            restarted = datagramSequences.observe(d.agentHi, d.agentLo, d.subAgentId, 0, d.sequence, d.uptimeMillis,
                    -1, false);
            return true;
        }

        @Override
        public void flowSample(SflowDatagram d, FlowSample s) {
            long lostBefore = sampleSequences.lost;
            sampleSequences.observe(d.agentHi, d.agentLo, d.subAgentId,
                    ((long) s.sourceIdType << 32) | s.sourceIdIndex, s.sequence, -1, s.drops, restarted);
            datagramSequences.attach(1, sampleSequences.lost - lostBefore);
            if (!s.tcp || (config.mptcpOnly() && s.packet.mptcpCount == 0)) {
                return;
            }
            try {
                sink.accept(records.of(d, s, 1));
                recordsOut++;
            } catch (RuntimeException e) {
                sinkErrors++;
                keepFirst(e, () -> "the sink refused a sample of agent " + d.agent() + " (sub-agent " + d.subAgentId
                        + ", datagram " + d.sequence + "): " + e.getMessage());
            }
        }

        @Override
        public void counterSample(SflowDatagram d, CounterSample s) {
            if (s.hasInterfaceCounters && interfaces.size() < MAX_INTERFACES) {
                InterfaceCounters c = s.interfaceCounters;
                interfaces.put(d.agent() + "/" + d.subAgentId + "/" + c.ifIndex, c.snapshot());
            }
        }
    }

    /** Stops receiving, publishes the final stats and flushes the sink (which stays open: the caller owns it). */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sink.flush();
        }
    }
}
