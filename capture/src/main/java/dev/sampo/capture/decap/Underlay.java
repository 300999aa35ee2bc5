package dev.sampo.capture.decap;

import static dev.sampo.bytes.Bytes.u16;
import static dev.sampo.bytes.Bytes.u32;
import static dev.sampo.bytes.Bytes.u64;

import dev.sampo.packet.LinkType;

/**
 * The outer headers of a mirrored frame, down to the IP payload that may hold a tunnel: link
 * layer, VLAN tags, IPv4 or IPv6 (extension headers walked). Refilled per frame; bounds are
 * checked against the captured bytes, and the IP length fields cut off Ethernet padding.
 */
final class Underlay {
    static final int PROTO_GRE = 47;
    static final int PROTO_UDP = 17;
    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86DD;
    private static final int MAX_VLAN_TAGS = 4;
    private static final long V4_MAPPED = 0x0000_FFFF_0000_0000L;

    long srcHi;
    long srcLo;
    int protocol;
    /** IP payload: [payload, end) of the captured bytes. */
    int payload;
    int end;
    /** Why {@link #locate} found no IP payload to look into. */
    Outcome failure;

    /**
     * Finds the IP payload of a frame. False when there is none: {@link #failure} is PLAIN for a
     * frame that is not IP or is a later fragment, TRUNCATED or MALFORMED for broken headers.
     */
    boolean locate(int linkType, byte[] b, int off, int end) {
        switch (linkType) {
            case LinkType.ETHERNET -> {
                int t = etherTypeAt(b, off, end);
                if (t < 0) {
                    return fail(Outcome.TRUNCATED);
                }
                return byEtherType(u16(b, t), b, t + 2, end);
            }
            case LinkType.RAW, LinkType.IPV4, LinkType.IPV6 -> {
                return ip(b, off, end);
            }
            case LinkType.LINUX_SLL -> {
                return off + 16 <= end ? byEtherType(u16(b, off + 14), b, off + 16, end) : fail(Outcome.TRUNCATED);
            }
            case LinkType.LINUX_SLL2 -> {
                return off + 20 <= end ? byEtherType(u16(b, off), b, off + 20, end) : fail(Outcome.TRUNCATED);
            }
            case LinkType.NULL -> {
                return off + 4 <= end ? ip(b, off + 4, end) : fail(Outcome.TRUNCATED);
            }
            default -> {
                return fail(Outcome.PLAIN);
            }
        }
    }

    /** Offset of the EtherType after any VLAN tags, or -1 when the header is cut short. */
    static int etherTypeAt(byte[] b, int off, int end) {
        int p = off + 12;
        for (int tags = 0; p + 2 <= end; tags++) {
            int type = u16(b, p);
            if ((type == 0x8100 || type == 0x88A8 || type == 0x9100) && tags < MAX_VLAN_TAGS) {
                p += 4;
            } else {
                return p;
            }
        }
        return -1;
    }

    private boolean byEtherType(int type, byte[] b, int off, int end) {
        return switch (type) {
            case ETH_IPV4 -> ipv4(b, off, end);
            case ETH_IPV6 -> ipv6(b, off, end);
            default -> fail(Outcome.PLAIN);
        };
    }

    private boolean ip(byte[] b, int off, int end) {
        if (off >= end) {
            return fail(Outcome.TRUNCATED);
        }
        return switch ((b[off] & 0xFF) >>> 4) {
            case 4 -> ipv4(b, off, end);
            case 6 -> ipv6(b, off, end);
            default -> fail(Outcome.PLAIN);
        };
    }

    private boolean ipv4(byte[] b, int off, int end) {
        if (off + 20 > end) {
            return fail(Outcome.TRUNCATED);
        }
        int ihl = (b[off] & 0x0F) * 4;
        int total = u16(b, off + 2);
        if ((b[off] & 0xFF) >>> 4 != 4 || ihl < 20 || (total != 0 && total < ihl)) {
            return fail(Outcome.MALFORMED);
        }
        if ((u16(b, off + 6) & 0x1FFF) != 0) {
            return fail(Outcome.PLAIN); // a later fragment holds no tunnel header
        }
        if (off + ihl > end) {
            return fail(Outcome.TRUNCATED);
        }
        srcHi = 0;
        srcLo = V4_MAPPED | u32(b, off + 12);
        protocol = b[off + 9] & 0xFF;
        payload = off + ihl;
        this.end = total == 0 ? end : Math.min(end, off + total);
        return true;
    }

    private boolean ipv6(byte[] b, int off, int end) {
        if (off + 40 > end) {
            return fail(Outcome.TRUNCATED);
        }
        if ((b[off] & 0xFF) >>> 4 != 6) {
            return fail(Outcome.MALFORMED);
        }
        srcHi = u64(b, off + 8);
        srcLo = u64(b, off + 16);
        int next = b[off + 6] & 0xFF;
        int p = off + 40;
        int payloadLength = u16(b, off + 4);
        int limit = payloadLength == 0 ? end : Math.min(end, p + payloadLength);
        for (int hops = 0; hops < 8; hops++) {
            switch (next) {
                case 0, 43, 60 -> { // hop-by-hop, routing, destination options
                    if (p + 2 > limit) {
                        return fail(Outcome.TRUNCATED);
                    }
                    next = b[p] & 0xFF;
                    p += ((b[p + 1] & 0xFF) + 1) * 8;
                }
                case 44 -> { // fragment: only the first carries the tunnel header
                    if (p + 8 > limit) {
                        return fail(Outcome.TRUNCATED);
                    }
                    if ((u16(b, p + 2) & 0xFFF8) != 0) {
                        return fail(Outcome.PLAIN);
                    }
                    next = b[p] & 0xFF;
                    p += 8;
                }
                default -> {
                    protocol = next;
                    payload = p;
                    this.end = limit;
                    return p <= limit || fail(Outcome.TRUNCATED);
                }
            }
        }
        return fail(Outcome.MALFORMED);
    }

    private boolean fail(Outcome why) {
        failure = why;
        return false;
    }
}
