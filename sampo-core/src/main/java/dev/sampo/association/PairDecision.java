package dev.sampo.association;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sampo.flow.SubflowId;

/**
 * What association concluded about two subflows.
 *
 * @param phi Φ, confidence that they belong to one session
 * @param phiDistinct Φ_D, confidence that they belong to different sessions
 * @param evidence {@link Evidence#TOKEN} or {@link Evidence#DSN}
 * @param dsnBits the DSN width the decision was made at (0 for token evidence)
 * @param crossed whether the data directions matched crosswise (a's a→b data is b's b→a data)
 */
@JsonPropertyOrder({"a", "b", "verdict", "phi", "phi_distinct", "evidence", "dsn_bits", "crossed"})
public record PairDecision(
        SubflowId a,
        SubflowId b,
        Verdict verdict,
        double phi,
        @JsonProperty("phi_distinct") double phiDistinct,
        Evidence evidence,
        @JsonProperty("dsn_bits") int dsnBits,
        boolean crossed) {

    public enum Verdict { SAME, DISTINCT, UNDECIDED }
}
