package dev.sampo.sflow;

/**
 * Names the observation point of a flow sample, "agent/sub-agent/ifIndex" (the data source's
 * index), interning the strings so that a steady stream of samples allocates none. The table is
 * bounded: once it is half full (a storm of spoofed agents, say), further names are built per
 * sample rather than cached.
 */
final class ObservationPoints {
    private static final int CAPACITY = 1 << 12;

    private final long[] his = new long[CAPACITY];
    private final long[] los = new long[CAPACITY];
    private final long[] sources = new long[CAPACITY];
    private final String[] names = new String[CAPACITY];
    private int size;

    String of(SflowDatagram d, FlowSample s) {
        long source = (d.subAgentId << 32) | s.sourceIdIndex;
        int h = hash(d.agentHi, d.agentLo, source);
        for (int i = h & (CAPACITY - 1); ; i = (i + 1) & (CAPACITY - 1)) {
            String name = names[i];
            if (name == null) {
                name = d.agent() + "/" + d.subAgentId + "/" + s.sourceIdIndex;
                if (size < CAPACITY / 2) {
                    his[i] = d.agentHi;
                    los[i] = d.agentLo;
                    sources[i] = source;
                    names[i] = name;
                    size++;
                }
                return name;
            }
            if (his[i] == d.agentHi && los[i] == d.agentLo && sources[i] == source) {
                return name;
            }
        }
    }

    private static int hash(long hi, long lo, long source) {
        long h = hi * 0x9E37_79B9_7F4A_7C15L ^ lo * 0xC2B2_AE3D_27D4_EB4FL ^ source * 0x1656_67B1_9E37_79F9L;
        return (int) (h ^ (h >>> 29) ^ (h >>> 47));
    }
}
