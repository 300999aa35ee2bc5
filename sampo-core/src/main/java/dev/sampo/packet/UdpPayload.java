package dev.sampo.packet;

import static dev.sampo.bytes.Bytes.u16;
import static dev.sampo.bytes.Bytes.u32;
import static dev.sampo.bytes.Bytes.u64;

import dev.sampo.flow.IpAddress;
import java.util.Objects;

/**
 * Finds the UDP payload inside a captured frame, for inputs that carry their data over UDP (sFlow
 * exports recorded in a capture). A reusable view like {@link Packet}: {@link #find} refills it in
 * place, allocates nothing and never throws for any content of the frame; the payload stays in
 * the caller's array as {@code data[payloadOffset, payloadOffset + payloadLength)}.
 */
public final class UdpPayload {
    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86DD;
    private static final int MAX_VLAN_TAGS = 4;
    private static final int MAX_IPV6_EXTENSIONS = 16;
    private static final int UDP = 17;

    public int ipVersion;
    public long srcHi;
    public long srcLo;
    public long dstHi;
    public long dstLo;
    public int srcPort;
    public int dstPort;
    public int payloadOffset;
    public int payloadLength;
    /** True when the capture cut the datagram short: the view holds only the captured part. */
    public boolean truncated;

    /**
     * Locates the UDP payload of {@code b[off, off+len)}, a frame of the given LINKTYPE.
     *
     * @return false when the frame is not a complete-enough IPv4/IPv6 UDP datagram (another
     *     protocol, a non-first fragment, headers cut short, or an unsupported link type)
     * @throws IndexOutOfBoundsException if the range is not inside {@code b} (a caller's bug)
     */
    public boolean find(int linkType, byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        ipVersion = 0;
        srcPort = 0;
        dstPort = 0;
        payloadOffset = off;
        payloadLength = 0;
        truncated = false;
        int end = off + len;
        return switch (linkType) {
            case LinkType.ETHERNET -> etherType(b, off + 12, off + 14, end);
            case LinkType.LINUX_SLL -> etherType(b, off + 14, off + 16, end);
            case LinkType.LINUX_SLL2 -> etherType(b, off, off + 20, end);
            case LinkType.RAW, LinkType.IPV4, LinkType.IPV6 -> ip(b, off, end);
            case LinkType.NULL -> ip(b, off + 4, end);
            default -> false;
        };
    }

    public IpAddress src() {
        return new IpAddress(srcHi, srcLo);
    }

    public IpAddress dst() {
        return new IpAddress(dstHi, dstLo);
    }

    private boolean etherType(byte[] b, int type, int payload, int end) {
        if (payload > end) {
            return false;
        }
        int etherType = u16(b, type);
        for (int tags = 0; (etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100) && tags < MAX_VLAN_TAGS;
                tags++) {
            if (payload + 4 > end) {
                return false;
            }
            etherType = u16(b, payload + 2);
            payload += 4;
        }
        return switch (etherType) {
            case ETH_IPV4, ETH_IPV6 -> ip(b, payload, end);
            default -> false;
        };
    }

    private boolean ip(byte[] b, int off, int end) {
        if (off >= end) {
            return false;
        }
        return switch ((b[off] & 0xFF) >>> 4) {
            case 4 -> ipv4(b, off, end);
            case 6 -> ipv6(b, off, end);
            default -> false;
        };
    }

    private boolean ipv4(byte[] b, int off, int end) {
        if (off + 20 > end) {
            return false;
        }
        int ihl = (b[off] & 0x0F) * 4;
        int fragment = u16(b, off + 6);
        // A first fragment (more-fragments set) holds only part of the datagram: reassembly is
        // beyond a reader of single frames, and half a datagram would decode as a damaged one.
        if (ihl < 20 || off + ihl > end || (fragment & 0x3FFF) != 0 || (b[off + 9] & 0xFF) != UDP) {
            return false;
        }
        ipVersion = 4;
        srcHi = 0;
        srcLo = 0x0000_FFFF_0000_0000L | u32(b, off + 12);
        dstHi = 0;
        dstLo = 0x0000_FFFF_0000_0000L | u32(b, off + 16);
        return udp(b, off + ihl, end);
    }

    private boolean ipv6(byte[] b, int off, int end) {
        if (off + 40 > end) {
            return false;
        }
        ipVersion = 6;
        srcHi = u64(b, off + 8);
        srcLo = u64(b, off + 16);
        dstHi = u64(b, off + 24);
        dstLo = u64(b, off + 32);
        int next = b[off + 6] & 0xFF;
        int p = off + 40;
        for (int hops = 0; hops < MAX_IPV6_EXTENSIONS; hops++) {
            switch (next) {
                case UDP -> {
                    return udp(b, p, end);
                }
                case 0, 43, 60 -> { // hop-by-hop, routing, destination options
                    if (p + 2 > end) {
                        return false;
                    }
                    next = b[p] & 0xFF;
                    p += ((b[p + 1] & 0xFF) + 1) * 8;
                }
                case 44 -> { // fragment: only an unfragmented datagram (offset 0, no M flag) is whole
                    if (p + 8 > end || (u16(b, p + 2) & 0xFFF9) != 0) {
                        return false;
                    }
                    next = b[p] & 0xFF;
                    p += 8;
                }
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    private boolean udp(byte[] b, int off, int end) {
        if (off + 8 > end) {
            return false;
        }
        srcPort = u16(b, off);
        dstPort = u16(b, off + 2);
        int udpLength = u16(b, off + 4);
        if (udpLength != 0 && udpLength < 8) {
            return false;
        }
        int captured = end - off - 8;
        // A zero length is a segmentation-offload or jumbo datagram: the capture is the length.
        int declared = udpLength == 0 ? captured : udpLength - 8;
        payloadOffset = off + 8;
        payloadLength = Math.min(declared, captured);
        truncated = declared > captured;
        return true;
    }
}
