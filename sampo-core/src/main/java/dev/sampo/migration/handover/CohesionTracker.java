package dev.sampo.migration.handover;

import dev.sampo.migration.nf.Packet;
import java.util.BitSet;

/**
 * What the switch knows of one session's cohesive subsequences (a register per session in a P4
 * switch): which subflows are mid-handshake, and when the last cohesive packet passed.
 */
public final class CohesionTracker {
    private final BitSet open = new BitSet();
    private long lastCohesiveMicros = Long.MIN_VALUE / 2;

    /** No subflow is mid-handshake, and none has been for the guard time (Weak-O's timer T). */
    public boolean atBoundary(long nowMicros, long guardMicros) {
        return open.isEmpty() && nowMicros - lastCohesiveMicros >= guardMicros;
    }

    public void saw(Packet p, long nowMicros) {
        if (!p.cohesive()) {
            return;
        }
        lastCohesiveMicros = nowMicros;
        if (p.subflowSeq() == Packet.HANDSHAKE - 1) {
            open.clear(p.subflow());
        } else {
            open.set(p.subflow());
        }
    }
}
