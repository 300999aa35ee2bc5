package dev.sampo.dashboard;

import dev.sampo.directory.DirectoryConfig;
import dev.sampo.directory.SessionDirectory;
import dev.sampo.sflow.CollectorStats;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The web dashboard: reads Sampo's topics (sessions through the NF session directory, DSN tracks
 * and per-source counts from {@code sampo.packets}, agents' health from {@code sampo.agents}, the NF
 * topics) and serves the page, its event
 * stream and {@code /metrics}.
 *
 * <pre>{@code
 * try (Dashboard d = Dashboard.start(new DashboardConfig(Map.of("bootstrap.servers", "localhost:9092")), () -> null)) {
 *     System.out.println(d.url());
 * }
 * }</pre>
 */
public final class Dashboard implements AutoCloseable {
    /** NF topic keys kept per topic. */
    private static final int NF_KEYS = 200;
    /** Sources (observation points) told apart on sampo.packets. */
    private static final int MAX_SOURCES = 1_000;
    /** Ingest agents (capture agents, sFlow collectors) whose health is held. */
    private static final int MAX_AGENTS = 1_000;

    private final String token;
    private final SessionDirectory directory;
    private final LiveSessions sessions = new LiveSessions();
    private final TopicTap tap;
    private final HealthProbe health;
    private final Metrics metrics;
    private final Views views;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sampo-dashboard-views");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong viewVersion = new AtomicLong();
    private volatile byte[] view;
    private WebServer server;

    private Dashboard(DashboardConfig config, Supplier<CollectorStats> sflow) {
        this.token = tokenFor(config);
        Map<String, Object> directoryConfig = new HashMap<>(Map.of(
                DirectoryConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                DirectoryConfig.MAX_SESSIONS_CONFIG, config.maxSessions(),
                DirectoryConfig.MAX_SUBFLOWS_CONFIG, 4 * config.maxSessions(),
                DirectoryConfig.CLIENT_ID_CONFIG, "sampo-dashboard"));
        config.kafkaOverrides().forEach((key, value) ->
                directoryConfig.put(DirectoryConfig.CONSUMER_PREFIX + key, value));
        this.directory = new SessionDirectory(new DirectoryConfig(directoryConfig));
        directory.addListener(sessions);
        DsnTracks tracks = new DsnTracks(config.dsnSubflows(), config.dsnPoints());
        IngestSources sources = new IngestSources(MAX_SOURCES);
        NfTopics nf = new NfTopics(NF_KEYS);
        IngestAgents agents = new IngestAgents(MAX_AGENTS);
        this.tap = new TopicTap(config.kafkaClient(), tracks, sources, nf, agents);
        this.health = new HealthProbe(config.kafkaClient(), config.jobGroupId(), config.flinkRest());
        this.metrics = new Metrics(directory::stats, sources, tracks, health, sflow, agents);
        this.views = new Views(sessions, directory::stats, sources, agents, tap, tracks, nf, health, sflow,
                config.pageSessions(), config.maxSessions());
    }

    /**
     * Starts reading the topics and serving.
     *
     * @param sflow the in-process sFlow collector's latest stats, or a supplier of null when there is none
     */
    public static Dashboard start(DashboardConfig config, Supplier<CollectorStats> sflow) throws IOException {
        Dashboard d = new Dashboard(config, sflow);
        try {
            d.directory.start();
            d.tap.start();
            d.rebuild();
            long push = config.pushInterval().toMillis();
            d.scheduler.scheduleWithFixedDelay(d::rebuild, push, push, TimeUnit.MILLISECONDS);
            d.scheduler.scheduleWithFixedDelay(d.health::refresh, 0, 2, TimeUnit.SECONDS);
            d.server = new WebServer(config.listen(), d.token, config.maxRequestBytes(), push, d.new Served(), d.metrics);
            return d;
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /** The page's address, with the token when one is required. */
    public String url() {
        InetSocketAddress a = server.address();
        String host = a.getAddress().isAnyLocalAddress() ? "localhost" : a.getHostString();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + a.getPort() + "/" + (token == null ? "" : "?token=" + token);
    }

    public InetSocketAddress address() {
        return server.address();
    }

    /**
     * The token every request must carry: the configured one; or, when none is configured and the
     * server binds anything but loopback, a fresh random one (shown in {@link #url}); else none.
     */
    private static String tokenFor(DashboardConfig config) {
        if (config.token() != null) {
            return config.token();
        }
        InetSocketAddress listen = config.listen();
        if (listen.getAddress() != null && listen.getAddress().isLoopbackAddress()) {
            return null;
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private void rebuild() {
        try {
            view = views.view();
            viewVersion.incrementAndGet();
        } catch (RuntimeException e) {
            System.getLogger(Dashboard.class.getName()).log(System.Logger.Level.WARNING, "dashboard view failed", e);
        }
    }

    /** What the web server serves, from this dashboard's parts. */
    private final class Served implements WebServer.Content {
        @Override
        public byte[] view() {
            return view;
        }

        @Override
        public long viewVersion() {
            return viewVersion.get();
        }

        @Override
        public byte[] dsn(String session) {
            return views.dsn(session);
        }

        @Override
        public void metrics(OutputStream out) throws IOException {
            metrics.write(out);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        scheduler.shutdownNow();
        tap.close();
        directory.close();
        health.close();
    }
}
