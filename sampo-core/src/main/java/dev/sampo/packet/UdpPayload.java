package dev.sampo.packet;

import static dev.sampo.bytes.Bytes.u16;

import java.util.Objects;

/**
 * Finds the UDP payload inside a captured frame, for inputs that carry their data over UDP (sFlow
 * exports recorded in a capture). A reusable view like {@link Packet}: {@link #find} refills it in
 * place, allocates nothing and never throws for any content of the frame; the payload stays in
 * the caller's array as {@code data[payloadOffset, payloadOffset + payloadLength)}.
 */
public final class UdpPayload extends IpFields {
    private static final int PROTOCOL_UDP = 17;
    private static final int UDP_HEADER = 8;

    private final IpHeaderWalker ip = new IpHeaderWalker();
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
     *     protocol, a fragment, headers cut short, or an unsupported link type)
     * @throws IndexOutOfBoundsException if the range is not inside {@code b} (a caller's bug)
     */
    public boolean find(int linkType, byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        srcPort = 0;
        dstPort = 0;
        payloadOffset = off;
        payloadLength = 0;
        truncated = false;
        DecodeError walk = ip.walk(linkType, b, off, off + len, this);
        // A first fragment holds only part of the datagram: reassembly is beyond a reader of
        // single frames, and half a datagram would decode as a damaged one.
        return walk == DecodeError.NONE && !ip.moreFragments && ip.protocol == PROTOCOL_UDP
                && udp(b, ip.transportOffset, ip.transportEnd());
    }

    private boolean udp(byte[] b, int off, int end) {
        if (off + UDP_HEADER > end) {
            return false;
        }
        srcPort = u16(b, off);
        dstPort = u16(b, off + 2);
        int udpLength = u16(b, off + 4);
        if (udpLength != 0 && udpLength < UDP_HEADER) {
            return false;
        }
        int captured = end - off - UDP_HEADER;
        // A zero length is a segmentation-offload or jumbo datagram: the capture is the length.
        int declared = udpLength == 0 ? captured : udpLength - UDP_HEADER;
        payloadOffset = off + UDP_HEADER;
        payloadLength = Math.min(declared, captured);
        truncated = declared > captured;
        return true;
    }
}
