package dev.sampo.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.directory.DirectoryStats;
import dev.sampo.directory.SessionView;
import dev.sampo.flow.SubflowId;
import dev.sampo.sflow.CollectorStats;
import dev.sampo.wire.AgentRecord;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds what the page shows, as JSON: the view (sessions, ingest health, NF topics) pushed every
 * interval, and one session's DSN plot on request. Rates are per second between two builds, so
 * {@link #view} is called from one thread (the dashboard's scheduler).
 */
final class Views {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Member(String id, long packets, long bytes) {
    }

    record Row(String id, String token, String evidence, double confidence,
               @JsonProperty("first_seen_us") long firstSeenMicros, @JsonProperty("last_seen_us") long lastSeenMicros,
               long packets, long bytes, List<Member> subflows) {
    }

    /**
     * @param subset true when the page does not show every session there is: more are held than
     *     shown, or the directory refused some at its cap
     */
    record Sessions(int held, int shown, long refused, int cap, boolean subset, List<Row> rows) {
    }

    record Source(String name, long records, @JsonProperty("records_per_s") double recordsPerSecond,
                  @JsonProperty("sampling_rate") int samplingRate, @JsonProperty("last_seen_us") long lastSeenMicros) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Sflow(int agents, long datagrams, @JsonProperty("datagrams_lost") long datagramsLost,
                 @JsonProperty("samples_lost") long samplesLost, @JsonProperty("agent_drops") long agentDrops,
                 @JsonProperty("decode_errors") long decodeErrors,
                 @JsonProperty("datagrams_per_s") double datagramsPerSecond) {
    }

    /**
     * The ingest agents' latest health from {@code sampo.agents}.
     *
     * @param refused records of agents not held, past the cap
     * @param malformed records that are not {@code agent.v1}
     */
    record Agents(List<AgentRecord> held, long refused, long malformed) {
    }

    /**
     * One sFlow agent (and sub-agent) as one collector saw it: the collector of this process
     * ({@link #IN_PROCESS}) or one reporting on {@code sampo.agents}.
     *
     * @param samplingRates the distinct sampling rates of its observation points on
     *     {@code sampo.packets} (one per interface sampled), empty until a record of it is read
     */
    record Exporter(String collector, String agent, @JsonProperty("sub_agent") long subAgent,
                    @JsonProperty("sampling_rates") List<Integer> samplingRates, long datagrams, long samples,
                    @JsonProperty("datagrams_lost") long datagramsLost,
                    @JsonProperty("samples_lost") long samplesLost) {
    }

    /** The {@link Exporter#collector} of this process's own collector (the one of {@code up}). */
    static final String IN_PROCESS = "in-process";

    /**
     * Null figures are unknown (n/a on the page): no collector in this process, no REST API given, no
     * capture agent reporting on {@code sampo.agents}, ...
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Health(@JsonProperty("records_per_s") double recordsPerSecond, long packets,
                  @JsonProperty("malformed_packets") long malformedPackets, List<Source> sources, Sflow sflow,
                  Agents agents, List<Exporter> exporters, @JsonProperty("capture_drops") Long captureDrops,
                  @JsonProperty("kafka_lag") Long kafkaLag,
                  HealthProbe.Checkpoints checkpoints, @JsonProperty("flink_configured") boolean flinkConfigured,
                  DirectoryStats directory) {
    }

    record View(@JsonProperty("generated_ms") long generatedMillis, Sessions sessions, Health health,
                Map<String, List<NfTopics.Entry>> nf) {
    }

    /** One direction of one subflow: [seconds since the session's first point, DSN offset in bytes] pairs. */
    record Series(String subflow, String direction, List<double[]> points) {
    }

    record DsnPlot(String session, List<Series> series) {
    }

    private final LiveSessions sessions;
    private final Supplier<DirectoryStats> directory;
    private final IngestSources sources;
    private final IngestAgents agents;
    private final TopicTap tap;
    private final DsnTracks tracks;
    private final NfTopics nf;
    private final HealthProbe health;
    private final Supplier<CollectorStats> sflow;
    private final int pageSessions;
    private final int cap;
    private final Map<String, Long> lastRecords = new HashMap<>();
    private long lastPackets;
    private long lastBuildNanos;

    Views(LiveSessions sessions, Supplier<DirectoryStats> directory, IngestSources sources, IngestAgents agents,
          TopicTap tap, DsnTracks tracks, NfTopics nf, HealthProbe health, Supplier<CollectorStats> sflow,
          int pageSessions, int cap) {
        this.sessions = sessions;
        this.directory = directory;
        this.sources = sources;
        this.agents = agents;
        this.tap = tap;
        this.tracks = tracks;
        this.nf = nf;
        this.health = health;
        this.sflow = sflow;
        this.pageSessions = pageSessions;
        this.cap = cap;
    }

    byte[] view() {
        long now = System.nanoTime();
        double seconds = lastBuildNanos == 0 ? 0 : (now - lastBuildNanos) / 1e9;
        lastBuildNanos = now;
        DirectoryStats stats = directory.get();
        List<Row> rows = sessions.mostRecent(pageSessions).stream().map(Views::row).toList();
        int held = sessions.size();
        Sessions s = new Sessions(held, rows.size(), stats.refusedSessions(), cap,
                rows.size() < held || stats.refusedSessions() > 0, rows);
        List<Source> perSource = new ArrayList<>();
        for (IngestSources.Source src : sources.snapshot()) {
            Long before = lastRecords.put(src.name(), src.records());
            perSource.add(new Source(src.name(), src.records(), rate(src.records(), before, seconds),
                    src.samplingRate(), src.lastSeenMicros()));
        }
        long packets = tap.packets();
        double packetRate = rate(packets, lastPackets, seconds);
        lastPackets = packets;
        CollectorStats c = sflow.get();
        Sflow sf = c == null ? null : new Sflow(c.agents(), c.datagrams(), c.datagramsLost(), c.samplesLost(),
                c.agentDrops(), c.decodeErrors(), c.datagramsPerSecond());
        Agents a = new Agents(agents.snapshot(), agents.overflow(), agents.malformed());
        Health h = new Health(packetRate, packets, sources.malformedCount(), perSource, sf, a,
                exporters(c, a.held(), perSource), agents.captureDrops(),
                health.lag(), health.checkpoints(), health.flinkConfigured(), stats);
        return json(new View(System.currentTimeMillis(), s, h, nf.snapshot()));
    }

    /** Every exporter row: the in-process collector's first, then those of the agents' sflow records. */
    private static List<Exporter> exporters(CollectorStats inProcess, List<AgentRecord> held, List<Source> sources) {
        List<Exporter> out = new ArrayList<>();
        if (inProcess != null) {
            for (CollectorStats.Exporter e : inProcess.exporters()) {
                out.add(new Exporter(IN_PROCESS, e.agent(), e.subAgent(), samplingRates(e.agent(), e.subAgent(), sources),
                        e.datagrams(), e.flowSamples(), e.datagramsLost(), e.samplesLost()));
            }
        }
        for (AgentRecord r : held) {
            if (r.sflow() != null) {
                for (AgentRecord.Exporter e : r.sflow().byExporter()) {
                    out.add(new Exporter(r.agent(), e.agent(), e.subAgent(), samplingRates(e.agent(), e.subAgent(),
                            sources), e.datagrams(), e.samples(), e.datagramsLost(), e.samplesLost()));
                }
            }
        }
        return out;
    }

    /** The sampling rates of an exporter's observation points ("agent/sub-agent/ifIndex"), known ones only. */
    private static List<Integer> samplingRates(String agent, long subAgent, List<Source> sources) {
        String prefix = agent + "/" + subAgent + "/";
        return sources.stream().filter(src -> src.name().startsWith(prefix) && src.samplingRate() > 0)
                .map(Source::samplingRate).distinct().sorted().toList();
    }

    /**
     * The DSN plot of a held session, or null when the session is not held: the data direction with
     * the most points (like mptcpanalyzer's sequence plots, one direction at a time), each subflow a
     * series. The two directions of a connection have unrelated DSN spaces (each starts at a hash of
     * a key), and which endpoint of a subflow is the lower one says nothing about direction, so the
     * per-subflow tracks are grouped by DSN proximity instead.
     */
    byte[] dsn(String sessionId) {
        SessionView session = sessions.get(sessionId);
        if (session == null) {
            return null;
        }
        List<DsnSpace> spaces = new ArrayList<>();
        for (SessionView.Member m : session.subflows()) {
            List<DsnTracks.Point> all = tracks.points(m.id());
            for (boolean fromLower : new boolean[] {true, false}) {
                List<DsnTracks.Point> one = all.stream().filter(x -> x.fromLower() == fromLower).toList();
                if (!one.isEmpty()) {
                    Track t = new Track(m.id(), fromLower, one);
                    spaces.stream().filter(sp -> sp.holds(t)).findFirst()
                            .orElseGet(() -> {
                                DsnSpace sp = new DsnSpace(one.get(0).dsn());
                                spaces.add(sp);
                                return sp;
                            }).tracks.add(t);
                }
            }
        }
        List<Series> series = spaces.stream().max((x, y) -> Integer.compare(x.points(), y.points()))
                .map(DsnSpace::series).orElse(List.of());
        return json(new DsnPlot(sessionId, series));
    }

    private record Track(SubflowId subflow, boolean fromLower, List<DsnTracks.Point> points) {
    }

    /**
     * One data direction's sequence space. Offsets are taken on the low 32 bits, which 4-byte and
     * 8-byte mappings of one connection have in common; a track belongs when its first DSN lies within
     * {@value #SPAN} bytes of the space's first.
     */
    private static final class DsnSpace {
        static final long SPAN = 1L << 28;
        final long base;
        final List<Track> tracks = new ArrayList<>();

        DsnSpace(long base) {
            this.base = base;
        }

        boolean holds(Track t) {
            return Math.abs(offset(t.points().get(0).dsn(), base)) < SPAN;
        }

        int points() {
            return tracks.stream().mapToInt(t -> t.points().size()).sum();
        }

        List<Series> series() {
            long lowest = Long.MAX_VALUE;
            long t0 = Long.MAX_VALUE;
            for (Track t : tracks) {
                for (DsnTracks.Point x : t.points()) {
                    lowest = Math.min(lowest, offset(x.dsn(), base));
                    t0 = Math.min(t0, x.tsMicros());
                }
            }
            List<Series> out = new ArrayList<>();
            for (Track t : tracks) {
                List<double[]> xy = new ArrayList<>(t.points().size());
                for (DsnTracks.Point x : t.points()) {
                    xy.add(new double[] {(x.tsMicros() - t0) / 1e6, offset(x.dsn(), base) - lowest});
                }
                SubflowId id = t.subflow();
                String arrow = t.fromLower() ? id.endpointA() + " → " + id.endpointB()
                        : id.endpointB() + " → " + id.endpointA();
                out.add(new Series(id.toString(), arrow, xy));
            }
            out.sort((x, y) -> x.subflow().compareTo(y.subflow()));
            return out;
        }
    }

    private static long offset(long dsn, long base) {
        return (int) ((dsn - base) & 0xFFFF_FFFFL);
    }

    private static Row row(SessionView s) {
        long packets = 0;
        long bytes = 0;
        List<Member> members = new ArrayList<>(s.subflows().size());
        for (SessionView.Member m : s.subflows()) {
            packets += m.packets();
            bytes += m.bytes();
            members.add(new Member(m.id().toString(), m.packets(), m.bytes()));
        }
        return new Row(s.id(), s.token(), s.evidence().label(), s.confidence(), s.firstSeenMicros(), s.lastSeenMicros(),
                packets, bytes, members);
    }

    private static double rate(long now, Long before, double seconds) {
        return before == null || seconds <= 0 ? 0 : (now - before) / seconds;
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
