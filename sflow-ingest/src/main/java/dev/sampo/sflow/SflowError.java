package dev.sampo.sflow;

/**
 * What went wrong in a datagram. Each is counted by {@link SflowStats}; none is fatal to the
 * decoder, and samples decoded before a structural error are still delivered.
 */
public enum SflowError {
    NONE,
    /** Longer than any UDP payload: not something a socket could have delivered. */
    OVERSIZE,
    /** Not an sFlow version 5 datagram (the first word is the version). */
    NOT_SFLOW_V5,
    /** The datagram header (version, agent, sub-agent, sequence, uptime, count) is cut short. */
    TRUNCATED_HEADER,
    /** The agent address type is neither IPv4 (1) nor IPv6 (2), so the header's length is unknown. */
    BAD_AGENT_ADDRESS_TYPE,
    /** The sample count or a sample's length promises more bytes than the datagram holds. */
    SAMPLE_OVERRUN,
    /** A sample's length is shorter than its own fixed fields. */
    SAMPLE_TOO_SHORT,
    /** A record count or a record's length promises more bytes than its sample holds. */
    RECORD_OVERRUN,
    /** A record's length is shorter than its fixed fields (or than the header it declares). */
    RECORD_TOO_SHORT,
    /** A flow sample with sampling rate 0: no ϱ, so no evidence weight; the sample is dropped. */
    BAD_SAMPLING_RATE
}
