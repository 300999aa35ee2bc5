package dev.sampo.association;

import dev.sampo.packet.PacketRecord;
import java.util.Comparator;

/**
 * A total order on packet records by content (time first), so that evidence applied in this
 * order gives the same state whatever order a period's packets arrived in.
 */
public final class PacketOrder {
    public static final Comparator<PacketRecord> BY_CONTENT = Comparator
            .comparingLong(PacketRecord::tsMicros)
            .thenComparing(PacketRecord::src)
            .thenComparingInt(PacketRecord::sport)
            .thenComparing(PacketRecord::dst)
            .thenComparingInt(PacketRecord::dport)
            .thenComparingLong(PacketRecord::seq)
            .thenComparingLong(PacketRecord::ack)
            .thenComparingInt(PacketRecord::len)
            .thenComparingInt(PacketRecord::flags)
            .thenComparingLong(PacketRecord::frame)
            .thenComparing(p -> p.mptcp().toString());

    private PacketOrder() {
    }
}
