package dev.sampo.dashboard;

import dev.sampo.sflow.CollectorStats;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The sFlow collector's counters as {@code sampo_sflow_*} metrics, read when scraped. Shared by the
 * dashboard's {@code /metrics} and by a stand-alone {@code sampo sflow --metrics}, so both expose the same names.
 */
public final class SflowMetrics {
    private SflowMetrics() {
    }

    /** Registers the collector's metrics; while {@code stats} gives null (no collector yet) they are absent. */
    public static void register(PrometheusRegistry registry, Supplier<CollectorStats> stats) {
        counter(registry, "sampo_sflow_datagrams", "sFlow datagrams received by the collector.", stats,
                CollectorStats::datagrams);
        counter(registry, "sampo_sflow_samples", "Flow samples in the datagrams received.", stats,
                CollectorStats::flowSamples);
        counter(registry, "sampo_sflow_records", "Packet records the collector published.", stats,
                CollectorStats::records);
        counter(registry, "sampo_sflow_datagrams_lost", "Datagrams missing from the agents' sequence numbers.",
                stats, CollectorStats::datagramsLost);
        counter(registry, "sampo_sflow_samples_lost", "Flow samples missing from the data sources' sequence numbers.",
                stats, CollectorStats::samplesLost);
        counter(registry, "sampo_sflow_agent_drops", "Samples the agents say they dropped.", stats,
                CollectorStats::agentDrops);
        counter(registry, "sampo_sflow_decode_errors", "Datagrams or samples the collector could not decode.",
                stats, CollectorStats::decodeErrors);
        counter(registry, "sampo_sflow_not_allowed", "Datagrams from agents not on the allowlist, dropped.", stats,
                CollectorStats::notAllowed);
        counter(registry, "sampo_sflow_sink_errors", "Records the sink refused.", stats, CollectorStats::sinkErrors);
        GaugeWithCallback.builder().name("sampo_sflow_agents").help("sFlow agents (and sub-agents) heard from.")
                .callback(cb -> {
                    CollectorStats s = stats.get();
                    if (s != null) {
                        cb.call(s.agents());
                    }
                }).register(registry);
    }

    private static void counter(PrometheusRegistry registry, String name, String help,
                                Supplier<CollectorStats> stats, ToDoubleFunction<CollectorStats> value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> {
            CollectorStats s = stats.get();
            if (s != null) {
                cb.call(value.applyAsDouble(s));
            }
        }).register(registry);
    }
}
