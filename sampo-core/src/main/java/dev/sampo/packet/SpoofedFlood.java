package dev.sampo.packet;

import dev.sampo.flow.IpAddress;
import dev.sampo.mptcp.MptcpOption;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A flood of spoofed MPTCP subflows, for flood tests and benchmarks: one segment per subflow,
 * each from a random 5-tuple and carrying a DSS option with a random 64-bit mapping and
 * DATA_ACK, which is what it takes to be tracked as a live subflow. Times are spread evenly over
 * the span, so the flood can be merged by time into a real capture. Deterministic for a seed.
 */
public final class SpoofedFlood implements Iterator<PacketRecord> {
    private final SplittableRandom random;
    private final long count;
    private final long startMicros;
    private final long spanMicros;
    private long made;

    /** {@code count} records from {@code startMicros} to {@code startMicros + spanMicros}. */
    public SpoofedFlood(long seed, long count, long startMicros, long spanMicros) {
        this.random = new SplittableRandom(seed);
        this.count = count;
        this.startMicros = startMicros;
        this.spanMicros = spanMicros;
    }

    @Override
    public boolean hasNext() {
        return made < count;
    }

    @Override
    public PacketRecord next() {
        if (made >= count) {
            throw new NoSuchElementException("the flood's " + count + " records are all made");
        }
        long t = startMicros + (long) ((double) spanMicros * made / count);
        made++;
        int len = 1 + random.nextInt(1448);
        MptcpOption dss = new MptcpOption.Dss(random.nextLong(), random.nextLong(1L << 32), len, random.nextLong(),
                false, 8, 8, null);
        // 198.18.0.0/15, the benchmarking range (RFC 2544), so spoofs never collide with a capture's hosts.
        IpAddress src = IpAddress.ofV4(0xC612_0000 | random.nextInt(1 << 17));
        IpAddress dst = IpAddress.ofV4(0xC612_0000 | random.nextInt(1 << 17));
        return new PacketRecord(made, t, null, src, 1024 + random.nextInt(64512), dst, 1024 + random.nextInt(64512),
                random.nextLong(1L << 32), random.nextLong(1L << 32), len, Packet.ACK, 1, null, List.of(dss));
    }
}
