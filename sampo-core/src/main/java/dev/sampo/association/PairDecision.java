package dev.sampo.association;

import dev.sampo.flow.SubflowId;

/**
 * What association concluded about two subflows. Its JSON, with the time it was made, is
 * {@code dev.sampo.wire.PairRecord}.
 *
 * @param phi Φ, confidence that they belong to one session
 * @param phiDistinct Φ_D, confidence that they belong to different sessions
 * @param evidence {@link Evidence#TOKEN} or {@link Evidence#DSN}
 * @param dsnBits the DSN width the decision was made at (0 for token evidence)
 * @param crossed whether the data directions matched crosswise (a's a→b data is b's b→a data)
 */
public record PairDecision(
        SubflowId a,
        SubflowId b,
        Verdict verdict,
        double phi,
        double phiDistinct,
        Evidence evidence,
        int dsnBits,
        boolean crossed) {

    public enum Verdict { SAME, DISTINCT, UNDECIDED }
}
