package dev.sampo.sflow;

import static dev.sampo.bytes.Bytes.u32;
import static dev.sampo.bytes.Bytes.u64;

import dev.sampo.flow.IpAddress;
import dev.sampo.packet.DecodeStats;
import dev.sampo.packet.LinkType;
import dev.sampo.packet.PacketDecoder;
import java.util.Objects;

/**
 * sFlow version 5 (sflow.org, "sFlow Version 5", July 2004) in one pass over the datagram's bytes.
 * Every length and count is checked against the bytes that enclose it (datagram, sample, record)
 * before it is trusted; a lie ends that enclosure, is counted in {@link #stats()}, and nothing
 * throws. Samples are delivered to the {@link SflowListener} as they decode, in reusable objects:
 * the only allocation is what the listener makes of them.
 *
 * <p>Flow samples (1) and expanded flow samples (3) are decoded with their raw packet header
 * (flow record 1, protocols Ethernet, IPv4 and IPv6 through sampo-core's {@link PacketDecoder}, so
 * MPTCP options that fit in a truncated header are kept), extended switch (1001) and extended
 * router (1002) records. Counter samples (2, 4) are decoded for their generic interface counters
 * (counter record 1). Everything else, including every non-zero enterprise, is skipped by length.
 *
 * <p>Not thread-safe: one decoder per receiving thread.
 */
public final class SflowDecoder {
    /** The largest UDP payload (IPv6 without jumbograms allows 65,535 bytes). */
    public static final int MAX_DATAGRAM = 65_535;

    static final int HEADER_ETHERNET = 1;
    static final int HEADER_IPV4 = 11;
    static final int HEADER_IPV6 = 12;

    private static final int VERSION_5 = 5;
    private static final int FLOW_SAMPLE = 1;
    private static final int COUNTER_SAMPLE = 2;
    private static final int FLOW_SAMPLE_EXPANDED = 3;
    private static final int COUNTER_SAMPLE_EXPANDED = 4;
    private static final int RECORD_RAW_HEADER = 1;
    private static final int RECORD_SWITCH = 1001;
    private static final int RECORD_ROUTER = 1002;
    private static final int COUNTERS_GENERIC = 1;
    private static final int FLOW_FIXED = 32;
    private static final int FLOW_EXPANDED_FIXED = 44;
    private static final int COUNTER_FIXED = 12;
    private static final int COUNTER_EXPANDED_FIXED = 16;
    private static final int RAW_HEADER_FIXED = 16;
    private static final int SWITCH_LENGTH = 16;
    private static final int GENERIC_COUNTERS_LENGTH = 88;

    private final SflowListener listener;
    private final PacketDecoder packetDecoder = new PacketDecoder();
    private final SflowDatagram datagram = new SflowDatagram();
    private final FlowSample flow = new FlowSample();
    private final CounterSample counters = new CounterSample();
    private final SflowStats stats = new SflowStats();
    private long flowSampleNumber;
    /** The first error of the datagram being decoded. */
    private SflowError first;

    public SflowDecoder(SflowListener listener) {
        this.listener = Objects.requireNonNull(listener);
    }

    public SflowStats stats() {
        return stats;
    }

    /** Counters of the sampled headers' decoding (truncation, non-TCP, bad options). */
    public DecodeStats packetStats() {
        return packetDecoder.stats();
    }

