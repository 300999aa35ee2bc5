package dev.sampo.sflow;

import dev.sampo.flow.IpAddress;

/**
 * The header of the datagram being decoded, refilled in place for every datagram (no allocation).
 * Valid during the {@link SflowListener} callbacks of that datagram only.
 */
public final class SflowDatagram {
    /** When the datagram was received (collector) or captured (file), nanoseconds since the epoch. */
    public long timestampNanos;
    /** Bytes of the UDP payload. */
    public int length;
    /** 4 or 6; the address is held as {@link IpAddress} holds it, IPv4 mapped into IPv6. */
    public int agentIpVersion;
    public long agentHi;
    public long agentLo;
    /** Unsigned 32-bit values, held in longs. */
    public long subAgentId;
    public long sequence;
    /** The agent's uptime when it sent the datagram, milliseconds. */
    public long uptimeMillis;
    /** The number of samples the header declares. */
    public int sampleCount;

    /** Allocates: for printing, not for the decoding path. */
    public IpAddress agent() {
        return new IpAddress(agentHi, agentLo);
    }

    void reset(long timestampNanos, int length) {
        this.timestampNanos = timestampNanos;
        this.length = length;
        agentIpVersion = 0;
        agentHi = 0;
        agentLo = 0;
        subAgentId = 0;
        sequence = 0;
        uptimeMillis = 0;
        sampleCount = 0;
    }
}
