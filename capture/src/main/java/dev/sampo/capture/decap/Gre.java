package dev.sampo.capture.decap;

import static dev.sampo.bytes.Bytes.u16;
import static dev.sampo.bytes.Bytes.u32;

import dev.sampo.packet.IpHeaderWalker;
import dev.sampo.packet.LinkType;

/**
 * GRE (RFC 2784/2890) and what mirrors put in it: ERSPAN type I, II (0x88BE) and III (0x22EB),
 * transparent Ethernet bridging (0x6558), or a bare IP packet.
 */
final class Gre {
    static final int ERSPAN = 0x88BE;
    static final int ERSPAN_III = 0x22EB;
    static final int TEB = 0x6558;
    private static final int FLAG_CHECKSUM = 0x8000;
    private static final int FLAG_ROUTING = 0x4000;
    private static final int FLAG_KEY = 0x2000;
    private static final int FLAG_SEQUENCE = 0x1000;
    private static final int ERSPAN_II_HEADER = 8;
    private static final int ERSPAN_III_HEADER = 12;
    private static final int ERSPAN_III_SUBHEADER = 8;
    /** ERSPAN III frame types: 0 an Ethernet frame, 2 an IP packet. */
    private static final int FT_ETHERNET = 0;
    private static final int FT_IP = 2;

    private Gre() {
    }

    /** Decapsulates a GRE packet at {@code [off, end)}. */
    static Outcome decap(byte[] b, int off, int end, InnerFrame out) {
        if (off + 4 > end) {
            return Outcome.TRUNCATED;
        }
        int flags = u16(b, off);
        if ((flags & 0x7) != 0 || (flags & FLAG_ROUTING) != 0) {
            return Outcome.UNSUPPORTED; // version 1 is PPTP; source routing is long deprecated
        }
        int protocol = u16(b, off + 2);
        int p = off + 4;
        if ((flags & FLAG_CHECKSUM) != 0) {
            p += 4;
        }
        if ((flags & FLAG_KEY) != 0) {
            if (p + 4 > end) {
                return Outcome.TRUNCATED;
            }
            out.point.set(ObservationPoint.SESSION, u32(b, p));
            p += 4;
        }
        boolean sequenced = (flags & FLAG_SEQUENCE) != 0;
        if (sequenced) {
            p += 4;
        }
        if (p > end) {
            return Outcome.TRUNCATED;
        }
        return switch (protocol) {
            case ERSPAN -> sequenced
                    ? erspanII(b, p, end, out)
                    : out.found(Outcome.ERSPAN_I, LinkType.ETHERNET, p, end);
            case ERSPAN_III -> erspanIII(b, p, end, out);
            case TEB -> out.found(Outcome.GRE_TEB, LinkType.ETHERNET, p, end);
            case IpHeaderWalker.ETHERTYPE_IPV4, IpHeaderWalker.ETHERTYPE_IPV6 -> out.found(Outcome.GRE_IP, LinkType.RAW, p, end);
            default -> Outcome.UNSUPPORTED;
        };
    }

    /** Version 1: VLAN, COS, encapsulation type, truncation bit, session id, port index. */
    private static Outcome erspanII(byte[] b, int p, int end, InnerFrame out) {
        if (p + ERSPAN_II_HEADER > end) {
            return Outcome.TRUNCATED;
        }
        if ((b[p] & 0xFF) >>> 4 != 1) {
            return Outcome.MALFORMED;
        }
        out.point.present = 0; // the session id replaces any GRE key
        out.point.set(ObservationPoint.SESSION, u16(b, p + 2) & 0x3FF);
        out.point.set(ObservationPoint.SECOND, u32(b, p + 4) & 0xFFFFF);
        return out.found(Outcome.ERSPAN_II, LinkType.ETHERNET, p + ERSPAN_II_HEADER, end);
    }

    /** Version 2: session id, timestamp, SGT, then P/FT/HwID/D/Gra/O and an optional 8-byte subheader. */
    private static Outcome erspanIII(byte[] b, int p, int end, InnerFrame out) {
        if (p + ERSPAN_III_HEADER > end) {
            return Outcome.TRUNCATED;
        }
        if ((b[p] & 0xFF) >>> 4 != 2) {
            return Outcome.MALFORMED;
        }
        int bits = u16(b, p + 10);
        int frameType = (bits >>> 10) & 0x1F;
        int inner = p + ERSPAN_III_HEADER + ((bits & 1) != 0 ? ERSPAN_III_SUBHEADER : 0);
        out.point.present = 0;
        out.point.set(ObservationPoint.SESSION, u16(b, p + 2) & 0x3FF);
        out.point.set(ObservationPoint.SECOND, (bits >>> 4) & 0x3F);
        out.point.set(ObservationPoint.THIRD, (bits >>> 3) & 1);
        return switch (frameType) {
            case FT_ETHERNET -> out.found(Outcome.ERSPAN_III, LinkType.ETHERNET, inner, end);
            case FT_IP -> out.found(Outcome.ERSPAN_III, LinkType.RAW, inner, end);
            default -> Outcome.UNSUPPORTED;
        };
    }
}
