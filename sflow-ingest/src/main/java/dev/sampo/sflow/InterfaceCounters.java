package dev.sampo.sflow;

/**
 * The generic interface counters record (counter record 0,1: RFC 2233 ifTable counters), as a
 * reusable view. Unsigned 32-bit counters are held in longs; the 64-bit ones are unsigned too.
 */
public final class InterfaceCounters {
    public long ifIndex;
    public long ifType;
    public long ifSpeed;
    public long ifDirection;
    public long ifStatus;
    public long inOctets;
    public long inUnicastPackets;
    public long inMulticastPackets;
    public long inBroadcastPackets;
    public long inDiscards;
    public long inErrors;
    public long inUnknownProtocols;
    public long outOctets;
    public long outUnicastPackets;
    public long outMulticastPackets;
    public long outBroadcastPackets;
    public long outDiscards;
    public long outErrors;
    public long promiscuousMode;

    /** An immutable copy, for metrics that outlive the datagram. */
    public Snapshot snapshot() {
        return new Snapshot(ifIndex, ifType, ifSpeed, ifDirection, ifStatus, inOctets, inUnicastPackets,
                inMulticastPackets, inBroadcastPackets, inDiscards, inErrors, inUnknownProtocols, outOctets,
                outUnicastPackets, outMulticastPackets, outBroadcastPackets, outDiscards, outErrors, promiscuousMode);
    }

    /** The counters as reported at one moment. */
    public record Snapshot(long ifIndex, long ifType, long ifSpeed, long ifDirection, long ifStatus, long inOctets,
                           long inUnicastPackets, long inMulticastPackets, long inBroadcastPackets, long inDiscards,
                           long inErrors, long inUnknownProtocols, long outOctets, long outUnicastPackets,
                           long outMulticastPackets, long outBroadcastPackets, long outDiscards, long outErrors,
                           long promiscuousMode) {
    }
}
