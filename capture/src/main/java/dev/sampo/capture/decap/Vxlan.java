package dev.sampo.capture.decap;

import static dev.sampo.bytes.Bytes.u16;
import static dev.sampo.bytes.Bytes.u32;

import dev.sampo.packet.LinkType;

/** VXLAN (RFC 7348): UDP to port 4789, an 8-byte header with the I flag and a 24-bit VNI, then Ethernet. */
final class Vxlan {
    static final int PORT = 4789;
    private static final int UDP_HEADER = 8;
    private static final int VXLAN_HEADER = 8;
    private static final int FLAG_VNI_VALID = 0x08;

    private Vxlan() {
    }

    /** Decapsulates a UDP datagram at {@code [off, end)}; NOT_ENCAPSULATED when it is not to port 4789. */
    static Outcome decap(byte[] b, int off, int end, InnerFrame out) {
        if (off + UDP_HEADER > end) {
            return Outcome.TRUNCATED;
        }
        if (u16(b, off + 2) != PORT) {
            return Outcome.NOT_ENCAPSULATED;
        }
        int length = u16(b, off + 4);
        if (length < UDP_HEADER + VXLAN_HEADER) {
            return Outcome.MALFORMED;
        }
        int limit = Math.min(end, off + length);
        int header = off + UDP_HEADER;
        if (header + VXLAN_HEADER > limit) {
            return Outcome.TRUNCATED;
        }
        if ((b[header] & FLAG_VNI_VALID) == 0) {
            return Outcome.MALFORMED;
        }
        out.point.set(ObservationPoint.SESSION, u32(b, header + 4) >>> 8);
        return out.found(Outcome.VXLAN, LinkType.ETHERNET, header + VXLAN_HEADER, limit);
    }
}
