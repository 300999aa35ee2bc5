package dev.sampo.packet;

import dev.sampo.flow.IpAddress;

/**
 * What a frame's IP header says about where it comes from and goes to: the version, the TTL and
 * both addresses (held as {@link IpAddress} holds them, IPv4 mapped into IPv6). The views that
 * frame readers refill ({@link Packet}, {@link UdpPayload}) are IpFields, and the
 * {@link IpHeaderWalker} writes into them directly: on the decoder's hot path a copy of these
 * six fields per frame cost measurably more than the walk itself.
 */
public class IpFields {
    /** 4 or 6 once the IP header's fixed part was read, 0 before. */
    public int ipVersion;
    public long srcHi;
    public long srcLo;
    public long dstHi;
    public long dstLo;
    /** IPv4 TTL or IPv6 hop limit. */
    public int ttl;

    public IpAddress src() {
        return new IpAddress(srcHi, srcLo);
    }

    public IpAddress dst() {
        return new IpAddress(dstHi, dstLo);
    }
}
