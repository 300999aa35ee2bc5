package dev.sampo.capture;

import dev.sampo.packet.PacketSink;
import dev.sampo.sampling.Sampler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live capture agent: one thread that (optionally) enters a network namespace, opens the
 * interface, and runs every frame through a {@link FramePipeline} into a {@link PacketSink},
 * reporting counters every few seconds. {@link #stop()} is safe from any thread (a shutdown hook
 * on Ctrl-C): it wakes the reading thread, which flushes the sink and reports once more. A ticker
 * thread wakes it at every report interval too, so counters appear while no traffic flows.
 */
public final class CaptureAgent {
    private final CaptureConfig config;
    private final Sampler sampler;
    private final PacketSink sink;
    private final Consumer<CaptureReport> reporter;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<CaptureReport> finished = new CompletableFuture<>();
    private volatile boolean stopping;
    private volatile LivePcap pcap;

    /**
     * @param reporter receives a report every {@link CaptureConfig#statsIntervalMillis()}, on the capture thread
     */
    public CaptureAgent(CaptureConfig config, Sampler sampler, PacketSink sink, Consumer<CaptureReport> reporter) {
        this.config = config;
        this.sampler = sampler;
        this.sink = sink;
        this.reporter = reporter;
    }

    /** Starts capturing; returns once the interface is open, or throws why it could not be. */
    public void start() throws CaptureException {
        Thread t = new Thread(this::run, "sampo-capture-" + config.iface());
        t.setDaemon(true);
        t.start();
        try {
            opened.get();
            long interval = config.statsIntervalMillis();
            if (interval > 0) {
                ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread tick = new Thread(r, "sampo-capture-tick");
                    tick.setDaemon(true);
                    return tick;
                });
                ticker.scheduleAtFixedRate(pcap::wake, interval, interval, TimeUnit.MILLISECONDS);
                finished.whenComplete((r, e) -> ticker.shutdownNow());
            }
        } catch (ExecutionException e) {
            throw asCaptureException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new CaptureException("interrupted while opening " + config.iface(), e);
        }
    }

    public void stop() {
        stopping = true;
        LivePcap p = pcap;
        if (p != null) {
            p.wake();
        }
    }

    /** Waits for the capture to end (after {@link #stop()} or a failure); the last report, sink flushed. */
    public CaptureReport await() throws CaptureException, InterruptedException {
        try {
            return finished.get();
        } catch (ExecutionException e) {
            throw asCaptureException(e.getCause());
        }
    }

    private void run() {
        LivePcap opening;
        try {
            if (config.netns() != null) {
                NetworkNamespace.enter(config.netns());
            }
            opening = LivePcap.open(config);
        } catch (CaptureException | RuntimeException e) {
            opened.completeExceptionally(e);
            finished.completeExceptionally(e);
            return;
        }
        pcap = opening;
        opened.complete(null);
        try (opening) {
            finished.complete(loop(opening));
        } catch (CaptureException | RuntimeException e) {
            finished.completeExceptionally(e);
        }
    }

    private CaptureReport loop(LivePcap pcap) throws CaptureException {
        FramePipeline pipeline = new FramePipeline(pcap.linkType(), config.iface(), sampler, config.decapsulation(),
                config.mptcpOnly(), config.keepPayload(), sink);
        long start = System.nanoTime();
        long interval = config.statsIntervalMillis() * 1_000_000L;
        long lastReport = start;
        long lastRecords = 0;
        while (!stopping) {
            int length = pcap.next();
            if (length > 0) {
                pipeline.accept(pcap.buffer(), 0, length, pcap.timestampNanos());
            }
            long now = System.nanoTime();
            if (interval > 0 && now - lastReport >= interval) {
                reporter.accept(report(pcap, pipeline, start, now, lastReport, lastRecords));
                lastReport = now;
                lastRecords = pipeline.records();
            }
        }
        sink.flush();
        long now = System.nanoTime();
        CaptureReport last = report(pcap, pipeline, start, now, lastReport, lastRecords);
        reporter.accept(last);
        return last;
    }

    private CaptureReport report(LivePcap pcap, FramePipeline p, long start, long now, long since, long recordsThen) {
        double window = Math.max(1e-9, (now - since) / 1e9);
        return new CaptureReport(config.iface(), (now - start) / 1e9, pcap.counters(), p.frames(), p.sampled(),
                p.records(), (p.records() - recordsThen) / window, p.decapStats().nonZero(), p.decodeStats().errors());
    }

    private static CaptureException asCaptureException(Throwable cause) {
        if (cause instanceof CaptureException c) {
            return c;
        }
        return new CaptureException(String.valueOf(cause.getMessage()), cause);
    }
}
