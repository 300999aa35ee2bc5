package dev.sampo.wire;

import dev.sampo.association.Evidence;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sampo.association.PairDecision;
import dev.sampo.flow.SubflowId;
import java.util.Objects;

/**
 * A {@link Topics#PAIRS} value, schema {@link Schemas#PAIR_V1}: a {@link PairDecision} and the
 * time it was made. The record's key is {@code a|b}.
 *
 * @param phi Φ, confidence that the two belong to one session
 * @param phiDistinct Φ_D, confidence that they belong to different sessions
 * @param evidence "token" or "dsn"
 * @param dsnBits the DSN width the decision was made at (0 for token evidence)
 * @param crossed whether the data directions matched crosswise
 * @param atMicros the end of the association period that decided it (packet time, µs)
 */
@JsonPropertyOrder({"a", "b", "verdict", "phi", "phi_distinct", "evidence", "dsn_bits", "crossed", "at_us"})
public record PairRecord(
        SubflowId a,
        SubflowId b,
        PairDecision.Verdict verdict,
        double phi,
        @JsonProperty("phi_distinct") double phiDistinct,
        Evidence evidence,
        @JsonProperty("dsn_bits") int dsnBits,
        boolean crossed,
        @JsonProperty("at_us") long atMicros) {

    public PairRecord {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(evidence, "evidence");
    }

    public static PairRecord of(PairDecision d, long atMicros) {
        return new PairRecord(d.a(), d.b(), d.verdict(), d.phi(), d.phiDistinct(), d.evidence(), d.dsnBits(),
                d.crossed(), atMicros);
    }

    /** The decision itself, without its time. */
    public PairDecision decision() {
        return new PairDecision(a, b, verdict, phi, phiDistinct, evidence, dsnBits, crossed);
    }

    /** @throws IllegalArgumentException for a value that is not pair.v1 JSON */
    public static PairRecord parse(String json) {
        return OutputJson.read(json, PairRecord.class, Schemas.PAIR_V1);
    }

    public String toJson() {
        return OutputJson.write(this);
    }
}
