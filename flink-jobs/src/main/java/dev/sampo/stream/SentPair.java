package dev.sampo.stream;

import dev.sampo.association.Evidence;
import dev.sampo.association.PairDecision;

/**
 * What is sent of a pair that can change: a pair is sent again only when one of these changes.
 *
 * @param phiMillis Φ to three places
 */
record SentPair(PairDecision.Verdict verdict, Evidence evidence, long phiMillis) {
    static SentPair of(PairDecision d) {
        return new SentPair(d.verdict(), d.evidence(), Math.round(d.phi() * 1000));
    }
}
