package dev.sampo.stream;

import dev.sampo.association.PairDecision;
import dev.sampo.flow.SubflowId;

/** Which pair a decision is about; {@code a|b} as the key of a {@code sampo.pairs} record. */
record PairKey(SubflowId a, SubflowId b) {
    static PairKey of(PairDecision d) {
        return new PairKey(d.a(), d.b());
    }

    @Override
    public String toString() {
        return a + "|" + b;
    }
}
