package dev.sampo.dashboard;

import dev.sampo.directory.DirectoryStats;
import dev.sampo.sflow.CollectorStats;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Sampo's ingest and session counters in the Prometheus text format, served at {@code /metrics}.
 * Every figure is read when scraped, from the parts that already count it; the names are the
 * contract the Grafana dashboards in {@code dashboards/grafana/} are written against.
 */
final class Metrics {
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);
    private final Counter requests;

    Metrics(Supplier<DirectoryStats> directory, IngestSources sources, DsnTracks tracks, HealthProbe health,
            Supplier<CollectorStats> sflow, IngestAgents agents) {
        gauge("sampo_sessions", "Sessions the dashboard holds (sampo.sessions through the session directory).",
                () -> directory.get().sessions());
        counter("sampo_sessions_refused", "New sessions not held because max.sessions were held.",
                () -> directory.get().refusedSessions());
        gauge("sampo_subflows", "sampo.subflows entries held.", () -> directory.get().subflows());
        counter("sampo_output_records", "Records read from sampo.sessions and sampo.subflows.",
                () -> directory.get().records());
        counter("sampo_output_malformed", "Records of sampo.sessions and sampo.subflows skipped as not the schema.",
                () -> directory.get().malformed());
        CounterWithCallback.builder().name("sampo_packets_records")
                .help("Records read from sampo.packets per source (observation point).").labelNames("source")
                .callback(cb -> sources.snapshot().forEach(s -> cb.call(s.records(), s.name()))).register(registry);
        GaugeWithCallback.builder().name("sampo_packets_sampling_rate")
                .help("N of the 1-in-N sampling of the latest record from each source.").labelNames("source")
                .callback(cb -> sources.snapshot().forEach(s -> cb.call(s.samplingRate(), s.name()))).register(registry);
        counter("sampo_packets_malformed", "Records of sampo.packets that are not the wire format.",
                sources::malformedCount);
        gauge("sampo_dsn_tracked_subflows", "Subflows whose DSN track the dashboard keeps.", tracks::subflows);
        GaugeWithCallback.builder().name("sampo_kafka_consumer_lag_records")
                .help("Records of sampo.packets the association job has not committed (absent while unknown).")
                .callback(cb -> {
                    Long lag = health.lag();
                    if (lag != null) {
                        cb.call(lag);
                    }
                }).register(registry);
        checkpointCounter("sampo_flink_checkpoints_completed", "Checkpoints the association job completed.",
                health, HealthProbe.Checkpoints::completed);
        checkpointCounter("sampo_flink_checkpoints_failed", "Checkpoints of the association job that failed.",
                health, HealthProbe.Checkpoints::failed);
        GaugeWithCallback.builder().name("sampo_flink_checkpoint_duration_seconds")
                .help("End-to-end duration of the latest completed checkpoint.")
                .callback(cb -> {
                    HealthProbe.Checkpoints c = health.checkpoints();
                    if (c != null && c.lastDurationMillis() != null) {
                        cb.call(c.lastDurationMillis() / 1e3);
                    }
                }).register(registry);
        SflowMetrics.register(registry, sflow);
        gauge("sampo_agents", "Ingest agents whose health (sampo.agents) the dashboard holds.",
                () -> agents.snapshot().size());
        counter("sampo_agents_refused", "sampo.agents records of agents not held because 1,000 were held.",
                agents::overflow);
        counter("sampo_agents_malformed", "Records of sampo.agents skipped as not the agent.v1 schema.",
                agents::malformed);
        requests = Counter.builder().name("sampo_dashboard_requests")
                .help("HTTP requests the dashboard answered, by status code.").labelNames("status").register(registry);
    }

    void answered(int status) {
        requests.labelValues(Integer.toString(status)).inc();
    }

    void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    private void gauge(String name, String help, Supplier<Number> value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.get().doubleValue()))
                .register(registry);
    }

    private void counter(String name, String help, Supplier<Number> value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.get().doubleValue()))
                .register(registry);
    }

    private void checkpointCounter(String name, String help, HealthProbe health,
                                   ToDoubleFunction<HealthProbe.Checkpoints> value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> {
            HealthProbe.Checkpoints c = health.checkpoints();
            if (c != null) {
                cb.call(value.applyAsDouble(c));
            }
        }).register(registry);
    }
}
