package dev.sampo.mptcp;

/**
 * One decoded MPTCP option, as a mutable slot that the decoder refills for every packet so the
 * hot path allocates nothing. A field is meaningful only when its bit is set in {@link #present};
 * a truncated option keeps every field that fitted and sets {@link #truncated}.
 * 64-bit values (keys, DSN, DATA_ACK) are unsigned, held in a long.
 */
public final class MptcpOptionView {
    public static final int SENDER_KEY = 1;
    public static final int RECEIVER_KEY = 1 << 1;
    public static final int DATA_LEVEL_LENGTH = 1 << 2;
    public static final int CHECKSUM = 1 << 3;
    public static final int TOKEN = 1 << 4;
    public static final int NONCE = 1 << 5;
    public static final int HMAC = 1 << 6;
    public static final int ADDR_ID = 1 << 7;
    public static final int DATA_ACK = 1 << 8;
    public static final int DSN = 1 << 9;
    public static final int SSN = 1 << 10;
    public static final int ADDRESS = 1 << 11;
    public static final int PORT = 1 << 12;
    public static final int BACKUP = 1 << 13;
    public static final int REASON = 1 << 14;

    public MptcpSubtype subtype;
    /** The subtype's 4-bit code as sent, also for {@link MptcpSubtype#UNKNOWN}; -1 if not captured. */
    public int subtypeCode;
    /** The option's length byte (kind and length included). */
    public int length;
    /** Bytes of the option present in the capture: less than {@link #length} when truncated. */
    public int availableLength;
    public boolean truncated;
    public int present;

    /** MP_CAPABLE version (0 or 1); for ADD_ADDR, 0 for the RFC 6824 layout and 1 for RFC 8684. */
    public int version;
    /** The raw flags byte (MP_CAPABLE, DSS) or subtype-specific low nibble bits. */
    public int flags;
    public long senderKey;
    public long receiverKey;
    public int dataLevelLength;
    public int checksum;

    /** MP_JOIN: receiver's token (SYN); 32 bits. */
    public long token;
    public long nonce;
    /** MP_JOIN SYN/ACK truncated HMAC (64 bits) or the first 8 bytes of the ACK's HMAC; ADD_ADDR HMAC. */
    public long hmac;
    public int addrId;
    public boolean backup;

    public long dataAck;
    public int dataAckBytes;
    public long dsn;
    public int dsnBytes;
    public long ssn;
    public boolean dataFin;

    /** ADD_ADDR. */
    public boolean echo;
    public int addressFamily;
    public long addressHi;
    public long addressLo;
    public int port;

    /** REMOVE_ADDR address ids, {@link #removedCount} of them. */
    public final int[] removedIds = new int[40];
    public int removedCount;

    /** MP_TCPRST reason code; {@link #flags} holds its U/V/W/T bits. */
    public int reason;

    public boolean has(int field) {
        return (present & field) != 0;
    }

    void reset(MptcpSubtype subtype, int subtypeCode, int length, int availableLength) {
        this.subtype = subtype;
        this.subtypeCode = subtypeCode;
        this.length = length;
        this.availableLength = availableLength;
        this.truncated = availableLength < length;
        this.present = 0;
        this.version = 0;
        this.flags = 0;
        this.backup = false;
        this.dataFin = false;
        this.echo = false;
        this.dsnBytes = 0;
        this.dataAckBytes = 0;
        this.removedCount = 0;
        this.addressFamily = 0;
    }
}
