package dev.sampo.migration.sim;

import dev.sampo.migration.nf.NfKind;
import dev.sampo.migration.plan.MigrationProtocol;
import java.util.EnumSet;
import java.util.Set;

/** The properties every run checks (MIGRATION.md §5), each counted as violations. */
public enum Property {
    /** L: a packet that entered was processed (with output) by neither instance. */
    LOSS("loss"),
    /** A packet processed with output more than once, or by both instances. */
    DUPLICATE("duplicate"),
    /** A packet processed at the source after the destination processed one of the session. */
    RETURN_TO_SOURCE("return_to_source"),
    /** A session whose final state differs from the fold of its packets in switch order. */
    FINAL_STATE("final_state"),
    /** A buffer (all sessions at the controller, or at the NFs) beyond its bound; for Weak-O the bound is 0. */
    BUFFER_BOUND("buffer_bound"),
    /** A migration whose session ran on both instances at once for longer than its measured reroute time. */
    SPLIT("split"),
    /** A packet processed after a later packet of its session. */
    REORDER("reorder"),
    /** A cohesive packet processed after a later packet of its subflow. */
    COHESIVE_REORDER("cohesive_reorder"),
    /** A packet processed where its subflow's critical state (the SYN's mapping) was missing. */
    CSS_MISSING("css_missing"),
    /** A subflow that joined during a migration and was processed at the source after the switch. */
    JOIN_STRAY("join_stray"),
    /** A migration that did not complete by the end of the run. */
    INCOMPLETE("incomplete");

    private final String jsonName;

    Property(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /**
     * What a protocol promises for an NF kind. Weak-O promises no loss, no duplicate, no buffering,
     * cohesive order and critical state first, and for commutative state the ideal final state; it
     * lets in-flight packets reach the source after the switch, so it promises neither order nor a
     * bounded split. The buffering protocols and reprocessing promise everything.
     */
    public static Set<Property> promisedBy(MigrationProtocol protocol, NfKind nf) {
        if (protocol != MigrationProtocol.WEAK_O) {
            return EnumSet.allOf(Property.class);
        }
        Set<Property> weakO = EnumSet.of(LOSS, DUPLICATE, BUFFER_BOUND, COHESIVE_REORDER, CSS_MISSING, INCOMPLETE);
        if (nf == NfKind.COUNTERS) {
            weakO.add(FINAL_STATE);
        }
        return weakO;
    }
}
