package dev.sampo.sflow;

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
 */
public record CollectorStats(long uptimeNanos, long datagrams, long bytes, long flowSamples, long counterSamples,
                             long tcpSamples, long records, long decodeErrors, Map<SflowError, Long> errors,
                             long notAllowed, long datagramsLost, long datagramsLate, long restarts, long samplesLost,
                             long agentDrops, long sinkErrors, long internalErrors, int agents,
                             int receiveBufferBytes, double datagramsPerSecond, double samplesPerSecond,
                             Map<String, InterfaceCounters.Snapshot> interfaces) {

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