    /**
     * Decodes the datagram {@code b[off, off+len)} and delivers its samples.
     *
     * @param timestampNanos when the datagram was received or captured; every sample of it, and
     *     every packet decoded from it, carries this time (sFlow has no per-sample timestamp)
     * @return the first error met, or {@link SflowError#NONE}
     * @throws IndexOutOfBoundsException if the range is not inside {@code b} (a caller's bug)
     */
    public SflowError decode(byte[] b, int off, int len, long timestampNanos) {
        Objects.checkFromIndexSize(off, len, b.length);
        stats.datagrams++;
        first = SflowError.NONE;
        datagram.reset(timestampNanos, len);
        if (len > MAX_DATAGRAM) {
            return error(SflowError.OVERSIZE);
        }
        int end = off + len;
        if (len < 8) {
            return error(len >= 4 && u32(b, off) == VERSION_5 ? SflowError.TRUNCATED_HEADER : SflowError.NOT_SFLOW_V5);
        }
        if (u32(b, off) != VERSION_5) {
            return error(SflowError.NOT_SFLOW_V5);
        }
        int p = address(b, off + 4, end, true);
        if (p < 0) {
            return first;
        }
        if (p + 16 > end) {
            return error(SflowError.TRUNCATED_HEADER);
        }
        datagram.subAgentId = u32(b, p);
        datagram.sequence = u32(b, p + 4);
        datagram.uptimeMillis = u32(b, p + 8);
        long declared = u32(b, p + 12);
        datagram.sampleCount = (int) Math.min(declared, Integer.MAX_VALUE);
        p += 16;
        if (!listener.datagram(datagram)) {
            stats.rejectedDatagrams++;
            return first;
        }
        for (long i = 0; i < declared; i++) {
            if (p + 8 > end) {
                return error(SflowError.SAMPLE_OVERRUN);
            }
            long format = u32(b, p);
            long length = u32(b, p + 4);
            p += 8;
            if (length > end - p) {
                return error(SflowError.SAMPLE_OVERRUN);
            }
            int sampleEnd = p + (int) length;
            if (format >>> 12 != 0) {
                stats.unknownSamples++; // another enterprise's sample
            } else {
                switch ((int) format) {
                    case FLOW_SAMPLE -> flowSample(b, p, sampleEnd, false);
                    case FLOW_SAMPLE_EXPANDED -> flowSample(b, p, sampleEnd, true);
                    case COUNTER_SAMPLE -> counterSample(b, p, sampleEnd, false);
                    case COUNTER_SAMPLE_EXPANDED -> counterSample(b, p, sampleEnd, true);
                    default -> stats.unknownSamples++;
                }
            }
            p = sampleEnd;
        }
        return first;
    }

    /**
     * Reads an sFlow address (type, then 4 or 16 bytes) at {@code p} into the datagram's agent
     * (or the flow sample's next hop).
     *
     * @return the offset after it, or -1 with the error recorded
     */
    private int address(byte[] b, int p, int end, boolean agent) {
        if (p + 4 > end) {
            error(agent ? SflowError.TRUNCATED_HEADER : SflowError.RECORD_TOO_SHORT);
            return -1;
        }
        long type = u32(b, p);
        int size = type == 1 ? 4 : type == 2 ? 16 : -1;
        if (size < 0) {
            error(agent ? SflowError.BAD_AGENT_ADDRESS_TYPE : SflowError.RECORD_TOO_SHORT);
            return -1;
        }
        if (p + 4 + size > end) {
            error(agent ? SflowError.TRUNCATED_HEADER : SflowError.RECORD_TOO_SHORT);
            return -1;
        }
        long hi = size == 4 ? 0 : u64(b, p + 4);
        long lo = size == 4 ? IpAddress.V4_MAPPED_PREFIX | u32(b, p + 4) : u64(b, p + 12);
        if (agent) {
            datagram.agentIpVersion = size == 4 ? 4 : 6;
            datagram.agentHi = hi;
            datagram.agentLo = lo;
        } else {
            flow.nextHopIpVersion = size == 4 ? 4 : 6;
            flow.nextHopHi = hi;
            flow.nextHopLo = lo;
        }
        return p + 4 + size;
    }

