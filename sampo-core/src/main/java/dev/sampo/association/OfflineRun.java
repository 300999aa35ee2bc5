package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Drives an {@link AssociationEngine} over a finite packet source in event time: a period closes
 * at every boundary the packets cross, and once more at the end, each handing what it changed to
 * the caller; the outcome holds the whole table at the end.
 */
public final class OfflineRun {
    /**
     * @param firstSampled when each subflow's first sampled MPTCP packet was seen (µs)
     */
    public record Outcome(AssociationResult result, Map<SubflowId, Long> firstSampled, long packets) {
    }

    private OfflineRun() {
    }

    public static Outcome run(PacketSource source, AssociationEngine engine, Consumer<AssociationDelta> everyPeriod)
            throws IOException {
        PeriodClock clock = new PeriodClock(engine.config().periodMicros());
        long last = 0;
        long packets = 0;
        Map<SubflowId, Long> firstSampled = new HashMap<>();
        for (PacketRecord p = source.next(); p != null; p = source.next()) {
            long t = p.tsMicros();
            clock.advanceTo(t, boundary -> everyPeriod.accept(engine.period(boundary)));
            if (!p.mptcp().isEmpty()) {
                firstSampled.putIfAbsent(SubflowId.of(p.src(), p.sport(), p.dst(), p.dport()), t);
            }
            engine.accept(p);
            last = Math.max(last, t);
            packets++;
        }
        everyPeriod.accept(engine.period(last));
        return new Outcome(engine.result(), firstSampled, packets);
    }
}
