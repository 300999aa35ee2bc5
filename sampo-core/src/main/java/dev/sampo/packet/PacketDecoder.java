package dev.sampo.packet;

import static dev.sampo.bytes.Bytes.u16;
import static dev.sampo.bytes.Bytes.u32;
import static dev.sampo.bytes.Bytes.u64;

import dev.sampo.flow.IpAddress;
import dev.sampo.mptcp.MptcpOptionDecoder;
import dev.sampo.mptcp.MptcpOptionView;
import java.util.Objects;

/**
 * Link layer → IPv4/IPv6 → TCP → options, in one pass over the frame's bytes with bounds checks
 * against the captured length only. Nothing is allocated per frame, nothing throws: every frame
 * ends with {@link Packet#error} set and counted in {@link #stats()}, and a frame cut short by a
 * snaplen keeps everything that fitted ({@link Packet#missing} says what did not).
 */
public final class PacketDecoder {
    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86DD;
    private static final int ETH_VLAN = 0x8100;
    private static final int ETH_QINQ = 0x88A8;
    private static final int ETH_QINQ_OLD = 0x9100;
    private static final int MAX_VLAN_TAGS = 4;
    private static final int TCP_KIND_MPTCP = 30;
    private static final int PPP_IPV4 = 0x0021;
    private static final int PPP_IPV6 = 0x0057;

    private final DecodeStats stats = new DecodeStats();

    public DecodeStats stats() {
        return stats;
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
        int end = off + len;
        linkLayer(linkType, b, off, end, out);
        boolean tcp = out.isTcp();
        stats.frame(out.error, tcp, tcp && out.mptcpCount > 0, out.missing != Missing.NOTHING);
        return tcp;
    }

    private void linkLayer(int linkType, byte[] b, int off, int end, Packet out) {
        switch (linkType) {
            case LinkType.ETHERNET -> etherType(b, off + 12, off + 14, end, out);
            case LinkType.RAW, LinkType.IPV4, LinkType.IPV6 -> ipByVersion(b, off, end, out);
            case LinkType.LINUX_SLL -> etherType(b, off + 14, off + 16, end, out);
            case LinkType.LINUX_SLL2 -> etherType(b, off, off + 20, end, out);
            case LinkType.NULL -> loopback(b, off, end, out);
            case LinkType.PPP -> ppp(b, off, end, out);
            default -> out.error = DecodeError.UNSUPPORTED_LINK_TYPE;
        }
    }

    /**
     * Dispatches on the EtherType at {@code type}, whose payload starts at {@code payload}, through
     * up to {@link #MAX_VLAN_TAGS} 802.1Q/802.1ad tags. A tag's payload is its TCI and the inner
     * EtherType. Ethernet and SLL put the type right before the payload and SLL2 at the start of its
     * header; libpcap re-inserts stripped tags after the SLL header, so one loop serves all three.
     */
    private void etherType(byte[] b, int type, int payload, int end, Packet out) {
        if (payload > end) {
            truncated(out, Missing.LINK_HEADER);
            return;
        }
        int etherType = u16(b, type);
        for (int tags = 0; isVlan(etherType) && tags < MAX_VLAN_TAGS; tags++) {
            if (payload + 4 > end) {
                truncated(out, Missing.LINK_HEADER);
                return;
            }
            etherType = u16(b, payload + 2);
            payload += 4;
        }
        switch (etherType) {
            case ETH_IPV4 -> ipv4(b, payload, end, out);
            case ETH_IPV6 -> ipv6(b, payload, end, out);
            default -> out.error = DecodeError.NOT_IP;
        }
    }

    private static boolean isVlan(int etherType) {
        return etherType == ETH_VLAN || etherType == ETH_QINQ || etherType == ETH_QINQ_OLD;
    }

    private void loopback(byte[] b, int off, int end, Packet out) {
        if (off + 4 > end) {
            truncated(out, Missing.LINK_HEADER);
            return;
        }
        // The family is in the capturing host's byte order: 2 is AF_INET everywhere, and the
        // IPv6 values differ by OS (24, 28, 30), so the IP version nibble decides instead.
        ipByVersion(b, off + 4, end, out);
    }

    private void ppp(byte[] b, int off, int end, Packet out) {
        int p = off;
        if (p + 2 <= end && (b[p] & 0xFF) == 0xFF && (b[p + 1] & 0xFF) == 0x03) {
            p += 2; // HDLC address and control bytes
        }
        if (p >= end) {
            truncated(out, Missing.LINK_HEADER);
            return;
        }
        int protocol;
        if ((b[p] & 0x01) != 0) {
            // Protocol-Field-Compression (RFC 1661 §6.5): a protocol below 0x100 may be sent in one
            // byte, recognisable because the high byte of every protocol number is even.
            protocol = b[p] & 0xFF;
            p += 1;
        } else if (p + 2 <= end) {
            protocol = u16(b, p);
            p += 2;
        } else {
            truncated(out, Missing.LINK_HEADER);
            return;
        }
        switch (protocol) {
            case PPP_IPV4 -> ipv4(b, p, end, out);
            case PPP_IPV6 -> ipv6(b, p, end, out);
            default -> out.error = DecodeError.NOT_IP;
        }
    }

