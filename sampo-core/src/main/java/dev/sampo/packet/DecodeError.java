package dev.sampo.packet;

/** Why a frame produced no TCP segment. Each is counted by {@link DecodeStats}. */
public enum DecodeError {
    NONE,
    UNSUPPORTED_LINK_TYPE,
    NOT_IP,
    NOT_TCP,
    NON_FIRST_FRAGMENT,
    TRUNCATED,
    BAD_IP_HEADER,
    BAD_TCP_HEADER,
    /** The segment decoded, but one of its TCP or MPTCP options was malformed and was skipped. */
    BAD_OPTION
}
