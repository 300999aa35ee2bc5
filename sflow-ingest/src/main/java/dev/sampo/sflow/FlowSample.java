package dev.sampo.sflow;

import dev.sampo.flow.IpAddress;
import dev.sampo.packet.Packet;

/**
 * One flow sample (format 1, or expanded format 3) with the records Sampo reads, refilled in place
 * for every sample. The sampled header stays in the datagram's buffer
 * ({@code [headerOffset, headerOffset + headerLength)}) and is decoded into {@link #packet}.
 * Valid during {@link SflowListener#flowSample} only.
 */
public final class FlowSample {
    /** Interface format of {@link #inputFormat}/{@link #outputFormat}: a plain ifIndex. */
    public static final int IF_INDEX = 0;
    /** Output format: the packet was dropped, the value is the reason. */
    public static final int IF_DISCARDED = 1;
    /** Output format: sent to several interfaces, the value is how many (0: unknown). */
    public static final int IF_MULTIPLE = 2;
    /** The ifIndex value meaning "not known" or "internal to the agent" (0x3FFFFFFF). */
    public static final long IF_UNKNOWN = 0x3FFF_FFFFL;

    public boolean expanded;
    /** 1-based number of this flow sample among all the decoder has delivered. */
    public long number;
    /** Unsigned 32-bit fields, held in longs. */
    public long sequence;
    public int sourceIdType;
    public long sourceIdIndex;
    public long samplingRate;
    public long samplePool;
    public long drops;
    public int inputFormat;
    public long inputValue;
    public int outputFormat;
    public long outputValue;
    public int recordCount;

    /** Raw packet header record (0,1). */
    public boolean hasHeader;
    public int headerProtocol;
    public long frameLength;
    public long stripped;
    public int headerOffset;
    public int headerLength;
    /** The header decoded by sampo-core's {@code PacketDecoder}; meaningful when {@link #decoded}. */
    public final Packet packet = new Packet();
    /** Whether the header protocol was one the packet decoder reads (Ethernet, IPv4, IPv6). */
    public boolean decoded;
    /** Whether the decoded header is a TCP segment ({@link Packet#isTcp()}). */
    public boolean tcp;

    /** Extended switch record (0,1001). */
    public boolean hasSwitch;
    public long srcVlan;
    public long srcPriority;
    public long dstVlan;
    public long dstPriority;

    /** Extended router record (0,1002). */
    public boolean hasRouter;
    public int nextHopIpVersion;
    public long nextHopHi;
    public long nextHopLo;
    public long srcMaskLength;
    public long dstMaskLength;

    /** Allocates: for printing. */
    public IpAddress nextHop() {
        return new IpAddress(nextHopHi, nextHopLo);
    }

    void reset(boolean expanded) {
        this.expanded = expanded;
        number = 0;
        sequence = 0;
        sourceIdType = 0;
        sourceIdIndex = 0;
        samplingRate = 0;
        samplePool = 0;
        drops = 0;
        inputFormat = 0;
        inputValue = 0;
        outputFormat = 0;
        outputValue = 0;
        recordCount = 0;
        hasHeader = false;
        headerProtocol = 0;
        frameLength = 0;
        stripped = 0;
        headerOffset = 0;
        headerLength = 0;
        decoded = false;
        tcp = false;
        hasSwitch = false;
        srcVlan = 0;
        srcPriority = 0;
        dstVlan = 0;
        dstPriority = 0;
        hasRouter = false;
        nextHopIpVersion = 0;
        nextHopHi = 0;
        nextHopLo = 0;
        srcMaskLength = 0;
        dstMaskLength = 0;
    }
}
