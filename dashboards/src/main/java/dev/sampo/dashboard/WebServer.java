package dev.sampo.dashboard;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's HTTP side, on the JDK's own {@code com.sun.net.httpserver}: a handful of GET
 * routes and one server-sent event stream need no framework, and the JDK's server adds no
 * dependency to the distribution. Every request is checked before it is routed (size, token,
 * method); whatever goes wrong answers with a status and a one-line reason, never a stack trace.
 */
final class WebServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WebServer.class.getName());
    private static final int THREADS = 16;
    /** Each open page holds a thread with its event stream: half the threads stay for everything else. */
    private static final int MAX_STREAMS = THREADS / 2;
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/style.css", "style.css");
    private static final long DRAIN_BYTES = 1 << 20;
    private static final String SESSIONS_PREFIX = "/api/sessions/";
    private static final String DSN_SUFFIX = "/dsn";

    /** What the routes serve. */
    interface Content {
        /** The latest view, JSON. */
        byte[] view();

        /** The version of the latest view: the stream sends a view when it moves. */
        long viewVersion();

        /** A session's DSN plot, JSON, or null when the session is not held. */
        byte[] dsn(String session);

        void metrics(OutputStream out) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "sampo-dashboard-http");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final Content content;
    private final byte[] token;
    private final int maxRequestBytes;
    private final long pushMillis;
    private final Metrics metrics;
    private volatile boolean running = true;

    WebServer(InetSocketAddress listen, String token, int maxRequestBytes, long pushMillis, Content content,
              Metrics metrics) throws IOException {
        this.content = content;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.maxRequestBytes = maxRequestBytes;
        this.pushMillis = pushMillis;
        this.metrics = metrics;
        try {
            this.server = HttpServer.create(listen, 64);
        } catch (BindException e) {
            throw new IOException("the dashboard cannot listen on " + listen + ": " + e.getMessage(), e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange x) {
        try (x) {
            int status = answer(x);
            metrics.answered(status);
        } catch (IOException | UncheckedIOException e) {
            // The client went away mid-answer: nothing to tell it.
            LOG.log(System.Logger.Level.DEBUG, "dashboard request " + x.getRequestURI() + ": " + e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dashboard request " + x.getRequestURI() + " failed", e);
            try {
                metrics.answered(send(x, 500, "internal error; see the log"));
            } catch (IOException | RuntimeException ignored) {
                // headers may be gone already: the connection closes with the exchange
            }
        }
    }

    /** Checks and routes one request; returns the status it answered with. */
    private int answer(HttpExchange x) throws IOException {
        String rawTarget = x.getRequestURI().toString();
        if (rawTarget.length() > maxRequestBytes) {
            return send(x, 414, "request target longer than " + maxRequestBytes + " bytes");
        }
        if (headerBytes(x.getRequestHeaders()) > maxRequestBytes) {
            return send(x, 431, "request headers larger than " + maxRequestBytes + " bytes");
        }
        if (!drainBody(x)) {
            return send(x, 413, "request body larger than " + maxRequestBytes + " bytes");
        }
        if (token != null) {
            String given = tokenOf(x);
            if (given == null) {
                x.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"sampo\"");
                return send(x, 401, "access token required: ?token=... or Authorization: Bearer ...");
            }
            if (!MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
                return send(x, 403, "wrong access token");
            }
        }
        String method = x.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            x.getResponseHeaders().set("Allow", "GET, HEAD");
            return send(x, 405, "only GET and HEAD");
        }
        String path = x.getRequestURI().getPath();
        if (ASSETS.containsKey(path)) {
            return asset(x, ASSETS.get(path));
        }
        if (path.equals("/api/view")) {
            return sendBytes(x, 200, "application/json", content.view());
        }
        if (path.startsWith(SESSIONS_PREFIX) && path.endsWith(DSN_SUFFIX)
                && path.length() > SESSIONS_PREFIX.length() + DSN_SUFFIX.length()) {
            byte[] plot = content.dsn(path.substring(SESSIONS_PREFIX.length(), path.length() - DSN_SUFFIX.length()));
            return plot == null ? send(x, 404, "no such session held") : sendBytes(x, 200, "application/json", plot);
        }
        if (path.equals("/events")) {
            return events(x);
        }
        if (path.equals("/metrics")) {
            x.getResponseHeaders().set("Content-Type", Metrics.CONTENT_TYPE);
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                content.metrics(out);
            }
            return 200;
        }
        return send(x, 404, "no such page: " + path);
    }

    private static long headerBytes(Headers headers) {
        long n = 0;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            for (String v : e.getValue()) {
                n += e.getKey().length() + v.length() + 4;
            }
        }
        return n;
    }

    /**
     * Reads and drops a body (GETs carry none); false when it is larger than allowed. An oversized
     * body is still read up to {@value #DRAIN_BYTES} bytes, so the client gets the 413 rather than a
     * connection reset; past that the connection is cut.
     */
    private boolean drainBody(HttpExchange x) throws IOException {
        InputStream in = x.getRequestBody();
        byte[] buffer = new byte[8192];
        long read = 0;
        for (int n = in.read(buffer); n >= 0 && read <= DRAIN_BYTES; n = in.read(buffer)) {
            read += n;
        }
        return read <= maxRequestBytes;
    }

    private static String tokenOf(HttpExchange x) {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Bearer ")) {
            return auth.substring("Bearer ".length()).trim();
        }
        String query = x.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("token=")) {
                return URLDecoder.decode(part.substring("token=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private int asset(HttpExchange x, String name) throws IOException {
        byte[] body = Assets.get(name);
        String type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html";
        return sendBytes(x, 200, type + "; charset=utf-8", body);
    }

    /**
     * The event stream: a view whenever it changes, checked every push interval, and a comment line
     * now and then so proxies keep the connection. Ends when the client goes or the server stops.
     */
    private int events(HttpExchange x) throws IOException {
        if (!streams.tryAcquire()) {
            return send(x, 503, "too many open pages (" + MAX_STREAMS + ")");
        }
        try {
            Headers h = x.getResponseHeaders();
            h.set("Content-Type", "text/event-stream");
            h.set("Cache-Control", "no-store");
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            long sent = -1;
            long quietSince = System.nanoTime();
            while (running) {
                long version = content.viewVersion();
                if (version != sent) {
                    out.write("event: view\ndata: ".getBytes(StandardCharsets.UTF_8));
                    out.write(content.view());
                    out.write("\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sent = version;
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(15)) {
                    out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    quietSince = System.nanoTime();
                }
                Thread.sleep(pushMillis);
            }
            return 200;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 200;
        } finally {
            streams.release();
        }
    }

    private int send(HttpExchange x, int status, String reason) throws IOException {
        return sendBytes(x, status, "text/plain; charset=utf-8", (reason + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static int sendBytes(HttpExchange x, int status, String type, byte[] body) throws IOException {
        Headers h = x.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        // Nothing from elsewhere: the page runs only what this server sends.
        h.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:");
        h.set("X-Content-Type-Options", "nosniff");
        if (x.getRequestMethod().equals("HEAD")) {
            x.sendResponseHeaders(status, -1);
            return status;
        }
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        x.getResponseBody().write(body);
        return status;
    }

    /** Stops taking requests, ends the event streams, and waits briefly for answers in progress. */
    @Override
    public void close() {
        running = false;
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