    private void flowSample(byte[] b, int p, int end, boolean expanded) {
        FlowSample s = flow;
        s.reset(expanded);
        if (p + (expanded ? FLOW_EXPANDED_FIXED : FLOW_FIXED) > end) {
            error(SflowError.SAMPLE_TOO_SHORT);
            return;
        }
        s.sequence = u32(b, p);
        if (expanded) {
            s.sourceIdType = (int) u32(b, p + 4);
            s.sourceIdIndex = u32(b, p + 8);
            s.samplingRate = u32(b, p + 12);
            s.samplePool = u32(b, p + 16);
            s.drops = u32(b, p + 20);
            s.inputFormat = (int) u32(b, p + 24);
            s.inputValue = u32(b, p + 28);
            s.outputFormat = (int) u32(b, p + 32);
            s.outputValue = u32(b, p + 36);
            p += 40;
        } else {
            long source = u32(b, p + 4);
            s.sourceIdType = (int) (source >>> 24);
            s.sourceIdIndex = source & 0xFF_FFFF;
            s.samplingRate = u32(b, p + 8);
            s.samplePool = u32(b, p + 12);
            s.drops = u32(b, p + 16);
            long input = u32(b, p + 20);
            long output = u32(b, p + 24);
            // A compact interface is 2 bits of format over a 30-bit value.
            s.inputFormat = (int) (input >>> 30);
            s.inputValue = input & 0x3FFF_FFFF;
            s.outputFormat = (int) (output >>> 30);
            s.outputValue = output & 0x3FFF_FFFF;
            p += 28;
        }
        long records = u32(b, p);
        s.recordCount = (int) Math.min(records, Integer.MAX_VALUE);
        p += 4;
        if (s.samplingRate == 0) {
            error(SflowError.BAD_SAMPLING_RATE);
            return;
        }
        for (long r = 0; r < records; r++) {
            if (p + 8 > end) {
                error(SflowError.RECORD_OVERRUN);
                return;
            }
            long format = u32(b, p);
            long length = u32(b, p + 4);
            p += 8;
            if (length > end - p) {
                error(SflowError.RECORD_OVERRUN);
                return;
            }
            int recordEnd = p + (int) length;
            boolean ok = switch (format >>> 12 != 0 ? -1 : (int) format) {
                case RECORD_RAW_HEADER -> rawHeader(b, p, recordEnd);
                case RECORD_SWITCH -> extendedSwitch(b, p, recordEnd);
                case RECORD_ROUTER -> extendedRouter(b, p, recordEnd);
                default -> {
                    stats.unknownFlowRecords++;
                    yield true;
                }
            };
            if (!ok) {
                return;
            }
            p = recordEnd;
        }
        s.number = ++flowSampleNumber;
        if (s.hasHeader) {
            decodeHeader(b, s);
        } else {
            stats.samplesWithoutHeader++;
        }
        stats.flowSamples++;
        if (expanded) {
            stats.expandedFlowSamples++;
        }
        listener.flowSample(datagram, s);
    }

    private boolean rawHeader(byte[] b, int p, int end) {
        if (p + RAW_HEADER_FIXED > end) {
            error(SflowError.RECORD_TOO_SHORT);
            return false;
        }
        long headerLength = u32(b, p + 12);
        if (headerLength > end - p - RAW_HEADER_FIXED) {
            error(SflowError.RECORD_TOO_SHORT);
            return false;
        }
        if (flow.hasHeader) {
            stats.unknownFlowRecords++; // a second header: the first one is the sample's
            return true;
        }
        flow.hasHeader = true;
        flow.headerProtocol = (int) Math.min(u32(b, p), Integer.MAX_VALUE);
        flow.frameLength = u32(b, p + 4);
        flow.stripped = u32(b, p + 8);
        flow.headerOffset = p + RAW_HEADER_FIXED;
        flow.headerLength = (int) headerLength;
        return true;
    }

    private boolean extendedSwitch(byte[] b, int p, int end) {
        if (p + SWITCH_LENGTH > end) {
            error(SflowError.RECORD_TOO_SHORT);
            return false;
        }
        flow.hasSwitch = true;
        flow.srcVlan = u32(b, p);
        flow.srcPriority = u32(b, p + 4);
        flow.dstVlan = u32(b, p + 8);
        flow.dstPriority = u32(b, p + 12);
        return true;
    }

