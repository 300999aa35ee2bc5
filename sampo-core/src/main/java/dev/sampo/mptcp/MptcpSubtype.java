package dev.sampo.mptcp;

/** MPTCP option subtypes (high nibble of the option's third byte), RFC 8684 §3 and RFC 6824. */
public enum MptcpSubtype {
    MP_CAPABLE, MP_JOIN, DSS, ADD_ADDR, REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE, MP_TCPRST, UNKNOWN;

    private static final MptcpSubtype[] BY_CODE = values();

    public static MptcpSubtype of(int code) {
        return code >= 0 && code < 9 ? BY_CODE[code] : UNKNOWN;
    }
}
