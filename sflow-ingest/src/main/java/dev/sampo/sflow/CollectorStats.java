package dev.sampo.sflow;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a collector has done since it started, published by its receiving thread; the rates are
 * over the last complete stats interval.
 *
 * @param datagramsLost datagrams missing from agents' sequence numbers (per agent and sub-agent)
 * @param datagramsLate datagrams that arrived after a later one (or twice)
 * @param restarts agents or sub-agents seen to restart (sequence or uptime going back)
 * @param samplesLost flow samples missing from the data sources' sample sequence numbers (those of
 *     lost datagrams included)
 * @param agentDrops samples the agents say they dropped for lack of resources (their drops counters)
 * @param notAllowed datagrams from agents not on the allowlist, dropped
 * @param records packet records handed to the sink
 * @param sinkErrors records the sink refused by throwing
 * @param internalErrors datagrams whose processing failed unexpectedly (always 0 unless there is a bug)
 * @param interfaces the latest generic interface counters per "agent/sub-agent/ifIndex"
 * @param exporters each sFlow agent and sub-agent heard from, at most {@link #MAX_EXPORTERS}, by
 *     agent and sub-agent
 * @param untrackedDatagrams datagrams of exporters past {@link #MAX_EXPORTERS}: counted in the
 *     totals but in no exporter's row, and not checked for loss
 */
public record CollectorStats(long uptimeNanos, long datagrams, long bytes, long flowSamples, long counterSamples,
                             long tcpSamples, long records, long decodeErrors, Map<SflowError, Long> errors,
                             long notAllowed, long datagramsLost, long datagramsLate, long restarts, long samplesLost,
                             long agentDrops, long sinkErrors, long internalErrors, int agents,
                             int receiveBufferBytes, double datagramsPerSecond, double samplesPerSecond,
                             Map<String, InterfaceCounters.Snapshot> interfaces, List<Exporter> exporters,
                             long untrackedDatagrams) {

    /**
     * Exporters (agent and sub-agent) tracked at most: a flood of spoofed agent addresses fills
     * this many rows and no more; the rest is counted as {@link #untrackedDatagrams}.
     */
    public static final int MAX_EXPORTERS = 1024;

    /**
     * One exporter's share, since the collector started.
     *
     * @param datagramsLost gaps in its datagram sequence numbers, net of late datagrams
     * @param samplesLost gaps in its data sources' flow sample sequence numbers (those of lost
     *     datagrams included), net of late samples
     */
    public record Exporter(String agent, long subAgent, long datagrams, long flowSamples, long datagramsLost,
                           long samplesLost) {
    }

    /** One line for a log or a terminal. */
    public String line() {
        return String.format(Locale.ROOT,
                "sflow: %.0f datagrams/s, %.0f samples/s | datagrams %d, samples %d, records %d | lost datagrams %d,"
                        + " lost samples %d, agent drops %d, restarts %d, late %d | decode errors %d, not allowed %d,"
                        + " sink errors %d | agents %d",
                datagramsPerSecond, samplesPerSecond, datagrams, flowSamples, records, datagramsLost, samplesLost,
                agentDrops, restarts, datagramsLate, decodeErrors, notAllowed, sinkErrors, agents);
    }
}
