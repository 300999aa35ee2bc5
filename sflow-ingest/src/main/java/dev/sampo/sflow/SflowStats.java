package dev.sampo.sflow;

import java.util.EnumMap;
import java.util.Map;

/** Counters of an {@link SflowDecoder}: what it decoded, skipped and refused. Not thread-safe. */
public final class SflowStats {
    private final long[] errors = new long[SflowError.values().length];
    long datagrams;
    long rejectedDatagrams;
    long flowSamples;
    long expandedFlowSamples;
    long counterSamples;
    long unknownSamples;
    long unknownFlowRecords;
    long unknownCounterRecords;
    long unsupportedHeaderProtocols;
    long samplesWithoutHeader;
    long tcpSamples;

    void error(SflowError e) {
        errors[e.ordinal()]++;
    }

    /** Datagrams offered to the decoder, good or bad. */
    public long datagrams() {
        return datagrams;
    }

    /** Datagrams whose samples the listener declined (e.g. agents not on an allowlist). */
    public long rejectedDatagrams() {
        return rejectedDatagrams;
    }

    /** Flow samples delivered, compact and expanded. */
    public long flowSamples() {
        return flowSamples;
    }

    public long expandedFlowSamples() {
        return expandedFlowSamples;
    }

    public long counterSamples() {
        return counterSamples;
    }

    /** Samples of other formats or enterprises, skipped by their length. */
    public long unknownSamples() {
        return unknownSamples;
    }

    /** Flow records other than raw header, extended switch and extended router, skipped. */
    public long unknownFlowRecords() {
        return unknownFlowRecords;
    }

    /** Counter records other than generic interface counters, skipped. */
    public long unknownCounterRecords() {
        return unknownCounterRecords;
    }

    /** Raw header records whose protocol is not Ethernet, IPv4 or IPv6. */
    public long unsupportedHeaderProtocols() {
        return unsupportedHeaderProtocols;
    }

    /** Flow samples delivered without a raw packet header record. */
    public long samplesWithoutHeader() {
        return samplesWithoutHeader;
    }

    /** Flow samples whose header decoded to a TCP segment. */
    public long tcpSamples() {
        return tcpSamples;
    }

    public long count(SflowError e) {
        return errors[e.ordinal()];
    }

    /** Every error counted, {@link SflowError#NONE} excluded. */
    public long errorTotal() {
        long total = 0;
        for (int i = 1; i < errors.length; i++) {
            total += errors[i];
        }
        return total;
    }

    /** Every error kind with a non-zero count. */
    public Map<SflowError, Long> errors() {
        Map<SflowError, Long> m = new EnumMap<>(SflowError.class);
        for (SflowError e : SflowError.values()) {
            if (e != SflowError.NONE && errors[e.ordinal()] > 0) {
                m.put(e, errors[e.ordinal()]);
            }
        }
        return m;
    }

    /** "name=count, …" of the errors and skips worth reporting, or "". */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        errors().forEach((k, v) -> append(sb, k.name().toLowerCase(), v));
        append(sb, "unknown_samples", unknownSamples);
        append(sb, "unknown_flow_records", unknownFlowRecords);
        append(sb, "unknown_counter_records", unknownCounterRecords);
        append(sb, "unsupported_header_protocols", unsupportedHeaderProtocols);
        return sb.toString();
    }

    private static void append(StringBuilder sb, String name, long v) {
        if (v > 0) {
            sb.append(sb.length() == 0 ? "" : ", ").append(name).append('=').append(v);
        }
    }
}