    private void ipByVersion(byte[] b, int off, int end, Packet out) {
        if (off >= end) {
            truncated(out, Missing.IP_HEADER);
            return;
        }
        switch ((b[off] & 0xFF) >>> 4) {
            case 4 -> ipv4(b, off, end, out);
            case 6 -> ipv6(b, off, end, out);
            default -> out.error = DecodeError.NOT_IP;
        }
    }

    private void ipv4(byte[] b, int off, int end, Packet out) {
        if (off + 20 > end) {
            truncated(out, Missing.IP_HEADER);
            return;
        }
        int vihl = b[off] & 0xFF;
        int ihl = (vihl & 0x0F) * 4;
        if (vihl >>> 4 != 4 || ihl < 20) {
            out.error = DecodeError.BAD_IP_HEADER;
            return;
        }
        int totalLength = u16(b, off + 2);
        int fragment = u16(b, off + 6);
        out.ipVersion = 4;
        out.ttl = b[off + 8] & 0xFF;
        out.srcHi = 0;
        out.srcLo = IpAddress.V4_MAPPED_PREFIX | u32(b, off + 12);
        out.dstHi = 0;
        out.dstLo = IpAddress.V4_MAPPED_PREFIX | u32(b, off + 16);
        if ((fragment & 0x1FFF) != 0) {
            out.error = DecodeError.NON_FIRST_FRAGMENT;
            return;
        }
        if ((b[off + 9] & 0xFF) != 6) {
            out.error = DecodeError.NOT_TCP;
            return;
        }
        if (totalLength != 0 && totalLength < ihl) {
            out.error = DecodeError.BAD_IP_HEADER;
            return;
        }
        if (off + ihl > end) {
            truncated(out, Missing.IP_HEADER);
            return;
        }
        // A zero total length means segmentation offload wrote the frame; trust the capture.
        int ipPayload = totalLength == 0 ? end - off - ihl : totalLength - ihl;
        tcp(b, off + ihl, end, ipPayload, out);
    }

    private void ipv6(byte[] b, int off, int end, Packet out) {
        if (off + 40 > end) {
            truncated(out, Missing.IP_HEADER);
            return;
        }
        if ((b[off] & 0xFF) >>> 4 != 6) {
            out.error = DecodeError.BAD_IP_HEADER;
            return;
        }
        out.ipVersion = 6;
        out.ttl = b[off + 7] & 0xFF;
        out.srcHi = u64(b, off + 8);
        out.srcLo = u64(b, off + 16);
        out.dstHi = u64(b, off + 24);
        out.dstLo = u64(b, off + 32);
        int next = b[off + 6] & 0xFF;
        int p = off + 40;
        // A zero payload length is a jumbogram or a segmentation-offload frame (as a zero IPv4
        // total length is); either way the capture is the only length there is.
        int payloadLength = u16(b, off + 4);
        int remaining = payloadLength == 0 ? end - p : payloadLength;
        // Walk extension headers up to TCP; each one's length is checked against the capture.
        for (int hops = 0; hops < 16; hops++) {
            switch (next) {
                case 6 -> {
                    tcp(b, p, end, remaining, out);
                    return;
                }
                case 0, 43, 60, 135, 139, 140 -> { // hop-by-hop, routing, destination, mobility, HIP, shim6
                    if (p + 2 > end) {
                        truncated(out, Missing.IP_HEADER);
                        return;
                    }
                    int extLen = ((b[p + 1] & 0xFF) + 1) * 8;
                    next = b[p] & 0xFF;
                    p += extLen;
                    remaining -= extLen;
                }
                case 44 -> { // fragment
                    if (p + 8 > end) {
                        truncated(out, Missing.IP_HEADER);
                        return;
                    }
                    if ((u16(b, p + 2) & 0xFFF8) != 0) {
                        out.error = DecodeError.NON_FIRST_FRAGMENT;
                        return;
                    }
                    next = b[p] & 0xFF;
                    p += 8;
                    remaining -= 8;
                }
                case 51 -> { // authentication header: length in 4-byte units, minus 2
                    if (p + 2 > end) {
                        truncated(out, Missing.IP_HEADER);
                        return;
                    }
                    int extLen = ((b[p + 1] & 0xFF) + 2) * 4;
                    next = b[p] & 0xFF;
                    p += extLen;
                    remaining -= extLen;
                }
                default -> {
                    out.error = DecodeError.NOT_TCP;
                    return;
                }
            }
            if (remaining < 0) {
                out.error = DecodeError.BAD_IP_HEADER;
                return;
            }
        }
        out.error = DecodeError.BAD_IP_HEADER;
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
