package dev.sampo.packet;

import static dev.sampo.bytes.Bytes.u16;
import static dev.sampo.bytes.Bytes.u32;
import static dev.sampo.bytes.Bytes.u64;

import dev.sampo.flow.IpAddress;
import java.util.Objects;

/**
 * Walks a captured frame from its link layer through IPv4 or IPv6 (the whole extension-header
 * chain, fragment header included) to the transport header, and says where that starts, which
 * protocol it is and how long the IP header says it is. Every reader of frames uses this one walk:
 * the TCP decoder, the UDP payload finder of sFlow captures and the tunnel decapsulator.
 *
 * <p>A cursor in the manner of Netty's codecs: each walk refills it in place, nothing is allocated
 * and nothing is thrown for any content of the frame. The one result is a {@link DecodeError}:
 * {@code NONE} when the transport header was reached, and for {@code TRUNCATED} {@link #missing}
 * names the header the capture cut. The IP header's own fields go into the caller's
 * {@link IpFields} (its {@code ipVersion} stays 0 until the header was read); the link fields hold
 * once the link layer was read, the transport fields once the walk returned NONE. Nothing else is
 * cleared per frame: these are stores on the decoder's hot path that no caller would read.
 * Bounds are checked against the captured bytes only; the IP length fields are reported
 * ({@link #transportLength}), so callers can tell a snaplen cut from Ethernet padding.
 */
public final class IpHeaderWalker {
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    /** {@link #etherType} of a frame whose link layer carries something other than IP. */
    public static final int NOT_IP = -1;
    /** 802.1Q/802.1ad tags followed; a frame with more (no network stacks that many) counts as not IP. */
    public static final int MAX_VLAN_TAGS = 4;
    /**
     * IPv6 extension headers followed before the transport header. RFC 8200 §4.1 allows each
     * header once (destination options twice), about ten in all; a longer chain is malformed.
     */
    public static final int MAX_EXTENSION_HEADERS = 16;
    /** ESP: its next header is inside the encrypted trailer, so the walk ends at it as at TCP or UDP. */
    public static final int PROTOCOL_ESP = 50;

    private static final int VLAN = 0x8100;
    private static final int QINQ = 0x88A8;
    private static final int QINQ_OLD = 0x9100;
    private static final int PPP_IPV4 = 0x0021;
    private static final int PPP_IPV6 = 0x0057;
    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int FRAGMENT = 44;
    private static final int AUTHENTICATION = 51;
    private static final int DESTINATION_OPTIONS = 60;
    private static final int MOBILITY = 135;
    private static final int HIP = 139;
    private static final int SHIM6 = 140;
    private static final int IPV4_OFFSET = 0x1FFF;
    private static final int IPV4_MORE_FRAGMENTS = 0x2000;
    /** In the IPv6 fragment header: the offset is the top 13 bits, then 2 reserved bits and M. */
    private static final int IPV6_OFFSET = 0xFFF8;
    private static final int IPV6_MORE_FRAGMENTS = 0x0001;

    /** The EtherType the link layer declares after any VLAN tags (PPP and raw IP mapped to one), or {@link #NOT_IP}. */
    public int etherType;
    /** Where the link layer's payload (the IP header, for IP) starts. */
    public int networkOffset;
    /** The header a TRUNCATED walk could not read: LINK_HEADER or IP_HEADER; NOTHING otherwise. */
    public Missing missing;
    /**
     * A first fragment (IPv4 MF, IPv6 M): the transport header is here but not all its payload.
     * Later fragments end the walk with {@link DecodeError#NON_FIRST_FRAGMENT}.
     */
    public boolean moreFragments;
    /** The protocol after the last extension header (6 TCP, 17 UDP, 47 GRE, 50 ESP...). */
    public int protocol;
    public int transportOffset;
    /** Transport bytes by the IP length fields, or by the capture when they are zero (offload, jumbogram). */
    public int transportLength;
    private int capturedEnd;

