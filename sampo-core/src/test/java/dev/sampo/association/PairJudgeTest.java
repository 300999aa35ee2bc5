package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairJudgeTest {
    private static Map<SubflowId, SubflowEvidence> collect(AssociationConfig config, List<PacketRecord> packets) {
        EvidenceCollector collector = new EvidenceCollector(config);
        Map<SubflowId, SubflowEvidence> m = new HashMap<>();
        for (PacketRecord p : packets) {
            SubflowId id = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
            collector.collect(p, m.computeIfAbsent(id, k -> new SubflowEvidence(k, config.boxesPerTrack())));
        }
        return m;
    }

    @Test
    void subflowsOfOneDownloadAreTheSameSessionAt64Bits() {
        SubflowId a = SyntheticSessions.subflow(1, 0, 40000);
        SubflowId b = SyntheticSessions.subflow(1, 1, 40001);
        List<PacketRecord> all = SyntheticSessions.download(List.of(a, b), 0x7000_0000_0000_0000L, 12345, 0,
                2_000_000, 2_000_000, 8, new SplittableRandom(1));
        var ev = collect(AssociationConfig.DEFAULTS, SyntheticSessions.sample(all, 100));
        PairDecision d = new PairJudge(AssociationConfig.DEFAULTS).judge(ev.get(a), ev.get(b));
        assertEquals(PairDecision.Verdict.SAME, d.verdict());
        assertTrue(d.phi() > 0.999999);
    }

    @Test
    void bothOrientationsAreTried() {
        // One subflow's canonical endpoint order is reversed relative to the other's.
        SubflowId a = SyntheticSessions.subflow(1, 0, 40000);
        SubflowId b = SubflowId.of(dev.sampo.flow.IpAddress.parse("10.0.0.1"), 40001,
                dev.sampo.flow.IpAddress.parse("10.1.0.2"), 5000);
        List<PacketRecord> all = SyntheticSessions.download(List.of(a, b), 42L << 40, 777, 0, 2_000_000,
                2_000_000, 8, new SplittableRandom(2));
        var ev = collect(AssociationConfig.DEFAULTS, SyntheticSessions.sample(all, 50));
        PairDecision d = new PairJudge(AssociationConfig.DEFAULTS).judge(ev.get(a), ev.get(b));
        assertEquals(PairDecision.Verdict.SAME, d.verdict());
        assertTrue(d.crossed());
    }

    @Test
    void distinctSessionsOverlappingIn32BitSpaceAreNotMerged() {
        AssociationConfig config = AssociationConfig.builder().dsnBits(32).build();
        SubflowId a = SyntheticSessions.subflow(1, 0, 40000);
        SubflowId b = SyntheticSessions.subflow(2, 0, 40000);
        // Same low 32 bits of the server space, started 5 s apart: they collide in DSN, not in time,
        // and their constant client-side DATA_ACKs differ.
        List<PacketRecord> s1 = SyntheticSessions.download(List.of(a), 0x1_0000_1000L, 111, 0, 2_000_000,
                1_000_000, 4, new SplittableRandom(3));
        List<PacketRecord> s2 = SyntheticSessions.download(List.of(b), 0x2_0000_1000L, 999_999, 5_000_000,
                2_000_000, 1_000_000, 4, new SplittableRandom(4));
        List<PacketRecord> both = new java.util.ArrayList<>(SyntheticSessions.sample(s1, 10));
        both.addAll(SyntheticSessions.sample(s2, 10));
        var ev = collect(config, both);
        PairDecision d = new PairJudge(config).judge(ev.get(a), ev.get(b));
        assertTrue(d.verdict() != PairDecision.Verdict.SAME, d.toString());
    }

    @Test
    void aLonePointCoincidenceIn32BitsIsNotEnough() {
        AssociationConfig config = AssociationConfig.builder().dsnBits(32).build();
        SubflowEvidence x = new SubflowEvidence(SyntheticSessions.subflow(1, 0, 1), 16);
        SubflowEvidence y = new SubflowEvidence(SyntheticSessions.subflow(2, 0, 1), 16);
        x.tracks[0].addAck(1, 1_000_000, 32);
        y.tracks[0].addAck(1, 1_040_000, 32); // 40 KB apart: the 3paths false positive, by hand
        assertTrue(new PairJudge(config).judge(x, y).verdict() != PairDecision.Verdict.SAME);
    }
}
