package dev.sampo.association;

/**
 * Why a same-session pair that the sample shows was left apart (docs/ASSOCIATION.md, where recall
 * is lost). {@link MissedPairs#cause} assigns the first that applies, in this order.
 */
public enum MissCause {
    /** One subflow's sampled packets carry no DSN or DATA_ACK (MP_JOIN handshake only, say). */
    NO_DSN_EVIDENCE("no DSN evidence"),
    /** Their evidence breaks one monotone (time × DSN) curve, or overlaps, in every orientation. */
    CONFLICTING_TIME("conflicting time evidence"),
    /** One subflow holds a single evidence box. */
    SINGLE_SAMPLE("one subflow has a single sample"),
    /** Consistent, yet the coincidence bound in a 2^32 space is above what a decision needs. */
    LOOSE_COINCIDENCE("coincidence bound too loose for 2^32"),
    /** Judged the same, or beyond the candidate reach: left apart for another reason. */
    OTHER("other");

    private final String label;

    MissCause(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
