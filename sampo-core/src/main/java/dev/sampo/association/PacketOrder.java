package dev.sampo.association;

import dev.sampo.packet.PacketRecord;
import java.util.Comparator;

/**
 * A total order on packet records by content (time first), so that evidence applied in this
 * order gives the same state whatever order a period's packets arrived in.
 */
public final class PacketOrder {
    /**
     * Written out rather than chained from key extractors: every period sorts its packets by it,
     * and batch commands run on the C1 compiler, which does not inline a chain of lambdas.
     */
    public static final Comparator<PacketRecord> BY_CONTENT = PacketOrder::compare;

    private PacketOrder() {
    }

    private static int compare(PacketRecord x, PacketRecord y) {
        int c = Long.compare(x.tsMicros(), y.tsMicros());
        if (c == 0) {
            c = x.src().compareTo(y.src());
        }
        if (c == 0) {
            c = Integer.compare(x.sport(), y.sport());
        }
        if (c == 0) {
            c = x.dst().compareTo(y.dst());
        }
        if (c == 0) {
            c = Integer.compare(x.dport(), y.dport());
        }
        if (c == 0) {
            c = Long.compare(x.seq(), y.seq());
        }
        if (c == 0) {
            c = Long.compare(x.ack(), y.ack());
        }
        if (c == 0) {
            c = Integer.compare(x.len(), y.len());
        }
        if (c == 0) {
            c = Integer.compare(x.flags(), y.flags());
        }
        if (c == 0) {
            c = Long.compare(x.frame(), y.frame());
        }
        return c != 0 ? c : x.mptcp().toString().compareTo(y.mptcp().toString());
    }
}