    /**
     * Walks {@code b[off, end)}, a frame of the given LINKTYPE, to its transport header, and
     * writes the IP header's fields into {@code out}.
     *
     * @return NONE when it was reached; UNSUPPORTED_LINK_TYPE, NOT_IP, NON_FIRST_FRAGMENT,
     *     TRUNCATED or BAD_IP_HEADER otherwise
     * @throws IndexOutOfBoundsException if the range is not inside {@code b} (a caller's bug)
     */
    public DecodeError walk(int linkType, byte[] b, int off, int end, IpFields out) {
        out.ipVersion = 0;
        DecodeError link = linkLayer(linkType, b, off, end);
        if (link != DecodeError.NONE) {
            return link;
        }
        return switch (etherType) {
            case ETHERTYPE_IPV4 -> ipv4(b, networkOffset, end, out);
            case ETHERTYPE_IPV6 -> ipv6(b, networkOffset, end, out);
            default -> DecodeError.NOT_IP;
        };
    }

    /**
     * Steps over the link layer of {@code b[off, end)} only: sets {@link #etherType} and
     * {@link #networkOffset}, for callers that look for something other than IP after it.
     */
    public DecodeError linkLayer(int linkType, byte[] b, int off, int end) {
        Objects.checkFromToIndex(off, end, b.length);
        missing = Missing.NOTHING;
        moreFragments = false;
        return switch (linkType) {
            case LinkType.ETHERNET -> etherType(b, off + 12, off + 14, end);
            case LinkType.RAW, LinkType.IPV4, LinkType.IPV6 -> byVersion(b, off, end);
            case LinkType.LINUX_SLL -> etherType(b, off + 14, off + 16, end);
            case LinkType.LINUX_SLL2 -> etherType(b, off, off + 20, end);
            case LinkType.NULL -> loopback(b, off, end);
            case LinkType.PPP -> ppp(b, off, end);
            default -> DecodeError.UNSUPPORTED_LINK_TYPE;
        };
    }

    /** The end of the transport bytes that were captured, before any Ethernet padding. */
    public int transportEnd() {
        return Math.min(capturedEnd, transportOffset + transportLength);
    }

    /**
     * The EtherType at {@code type}, whose payload starts at {@code payload}, through up to
     * {@link #MAX_VLAN_TAGS} tags; a tag's payload is its TCI and the inner EtherType. Ethernet and
     * SLL put the type right before the payload and SLL2 at the start of its header; libpcap
     * re-inserts stripped tags after the SLL header, so one loop serves all three.
     */
    private DecodeError etherType(byte[] b, int type, int payload, int end) {
        if (payload > end) {
            return truncated(Missing.LINK_HEADER);
        }
        int declared = u16(b, type);
        for (int tags = 0; isVlan(declared) && tags < MAX_VLAN_TAGS; tags++) {
            if (payload + 4 > end) {
                return truncated(Missing.LINK_HEADER);
            }
            declared = u16(b, payload + 2);
            payload += 4;
        }
        etherType = declared;
        networkOffset = payload;
        return DecodeError.NONE;
    }

    private static boolean isVlan(int etherType) {
        return etherType == VLAN || etherType == QINQ || etherType == QINQ_OLD;
    }

    private DecodeError loopback(byte[] b, int off, int end) {
        if (off + 4 > end) {
            return truncated(Missing.LINK_HEADER);
        }
        // The family is in the capturing host's byte order: 2 is AF_INET everywhere, and the
        // IPv6 values differ by OS (24, 28, 30), so the IP version nibble decides instead.
        return byVersion(b, off + 4, end);
    }

    private DecodeError ppp(byte[] b, int off, int end) {
        int p = off;
        if (p + 2 <= end && (b[p] & 0xFF) == 0xFF && (b[p + 1] & 0xFF) == 0x03) {
            p += 2; // HDLC address and control bytes
        }
        if (p >= end) {
            return truncated(Missing.LINK_HEADER);
        }
        int pppProtocol;
        if ((b[p] & 0x01) != 0) {
            // Protocol-Field-Compression (RFC 1661 §6.5): a protocol below 0x100 may be sent in one
            // byte, recognisable because the high byte of every protocol number is even.
            pppProtocol = b[p] & 0xFF;
            p += 1;
        } else if (p + 2 <= end) {
            pppProtocol = u16(b, p);
            p += 2;
        } else {
            return truncated(Missing.LINK_HEADER);
        }
        etherType = switch (pppProtocol) {
            case PPP_IPV4 -> ETHERTYPE_IPV4;
            case PPP_IPV6 -> ETHERTYPE_IPV6;
            default -> NOT_IP;
        };
        networkOffset = p;
        return DecodeError.NONE;
    }