    private boolean extendedRouter(byte[] b, int p, int end) {
        int q = address(b, p, end, false);
        if (q < 0) {
            return false;
        }
        if (q + 8 > end) {
            error(SflowError.RECORD_TOO_SHORT);
            return false;
        }
        flow.hasRouter = true;
        flow.srcMaskLength = u32(b, q);
        flow.dstMaskLength = u32(b, q + 4);
        return true;
    }

    private void decodeHeader(byte[] b, FlowSample s) {
        int linkType = switch (s.headerProtocol) {
            case HEADER_ETHERNET -> LinkType.ETHERNET;
            case HEADER_IPV4 -> LinkType.IPV4;
            case HEADER_IPV6 -> LinkType.IPV6;
            default -> -1;
        };
        if (linkType < 0) {
            stats.unsupportedHeaderProtocols++;
            return;
        }
        s.decoded = true;
        s.tcp = packetDecoder.decode(linkType, b, s.headerOffset, s.headerLength, s.number,
                datagram.timestampNanos, s.packet);
        if (s.tcp) {
            stats.tcpSamples++;
        }
    }

    private void counterSample(byte[] b, int p, int end, boolean expanded) {
        CounterSample s = counters;
        s.reset(expanded);
        if (p + (expanded ? COUNTER_EXPANDED_FIXED : COUNTER_FIXED) > end) {
            error(SflowError.SAMPLE_TOO_SHORT);
            return;
        }
        s.sequence = u32(b, p);
        if (expanded) {
            s.sourceIdType = (int) u32(b, p + 4);
            s.sourceIdIndex = u32(b, p + 8);
            p += 12;
        } else {
            long source = u32(b, p + 4);
            s.sourceIdType = (int) (source >>> 24);
            s.sourceIdIndex = source & 0xFF_FFFF;
            p += 8;
        }
        long records = u32(b, p);
        s.recordCount = (int) Math.min(records, Integer.MAX_VALUE);
        p += 4;
        for (long r = 0; r < records; r++) {
            if (p + 8 > end) {
                error(SflowError.RECORD_OVERRUN);
                return;
            }
            long format = u32(b, p);
            long length = u32(b, p + 4);
            p += 8;
            if (length > end - p) {
                error(SflowError.RECORD_OVERRUN);
                return;
            }
            if (format == COUNTERS_GENERIC) {
                if (length < GENERIC_COUNTERS_LENGTH) {
                    error(SflowError.RECORD_TOO_SHORT);
                    return;
                }
                genericCounters(b, p, s.interfaceCounters);
                s.hasInterfaceCounters = true;
            } else {
                stats.unknownCounterRecords++;
            }
            p += (int) length;
        }
        stats.counterSamples++;
        listener.counterSample(datagram, s);
    }

    private static void genericCounters(byte[] b, int p, InterfaceCounters c) {
        c.ifIndex = u32(b, p);
        c.ifType = u32(b, p + 4);
        c.ifSpeed = u64(b, p + 8);
        c.ifDirection = u32(b, p + 16);
        c.ifStatus = u32(b, p + 20);
        c.inOctets = u64(b, p + 24);
        c.inUnicastPackets = u32(b, p + 32);
        c.inMulticastPackets = u32(b, p + 36);
        c.inBroadcastPackets = u32(b, p + 40);
        c.inDiscards = u32(b, p + 44);
        c.inErrors = u32(b, p + 48);
        c.inUnknownProtocols = u32(b, p + 52);
        c.outOctets = u64(b, p + 56);
        c.outUnicastPackets = u32(b, p + 64);
        c.outMulticastPackets = u32(b, p + 68);
        c.outBroadcastPackets = u32(b, p + 72);
        c.outDiscards = u32(b, p + 76);
        c.outErrors = u32(b, p + 80);
        c.promiscuousMode = u32(b, p + 84);
    }

    private SflowError error(SflowError e) {
        stats.error(e);
        if (first == SflowError.NONE) {
            first = e;
        }
        return first;
    }
}
