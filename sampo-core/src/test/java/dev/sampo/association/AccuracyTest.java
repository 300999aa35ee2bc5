package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.eval.Evaluation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The accuracy thresholds on real kernel captures: the bundled lab sample always, and the
 * paper's setting (../shared/datasets/paper40) where it is present, as in CI.
 */
class AccuracyTest {
    private static final AssociationConfig DSN_ONLY = AssociationConfig.builder().useTokens(false).build();

    private static void assertThresholds(Evaluation.Report r, double precision, double ofOracle) {
        assertTrue(r.precision() >= precision, "precision " + r.precision() + " < " + precision + ": " + r);
        assertTrue(r.recallOfOracle() >= ofOracle, "recall of oracle " + r.recallOfOracle() + " < " + ofOracle + ": " + r);
    }

    @Test
    void tokensOnTheFullBundledCaptureArePerfect() throws Exception {
        Evaluation.Report r = Captures.evaluate(Captures.bundledSample(), Captures.bundledTruth(), "none",
                AssociationConfig.DEFAULTS);
        assertEquals(1.0, r.precision());
        assertEquals(1.0, r.recall());
    }

    @Test
    void dsnOnlyOnTheBundledCapture() throws Exception {
        assertThresholds(Captures.evaluate(Captures.bundledSample(), Captures.bundledTruth(), "count:10", DSN_ONLY),
                0.999, 0.98);
        assertThresholds(Captures.evaluate(Captures.bundledSample(), Captures.bundledTruth(), "count:10",
                DSN_ONLY.toBuilder().dsnBits(32).build()), 0.99, 0);
    }

    @Test
    void paper40WithTokensIsPerfect() throws Exception {
        Path pcap = Captures.shared("paper40/full.pcap.gz");
        Evaluation.Report r = Captures.evaluate(pcap, Captures.shared("paper40/truth.json"), "none",
                AssociationConfig.DEFAULTS);
        assertEquals(1.0, r.precision());
        assertEquals(1.0, r.recall());
        assertEquals(240, r.tp());
    }

    @Test
    void paper40DsnOnlyAtOneIn100() throws Exception {
        assertThresholds(Captures.evaluate(Captures.shared("paper40/full.pcap.gz"),
                Captures.shared("paper40/truth.json"), "count:100", DSN_ONLY), 0.999, 0.98);
    }

    @Test
    void paper40DsnOnlyAtOneIn800WhereThePaperReportsZero() throws Exception {
        Evaluation.Report r = Captures.evaluate(Captures.shared("paper40/full.pcap.gz"),
                Captures.shared("paper40/truth.json"), "count:800", DSN_ONLY);
        assertThresholds(r, 0.99, 0.9);
        assertTrue(r.tp() > 0);
    }

    /** Issue 17's aims on paper40 (docs/ASSOCIATION.md §8): measured 0.963 and 0.611 of the oracle. */
    @Test
    void paper40With32BitDsnsAtOneIn100() throws Exception {
        assertThresholds(Captures.evaluate(Captures.shared("paper40/full.pcap.gz"),
                Captures.shared("paper40/truth.json"), "count:100", DSN_ONLY.toBuilder().dsnBits(32).build()), 0.999, 0.95);
    }

    @Test
    void paper40With32BitDsnsAtOneIn800() throws Exception {
        assertThresholds(Captures.evaluate(Captures.shared("paper40/full.pcap.gz"),
                Captures.shared("paper40/truth.json"), "count:800", DSN_ONLY.toBuilder().dsnBits(32).build()), 0.999, 0.6);
    }
}
