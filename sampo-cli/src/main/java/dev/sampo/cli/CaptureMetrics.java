package dev.sampo.cli;

import dev.sampo.capture.CaptureReport;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The capture agent's counters as {@code sampo_capture_*} metrics: the latest report the agent gave
 * (every --stats-every), so a scrape costs the capture loop nothing. Absent until the first report.
 */
final class CaptureMetrics implements Consumer<CaptureReport> {
    private final AtomicReference<CaptureReport> latest = new AtomicReference<>();

    CaptureMetrics(PrometheusRegistry registry) {
        counter(registry, "sampo_capture_received", "Frames the kernel received for the capture.",
                r -> r.pcap().received());
        counter(registry, "sampo_capture_kernel_dropped", "Frames the kernel dropped for want of buffer.",
                r -> r.pcap().dropped());
        counter(registry, "sampo_capture_interface_dropped", "Frames the interface dropped.",
                r -> r.pcap().interfaceDropped());
        counter(registry, "sampo_capture_frames", "Frames the agent read.", CaptureReport::frames);
        counter(registry, "sampo_capture_sampled", "Frames the sampler kept.", CaptureReport::sampled);
        counter(registry, "sampo_capture_records", "Records handed to the sink.", CaptureReport::records);
    }

    @Override
    public void accept(CaptureReport report) {
        latest.set(report);
    }

    private void counter(PrometheusRegistry registry, String name, String help, ToDoubleFunction<CaptureReport> value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> {
            CaptureReport r = latest.get();
            if (r != null) {
                cb.call(value.applyAsDouble(r));
            }
        }).register(registry);
    }
}
