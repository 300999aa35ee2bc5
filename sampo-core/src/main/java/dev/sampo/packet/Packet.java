package dev.sampo.packet;

import dev.sampo.flow.IpAddress;
import dev.sampo.mptcp.MptcpOptionView;

/**
 * A decoded TCP segment, refilled in place by {@link PacketDecoder} for every frame: the decoder's
 * hot path allocates nothing. Its IP fields ({@link IpFields}: addresses held as in
 * {@link IpAddress}, two longs each) are written by the decoder's {@link IpHeaderWalker}.
 */
public final class Packet extends IpFields {
    /** At most 40 bytes of TCP options and at least 3 bytes per MPTCP option. */
    public static final int MAX_MPTCP_OPTIONS = 40 / 3;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    public long frameNumber;
    public long timestampNanos;

    public DecodeError error = DecodeError.NONE;
    public Missing missing = Missing.NOTHING;

    public int srcPort;
    public int dstPort;
    /** Unsigned 32-bit sequence and acknowledgement numbers. */
    public long seq;
    public long ack;
    public int flags;
    public int window;
    public int tcpHeaderLength;
    /** TCP payload length on the wire, from the IP length fields (not the captured bytes). */
    public int payloadLength;

    /** TCP options other than MPTCP (for {@code --all} consumers); -1 when absent. */
    public int mss;
    public int windowScale;
    public boolean sackPermitted;
    public int sackBlocks;
    public long tsVal;
    public long tsEcr;
    public boolean hasTimestamps;

    public int mptcpCount;
    public final MptcpOptionView[] mptcp = new MptcpOptionView[MAX_MPTCP_OPTIONS];

    public Packet() {
        for (int i = 0; i < mptcp.length; i++) {
            mptcp[i] = new MptcpOptionView();
        }
    }

    public boolean isTcp() {
        return error == DecodeError.NONE || error == DecodeError.BAD_OPTION;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    void reset(long frameNumber, long timestampNanos) {
        this.frameNumber = frameNumber;
        this.timestampNanos = timestampNanos;
        error = DecodeError.NONE;
        missing = Missing.NOTHING;
        // Every field is cleared, not only the ones the next decode may skip: a frame that stops
        // at the link layer must not show the previous frame's addresses or timestamps.
        ipVersion = 0;
        srcHi = 0;
        srcLo = 0;
        dstHi = 0;
        dstLo = 0;
        ttl = 0;
        srcPort = 0;
        dstPort = 0;
        seq = 0;
        ack = 0;
        flags = 0;
        window = 0;
        tcpHeaderLength = 0;
        payloadLength = 0;
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        sackBlocks = 0;
        tsVal = 0;
        tsEcr = 0;
        hasTimestamps = false;
        mptcpCount = 0;
    }

    /** "S|A|F|R|P|U|E|C" order, as the dump format prints flags. */
    public String flagString() {
        StringBuilder sb = new StringBuilder(16);
        append(sb, SYN, "S");
        append(sb, ACK, "A");
        append(sb, FIN, "F");
        append(sb, RST, "R");
        append(sb, PSH, "P");
        append(sb, URG, "U");
        append(sb, ECE, "E");
        append(sb, CWR, "C");
        return sb.toString();
    }

    private void append(StringBuilder sb, int flag, String s) {
        if (has(flag)) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(s);
        }
    }
}
