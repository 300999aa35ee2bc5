package dev.sampo.dashboard;

import dev.sampo.packet.PacketRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records on {@code sampo.packets} per source: the observation point a record names (an sFlow
 * agent's "agent/sub-agent/ifIndex", a capture agent's label), or {@value #UNNAMED} for records that
 * name none (replays of capture files). At most {@code maxSources} are told apart; the rest are
 * counted under {@value #OTHER}, so a flood of names cannot grow memory.
 */
final class IngestSources {
    static final String UNNAMED = "(no observation point)";
    static final String OTHER = "(other sources)";

    /** One source's counters as of now. */
    record Source(String name, long records, int samplingRate, long lastSeenMicros) {
    }

    private final int maxSources;
    private final Map<String, Counter> sources = new ConcurrentHashMap<>();
    private final AtomicLong malformed = new AtomicLong();

    IngestSources(int maxSources) {
        this.maxSources = maxSources;
    }

    void add(PacketRecord p) {
        String name = p.observationPoint() == null ? UNNAMED : p.observationPoint();
        Counter c = sources.get(name);
        if (c == null) {
            c = sources.computeIfAbsent(sources.size() < maxSources ? name : OTHER, k -> new Counter());
        }
        c.records.incrementAndGet();
        c.samplingRate = p.samplingRate();
        c.lastSeenMicros = p.tsMicros();
    }

    void malformed() {
        malformed.incrementAndGet();
    }

    long malformedCount() {
        return malformed.get();
    }

    List<Source> snapshot() {
        List<Source> out = new ArrayList<>();
        sources.forEach((name, c) -> out.add(new Source(name, c.records.get(), c.samplingRate, c.lastSeenMicros)));
        out.sort((x, y) -> x.name().compareTo(y.name()));
        return out;
    }

    private static final class Counter {
        final AtomicLong records = new AtomicLong();
        volatile int samplingRate;
        volatile long lastSeenMicros;
    }
}
