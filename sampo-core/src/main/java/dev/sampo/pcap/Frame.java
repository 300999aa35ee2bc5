package dev.sampo.pcap;

import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketDecoder;

/**
 * One captured frame, as a reusable view over the reader's buffer (Netty-style: no copy, no
 * allocation per record). The bytes {@code data[offset .. offset+capturedLength)} stay valid only
 * until the reader's next {@link CaptureReader#next(Frame)} call; callers copy what they keep.
 */
public final class Frame {
    /**
     * The largest {@link #capturedLength} a reader accepts: libpcap's MAXIMUM_SNAPLEN. A longer
     * record is treated as corruption rather than buffered, which keeps readers' memory bounded.
     */
    public static final int MAX_CAPTURED_LENGTH = 262_144;

    /** 1-based index of this record in the capture, counting every record the file delivers. */
    public long number;
    /** Capture timestamp, nanoseconds since the Unix epoch. */
    public long timestampNanos;
    /** Link-layer header type (LINKTYPE_* numbering, see {@link dev.sampo.packet.LinkType}). */
    public int linkType;
    /** Interface index within the capture (pcapng); 0 for classic pcap. */
    public int interfaceId;
    public byte[] data;
    public int offset;
    public int capturedLength;
    /** Length of the frame on the wire; larger than {@link #capturedLength} under a snaplen. */
    public int originalLength;

    public Frame set(long number, long timestampNanos, int linkType, int interfaceId,
                     byte[] data, int offset, int capturedLength, int originalLength) {
        this.number = number;
        this.timestampNanos = timestampNanos;
        this.linkType = linkType;
        this.interfaceId = interfaceId;
        this.data = data;
        this.offset = offset;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
        return this;
    }

    /** Decodes this frame into {@code out} with {@code decoder}; true if it is a TCP segment. */
    public boolean decodeWith(PacketDecoder decoder, Packet out) {
        return decoder.decode(linkType, data, offset, capturedLength, number, timestampNanos, out);
    }
}
