package dev.sampo.packet;

/** How far decoding got: the first header that was absent or cut short. */
public enum Missing {
    /** The frame decoded completely (TCP payload bytes may still be beyond the snaplen). */
    NOTHING,
    LINK_HEADER,
    IP_HEADER,
    TCP_HEADER,
    /** The TCP header's fixed part is present but its options are cut short. */
    TCP_OPTIONS
}
