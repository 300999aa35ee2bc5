package dev.sampo.migration.handover;

import dev.sampo.migration.nf.Packet;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reprocessing's destination side for one session: copies of what the source processed after its
 * snapshot (applied with output suppressed) and real packets from the switch (with output) are
 * applied in the switch's sequence order, starting right after the snapshot; an arrival ahead of
 * its turn waits for the ones before it.
 */
public final class ReplaySequencer {
    /** A packet at the destination: a copy to replay, or a real one to process. */
    public record Arrival(Packet packet, boolean real) {
    }

    private final TreeMap<Long, Arrival> waiting = new TreeMap<>();
    private final BufferGauge gauge;
    private final Consumer<Arrival> apply;
    private long nextSeq;
    private long copiesApplied;

    /**
     * @param nextSeq the first sequence number after the snapshot (the packets the source had
     *     processed when it took it)
     * @param apply replays a copy or processes a real packet at the destination
     */
    public ReplaySequencer(long nextSeq, BufferGauge gauge, Consumer<Arrival> apply) {
        this.nextSeq = nextSeq;
        this.gauge = gauge;
        this.apply = apply;
    }

    public void arrive(Arrival a) {
        if (a.packet().seq() != nextSeq) {
            waiting.put(a.packet().seq(), a);
            gauge.add();
            return;
        }
        applyInTurn(a);
        int released = 0;
        for (Arrival next = waiting.remove(nextSeq); next != null; next = waiting.remove(nextSeq)) {
            applyInTurn(next);
            released++;
        }
        gauge.remove(released);
    }

    public long copiesApplied() {
        return copiesApplied;
    }

    /** Arrivals waiting for an earlier one. */
    public int held() {
        return waiting.size();
    }

    private void applyInTurn(Arrival a) {
        apply.accept(a);
        if (!a.real()) {
            copiesApplied++;
        }
        nextSeq++;
    }
}
