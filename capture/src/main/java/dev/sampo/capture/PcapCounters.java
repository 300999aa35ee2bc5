package dev.sampo.capture;

/**
 * libpcap's counters for a live handle (pcap_stats).
 *
 * @param received frames the kernel passed the filter (ps_recv)
 * @param dropped frames the kernel dropped because the ring buffer was full (ps_drop)
 * @param interfaceDropped frames the interface or its driver dropped (ps_ifdrop)
 */
public record PcapCounters(long received, long dropped, long interfaceDropped) {
    public static final PcapCounters NONE = new PcapCounters(0, 0, 0);
}
