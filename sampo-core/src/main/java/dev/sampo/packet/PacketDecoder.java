package dev.sampo.packet;

import static dev.sampo.bytes.Bytes.u16;
import static dev.sampo.bytes.Bytes.u32;

import dev.sampo.mptcp.MptcpOptionDecoder;
import dev.sampo.mptcp.MptcpOptionView;
import java.util.Objects;

/**
 * Link layer → IPv4/IPv6 → TCP → options, in one pass over the frame's bytes with bounds checks
 * against the captured length only: the {@link IpHeaderWalker} takes the frame to its TCP header,
 * this decoder reads TCP and its options. Nothing is allocated per frame, nothing throws: every frame
 * ends with {@link Packet#error} set and counted in {@link #stats()}, and a frame cut short by a
 * snaplen keeps everything that fitted ({@link Packet#missing} says what did not).
 */
public final class PacketDecoder {
    private static final int PROTOCOL_TCP = 6;
    private static final int TCP_KIND_MPTCP = 30;

    private final IpHeaderWalker ip = new IpHeaderWalker();
    private final DecodeStats stats = new DecodeStats();
    private int payloadOffset = -1;
    private int capturedPayload;

    public DecodeStats stats() {
        return stats;
    }

    /**
     * Where the payload of the last decoded TCP segment starts in its frame's array, or -1 when the
     * frame was not a TCP segment with a whole header. {@link Packet} keeps header fields only; a
     * consumer that reads payload (the IDS) takes it from the walk that found the header.
     */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** How many of the last segment's payload bytes the capture holds: at most the wire's, without padding. */
    public int capturedPayload() {
        return capturedPayload;
    }

    /**
     * Decodes {@code b[off, off+len)} as a frame of the given LINKTYPE; true if it is a TCP segment.
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code b}: a caller's bug, not
     *     a property of the frame, and so the one failure that is thrown rather than counted
     */
    public boolean decode(int linkType, byte[] b, int off, int len, long frameNumber, long timestampNanos, Packet out) {
        Objects.checkFromIndexSize(off, len, b.length);
        out.reset(frameNumber, timestampNanos);
        payloadOffset = -1;
        capturedPayload = 0;
        int end = off + len;
        transport(ip.walk(linkType, b, off, end, out), b, end, out);
        boolean tcp = out.isTcp();
        stats.frame(out.error, tcp, tcp && out.mptcpCount > 0, out.missing != Missing.NOTHING);
        return tcp;
    }

    /** TCP, when the walk reached it. */
    private void transport(DecodeError ipError, byte[] b, int end, Packet out) {
        if (ipError != DecodeError.NONE) {
            out.error = ipError;
            out.missing = ip.missing;
        } else if (ip.protocol != PROTOCOL_TCP) {
            out.error = DecodeError.NOT_TCP;
        } else {
            tcp(b, ip.transportOffset, end, ip.transportLength, out);
        }
    }

    private void tcp(byte[] b, int off, int end, int segmentLength, Packet out) {
        if (off + 20 > end) {
            truncated(out, Missing.TCP_HEADER);
            return;
        }
        out.srcPort = u16(b, off);
        out.dstPort = u16(b, off + 2);
        out.seq = u32(b, off + 4);
        out.ack = u32(b, off + 8);
        int dataOffset = ((b[off + 12] & 0xFF) >>> 4) * 4;
        out.flags = b[off + 13] & 0xFF;
        out.window = u16(b, off + 14);
        if (dataOffset < 20 || dataOffset > segmentLength) {
            out.error = DecodeError.BAD_TCP_HEADER;
            return;
        }
        out.tcpHeaderLength = dataOffset;
        out.payloadLength = segmentLength - dataOffset;
        int optEnd = off + dataOffset;
        if (optEnd > end) {
            out.missing = Missing.TCP_OPTIONS;
        } else {
            payloadOffset = optEnd;
            capturedPayload = Math.max(0, Math.min(out.payloadLength, ip.transportEnd() - optEnd));
        }
        options(b, off + 20, optEnd, Math.min(optEnd, end), out);
    }

    /**
     * Walks TCP options in {@code [p, optEnd)}, of which bytes up to {@code avail} were captured.
     * A malformed option stops the walk (its length cannot be trusted) and is counted.
     */
    private void options(byte[] b, int p, int optEnd, int avail, Packet out) {
        while (p < avail) {
            int kind = b[p] & 0xFF;
            if (kind == 0) {
                return;
            }
            if (kind == 1) {
                p++;
                continue;
            }
            if (p + 1 >= optEnd) {
                out.error = DecodeError.BAD_OPTION; // a kind that needs a length byte, in the last byte
                return;
            }
            if (p + 1 >= avail) {
                return; // the length byte is beyond the capture: already marked TCP_OPTIONS
            }
            int length = b[p + 1] & 0xFF;
            if (length < 2 || p + length > optEnd) {
                out.error = DecodeError.BAD_OPTION;
                return;
            }
            int available = Math.min(length, avail - p);
            if (kind == TCP_KIND_MPTCP) {
                MptcpOptionView view = out.mptcp[out.mptcpCount];
                if (MptcpOptionDecoder.decode(b, p, length, available, view)) {
                    out.mptcpCount++;
                } else {
                    out.error = DecodeError.BAD_OPTION;
                }
            } else if (available == length) {
                plainOption(kind, b, p, length, out);
            }
            p += length;
        }
    }

    private static void plainOption(int kind, byte[] b, int p, int length, Packet out) {
        switch (kind) {
            case 2 -> {
                if (length == 4) {
                    out.mss = u16(b, p + 2);
                }
            }
            case 3 -> {
                if (length == 3) {
                    out.windowScale = b[p + 2] & 0xFF;
                }
            }
            case 4 -> out.sackPermitted = length == 2;
            case 5 -> out.sackBlocks = (length - 2) / 8;
            case 8 -> {
                if (length == 10) {
                    out.tsVal = u32(b, p + 2);
                    out.tsEcr = u32(b, p + 6);
                    out.hasTimestamps = true;
                }
            }
            default -> {
                // MD5 signature, TCP-AO, Fast Open and experimental options carry nothing
                // association uses; the walk has already skipped them by their length.
            }
        }
    }

    private static void truncated(Packet out, Missing what) {
        out.error = DecodeError.TRUNCATED;
        out.missing = what;
    }
}
