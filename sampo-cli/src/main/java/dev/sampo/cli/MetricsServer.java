package dev.sampo.cli;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/** The {@code --metrics} endpoint of a stand-alone command: the Prometheus client's HTTP server, or nothing. */
final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /** Serves {@code registry} at {@code http://listen/metrics}; a null {@code listen} (--metrics off) serves nothing. */
    static MetricsServer start(InetSocketAddress listen, PrometheusRegistry registry, String command,
                               PrintWriter err) {
        if (listen == null) {
            return new MetricsServer(null);
        }
        Ports.requireFreeTcp(listen, "the metrics endpoint's; --metrics picks another, or off");
        try {
            HTTPServer server = HTTPServer.builder().hostname(listen.getHostString()).port(listen.getPort())
                    .registry(registry).buildAndStart();
            err.printf("sampo %s: metrics on http://%s:%d/metrics%n", command, listen.getHostString(),
                    server.getPort());
            err.flush();
            return new MetricsServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("--metrics " + listen.getHostString() + ":" + listen.getPort(), e);
        }
    }

    /** The port served on (the one chosen when asked for port 0); -1 when off. */
    int port() {
        return server == null ? -1 : server.getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
