package dev.sampo.migration.plan;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a session's state and packets move between instances, chosen per NF type (MIGRATION.md §5).
 */
public enum MigrationProtocol {
    /** Weak-O: the critical state first, reroute at a cohesive-subsequence boundary, the rest eventually. */
    WEAK_O("weak-o"),
    /** SHarP: loss-free, order-preserving handover that buffers at the destination. */
    SHARP("sharp"),
    /** Reprocessing: the source keeps processing; the destination replays copies with output suppressed. */
    REPROCESS("reprocess"),
    /** OpenNF's loss-free move, buffering at the controller until the state is in: the baseline. */
    CONTROLLER_BUFFER("buffer");

    private final String cliName;

    MigrationProtocol(String cliName) {
        this.cliName = cliName;
    }

    @JsonValue
    public String cliName() {
        return cliName;
    }

    public static MigrationProtocol ofName(String name) {
        for (MigrationProtocol p : values()) {
            if (p.cliName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown migration protocol '" + name + "' (weak-o, sharp, reprocess, buffer)");
    }

    /**
     * The protocol an NF type needs: reprocessing when its output must not pause, SHarP when its
     * state depends on packet order, Weak-O when only a critical substate must precede the reroute.
     */
    public static MigrationProtocol forNf(NfTraits traits) {
        if (traits.outputMustNotPause()) {
            return REPROCESS;
        }
        if (traits.orderSensitive() || !traits.hasNonCohesiveStretch()) {
            return SHARP;
        }
        return WEAK_O;
    }

    /**
     * What decides an NF type's protocol.
     *
     * @param orderSensitive its state depends on the order of packets (a reassembling IDS)
     * @param hasNonCohesiveStretch its traffic has stretches with no critical substate open, common
     *     to all subflows of a session (a NAT between handshakes)
     * @param outputMustNotPause the source must keep producing output during the move
     */
    public record NfTraits(boolean orderSensitive, boolean hasNonCohesiveStretch, boolean outputMustNotPause) {
    }
}
