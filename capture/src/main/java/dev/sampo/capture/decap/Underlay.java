package dev.sampo.capture.decap;

import dev.sampo.packet.IpFields;
import dev.sampo.packet.IpHeaderWalker;

/**
 * The outer headers of a mirrored frame, down to the IP payload that may hold a tunnel, walked by
 * the {@link IpHeaderWalker} every frame reader shares; this class only says its failures as
 * decapsulation {@link Outcome}s.
 */
final class Underlay {
    static final int PROTO_GRE = 47;
    static final int PROTO_UDP = 17;

    /** The walk of the current frame: {@code protocol} and the IP payload's offset. */
    final IpHeaderWalker ip = new IpHeaderWalker();
    /** The outer IP header: its source is the observation point's. */
    final IpFields header = new IpFields();
    /** Why {@link #locate} found no IP payload to look into. */
    Outcome failure;

    /**
     * Finds the IP payload of a frame. False when there is none: {@link #failure} is
     * NOT_ENCAPSULATED for a frame that is not IP or is a later fragment (no tunnel header in it),
     * TRUNCATED or MALFORMED for broken headers.
     */
    boolean locate(int linkType, byte[] b, int off, int end) {
        failure = switch (ip.walk(linkType, b, off, end, header)) {
            case NONE -> null;
            case TRUNCATED -> Outcome.TRUNCATED;
            case BAD_IP_HEADER -> Outcome.MALFORMED;
            default -> Outcome.NOT_ENCAPSULATED;
        };
        return failure == null;
    }

    /** The end of the IP payload: the captured bytes, without Ethernet padding. */
    int end() {
        return ip.transportEnd();
    }
}
