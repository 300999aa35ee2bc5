package dev.sampo.packet;

import static dev.sampo.bytes.Bytes.u16;
import static dev.sampo.bytes.Bytes.u32;

/**
 * Where a decoded segment's TCP payload lies in its frame. {@link Packet} keeps header fields
 * only, so the payload is found again by locating the TCP header whose ports, sequence and
 * acknowledgement numbers and data offset the decoder read: 13 bytes that a link or IP header
 * before it practically never reproduce. It allocates nothing, and leaves the decoder's hot path
 * (which most consumers run without wanting payload) untouched.
 */
public final class TcpPayload {
    /** The shortest link and IP headers before TCP: a raw IPv4 header. */
    private static final int MIN_HEADERS = 20;

    private TcpPayload() {
    }

    /**
     * The offset in {@code b} of {@code p}'s payload, decoded from {@code b[off, off+len)}; -1 when
     * the header cannot be found (not a TCP segment, or cut short before its options ended).
     */
    public static int offset(Packet p, byte[] b, int off, int len) {
        if (!p.isTcp() || p.tcpHeaderLength < 20) {
            return -1;
        }
        int last = off + len - p.tcpHeaderLength;
        for (int h = off + MIN_HEADERS; h <= last; h++) {
            if (u16(b, h) == p.srcPort && u16(b, h + 2) == p.dstPort && u32(b, h + 4) == p.seq
                    && u32(b, h + 8) == p.ack && ((b[h + 12] & 0xFF) >>> 4) * 4 == p.tcpHeaderLength) {
                return h + p.tcpHeaderLength;
            }
        }
        return -1;
    }

    /** How many payload bytes the capture holds from {@code payloadOffset} on: at most the wire's. */
    public static int captured(Packet p, int payloadOffset, int off, int len) {
        return payloadOffset < 0 ? 0 : Math.max(0, Math.min(p.payloadLength, off + len - payloadOffset));
    }
}