    /** Raw IP: the version nibble is the only type there is. */
    private DecodeError byVersion(byte[] b, int off, int end) {
        networkOffset = off;
        if (off >= end) {
            return truncated(Missing.IP_HEADER);
        }
        etherType = switch ((b[off] & 0xFF) >>> 4) {
            case 4 -> ETHERTYPE_IPV4;
            case 6 -> ETHERTYPE_IPV6;
            default -> NOT_IP;
        };
        return DecodeError.NONE;
    }

    private DecodeError ipv4(byte[] b, int off, int end, IpFields out) {
        if (off + 20 > end) {
            return truncated(Missing.IP_HEADER);
        }
        int vihl = b[off] & 0xFF;
        int ihl = (vihl & 0x0F) * 4;
        if (vihl >>> 4 != 4 || ihl < 20) {
            return DecodeError.BAD_IP_HEADER;
        }
        int totalLength = u16(b, off + 2);
        int fragment = u16(b, off + 6);
        out.ipVersion = 4;
        out.ttl = b[off + 8] & 0xFF;
        out.srcHi = 0;
        out.srcLo = IpAddress.V4_MAPPED_PREFIX | u32(b, off + 12);
        out.dstHi = 0;
        out.dstLo = IpAddress.V4_MAPPED_PREFIX | u32(b, off + 16);
        if ((fragment & IPV4_OFFSET) != 0) {
            return DecodeError.NON_FIRST_FRAGMENT;
        }
        moreFragments = (fragment & IPV4_MORE_FRAGMENTS) != 0;
        if (totalLength != 0 && totalLength < ihl) {
            return DecodeError.BAD_IP_HEADER;
        }
        if (off + ihl > end) {
            return truncated(Missing.IP_HEADER);
        }
        // A zero total length means segmentation offload wrote the frame; trust the capture.
        return transport(b[off + 9] & 0xFF, off + ihl, totalLength == 0 ? end - off - ihl : totalLength - ihl, end);
    }

    private DecodeError ipv6(byte[] b, int off, int end, IpFields out) {
        if (off + 40 > end) {
            return truncated(Missing.IP_HEADER);
        }
        if ((b[off] & 0xFF) >>> 4 != 6) {
            return DecodeError.BAD_IP_HEADER;
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
        for (int headers = 0; headers <= MAX_EXTENSION_HEADERS; headers++) {
            int length;
            switch (next) {
                case HOP_BY_HOP, ROUTING, DESTINATION_OPTIONS, MOBILITY, HIP, SHIM6 -> { // RFC 8200 §4 format
                    if (p + 2 > end) {
                        return truncated(Missing.IP_HEADER);
                    }
                    length = ((b[p + 1] & 0xFF) + 1) * 8;
                }
                case FRAGMENT -> {
                    if (p + 8 > end) {
                        return truncated(Missing.IP_HEADER);
                    }
                    int field = u16(b, p + 2);
                    if ((field & IPV6_OFFSET) != 0) {
                        return DecodeError.NON_FIRST_FRAGMENT;
                    }
                    moreFragments |= (field & IPV6_MORE_FRAGMENTS) != 0;
                    length = 8;
                }
                case AUTHENTICATION -> { // RFC 4302 §2.2: length in 4-byte units, minus 2
                    if (p + 2 > end) {
                        return truncated(Missing.IP_HEADER);
                    }
                    length = ((b[p + 1] & 0xFF) + 2) * 4;
                }
                default -> {
                    return transport(next, p, remaining, end);
                }
            }
            next = b[p] & 0xFF;
            p += length;
            remaining -= length;
            if (remaining < 0) {
                return DecodeError.BAD_IP_HEADER; // the headers overrun the payload length
            }
        }
        return DecodeError.BAD_IP_HEADER;
    }

    private DecodeError transport(int protocol, int offset, int length, int end) {
        if (offset > end) {
            return truncated(Missing.IP_HEADER); // an extension header runs past the capture
        }
        capturedEnd = end;
        this.protocol = protocol;
        transportOffset = offset;
        transportLength = length;
        return DecodeError.NONE;
    }

    private DecodeError truncated(Missing what) {
        missing = what;
        return DecodeError.TRUNCATED;
    }
}
