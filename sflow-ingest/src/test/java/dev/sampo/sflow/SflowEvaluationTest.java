package dev.sampo.sflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.OfflineRun;
import dev.sampo.eval.Evaluation;
import dev.sampo.eval.Truth;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.sampling.Sampler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sampo eval paper40-sflow-1in50.pcap --input sflow --truth truth.json}, in process: the
 * engine over pmacct's real sFlow export of the paper's setting, scored against the kernel's truth.
 */
class SflowEvaluationTest {
    @ParameterizedTest(name = "tokens {0}")
    @ValueSource(booleans = {true, false})
    void pmacctExportAssociatesAsWellAsTheOracleAllows(boolean tokens) throws IOException {
        Truth truth = Truth.read(Fixtures.path(Fixtures.PAPER40_TRUTH));
        Evaluation eval = new Evaluation(truth);
        AssociationConfig config = AssociationConfig.builder().useTokens(tokens).build();
        try (PacketSource source = new SflowPacketSource(Fixtures.path(Fixtures.PAPER40), Sampler.parse("none"), true)) {
            OfflineRun.Outcome run = OfflineRun.run(source, new AssociationEngine(config), eval::observe);
            Evaluation.Report r = eval.report(run.result(), run.firstSampled(), source.frames(), source.sampledFrames(), 0);

            assertEquals(7521, source.frames());
            assertEquals(240, r.positivePairs());
            assertTrue(r.precision() >= 0.999, () -> "precision " + r);
            assertTrue(r.recallOfOracle() >= 0.95, () -> "recall of oracle " + r);
            assertTrue(r.oracleRecall() > 0.95, () -> "1-in-50 samples nearly every subflow: " + r);
        }
    }

    /** Each record carries its own sample's rate and observation point, and its datagram's time. */
    @ParameterizedTest
    @ValueSource(strings = {"none", "count:3"})
    void recordsCarryTheirSamplesRateAndObservationPoint(String thinning) throws IOException {
        int extra = Sampler.parse(thinning).rate();
        List<PacketRecord> records = new ArrayList<>();
        try (PacketSource source = new SflowPacketSource(Fixtures.path(Fixtures.PAPER40), Sampler.parse(thinning), true)) {
            for (PacketRecord p = source.next(); p != null; p = source.next()) {
                records.add(p);
            }
            assertEquals(7521, source.frames());
            assertEquals(7521 / extra, source.sampledFrames());
        }
        List<Fixtures.Datagram> datagrams = Fixtures.datagrams(Fixtures.PAPER40);
        long firstMicros = datagrams.get(0).timestampNanos() / 1000;
        long lastMicros = datagrams.get(datagrams.size() - 1).timestampNanos() / 1000;

        // 3,688 of the 7,521 samples carry MPTCP options (the others are the plain-TCP clients').
        assertEquals(3688.0 / extra, records.size(), 3688.0 / extra * 0.05);
        for (int i = 0; i < records.size(); i++) {
            PacketRecord p = records.get(i);
            assertEquals(50 * extra, p.samplingRate());
            assertEquals("192.0.2.10/0/1", p.observationPoint());
            assertTrue(p.tsMicros() >= firstMicros && p.tsMicros() <= lastMicros);
            assertTrue(i == 0 || records.get(i - 1).tsMicros() <= p.tsMicros(), "time never goes back");
            assertTrue(!p.mptcp().isEmpty());
        }
    }
}
