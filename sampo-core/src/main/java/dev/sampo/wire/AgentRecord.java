package dev.sampo.wire;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link Topics#AGENTS} value, schema {@link Schemas#AGENT_V1}: the health of one ingest agent (a
 * capture agent or an sFlow collector) as of its latest stats period, keyed by {@link #agent}. The
 * counters are totals since the agent started, so a reader that missed records loses nothing but
 * resolution. Exactly one of {@link #capture} and {@link #sflow} is set, the one {@link #kind} names.
 *
 * @param agent the agent's id, unique among the agents writing to one cluster (the record's key)
 * @param atMillis when the agent took the counters (wall clock, ms since the epoch)
 * @param uptimeSeconds how long the agent has run
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"agent", "kind", "at_ms", "uptime_s", "capture", "sflow"})
public record AgentRecord(String agent, Kind kind, @JsonProperty("at_ms") long atMillis,
                          @JsonProperty("uptime_s") double uptimeSeconds, Capture capture, Sflow sflow) {

    /** What sort of agent reports. */
    public enum Kind {
        /** {@code sampo capture}: libpcap on an interface. */
        CAPTURE,
        /** {@code sampo sflow}: an sFlow v5 collector. */
        SFLOW;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A capture agent's counters.
     *
     * @param received frames the kernel passed the filter (libpcap's ps_recv)
     * @param kernelDropped frames the kernel dropped for want of buffer (ps_drop)
     * @param interfaceDropped frames the interface or its driver dropped (ps_ifdrop)
     * @param frames frames the agent read
     * @param sampled frames the sampler kept
     * @param records records handed to the sink
     */
    @JsonPropertyOrder({"received", "kernel_dropped", "interface_dropped", "frames", "sampled", "records"})
    public record Capture(long received, @JsonProperty("kernel_dropped") long kernelDropped,
                          @JsonProperty("interface_dropped") long interfaceDropped, long frames, long sampled,
                          long records) {

        /** Frames lost before the agent could read them: the kernel's and the interface's drops. */
        public long drops() {
            return kernelDropped + interfaceDropped;
        }
    }

    /**
     * An sFlow collector's counters, over every sFlow agent it hears, and each agent's share.
     *
     * @param exporters sFlow agents (and sub-agents) heard from
     * @param datagrams datagrams received
     * @param samples flow samples in them
     * @param records packet records handed to the sink
     * @param datagramsLost datagrams missing from the exporters' sequence numbers
     * @param samplesLost flow samples missing from the data sources' sequence numbers
     * @param agentDrops samples the exporters say they dropped
     * @param decodeErrors datagrams or samples that could not be decoded
     * @param byExporter each exporter's share, as many as the collector tracks; empty in the values
     *     of collectors that predate it (read as absent: {@link OutputJson} injects the empty list)
     * @param untrackedDatagrams datagrams of exporters past the collector's cap, in no row
     */
    @JsonPropertyOrder({"exporters", "datagrams", "samples", "records", "datagrams_lost", "samples_lost",
        "agent_drops", "decode_errors", "by_exporter", "untracked_datagrams"})
    public record Sflow(int exporters, long datagrams, long samples, long records,
                        @JsonProperty("datagrams_lost") long datagramsLost,
                        @JsonProperty("samples_lost") long samplesLost, @JsonProperty("agent_drops") long agentDrops,
                        @JsonProperty("decode_errors") long decodeErrors,
                        @JsonProperty("by_exporter") @JacksonInject(value = OutputJson.ABSENT_LIST,
                                useInput = OptBoolean.TRUE) List<Exporter> byExporter,
                        @JsonProperty("untracked_datagrams") @JacksonInject(value = OutputJson.ABSENT_LONG,
                                useInput = OptBoolean.TRUE) long untrackedDatagrams) {

        public Sflow {
            byExporter = List.copyOf(Objects.requireNonNull(byExporter, "by_exporter"));
        }
    }

    /**
     * One sFlow agent (and sub-agent) as its collector saw it.
     *
     * @param agent the agent's address
     * @param subAgent its sub-agent id
     * @param datagrams datagrams received from it
     * @param samples flow samples in them
     * @param datagramsLost gaps in its datagram sequence numbers
     * @param samplesLost gaps in its data sources' flow sample sequence numbers
     */
    @JsonPropertyOrder({"agent", "sub_agent", "datagrams", "samples", "datagrams_lost", "samples_lost"})
    public record Exporter(String agent, @JsonProperty("sub_agent") long subAgent, long datagrams, long samples,
                           @JsonProperty("datagrams_lost") long datagramsLost,
                           @JsonProperty("samples_lost") long samplesLost) {
    }

    public AgentRecord {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.CAPTURE) != (capture != null) || (kind == Kind.SFLOW) != (sflow != null)) {
            throw new IllegalArgumentException("an " + Schemas.AGENT_V1 + " value of kind " + kind.wireName()
                    + " carries exactly its own counters: " + agent);
        }
    }

    public static AgentRecord of(String agent, long atMillis, double uptimeSeconds, Capture capture) {
        return new AgentRecord(agent, Kind.CAPTURE, atMillis, uptimeSeconds, capture, null);
    }

    public static AgentRecord of(String agent, long atMillis, double uptimeSeconds, Sflow sflow) {
        return new AgentRecord(agent, Kind.SFLOW, atMillis, uptimeSeconds, null, sflow);
    }

    /** @throws IllegalArgumentException for a value that is not agent.v1 JSON, or a tombstone */
    public static AgentRecord parse(String json) {
        return OutputJson.read(json, AgentRecord.class, Schemas.AGENT_V1);
    }

    public String toJson() {
        return OutputJson.write(this);
    }
}
