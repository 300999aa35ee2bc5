package dev.sampo.sflow;

/**
 * One counter sample (format 2, or expanded format 4), refilled in place. Of its records only the
 * generic interface counters are decoded; the others (Ethernet, processor, …) are skipped by
 * length and counted. Valid during {@link SflowListener#counterSample} only.
 */
public final class CounterSample {
    public boolean expanded;
    public long sequence;
    public int sourceIdType;
    public long sourceIdIndex;
    public int recordCount;
    public boolean hasInterfaceCounters;
    public final InterfaceCounters interfaceCounters = new InterfaceCounters();

    void reset(boolean expanded) {
        this.expanded = expanded;
        sequence = 0;
        sourceIdType = 0;
        sourceIdIndex = 0;
        recordCount = 0;
        hasInterfaceCounters = false;
    }
}
