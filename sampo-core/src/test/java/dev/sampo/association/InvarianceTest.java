package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decisions must not depend on arrival order within a period, nor on how DSN space is split. */
class InvarianceTest {
    private static AssociationResult runShuffled(List<PacketRecord> packets, AssociationConfig config, long seed) {
        AssociationEngine engine = new AssociationEngine(config);
        List<PacketRecord> copy = new ArrayList<>(packets);
        if (seed != 0) {
            Collections.shuffle(copy, new Random(seed));
        }
        long last = 0;
        for (PacketRecord p : copy) {
            engine.accept(p);
            last = Math.max(last, p.tsMicros());
        }
        return engine.associate(last);
    }

    @Test
    void decisionsDoNotDependOnArrivalOrderWithinAPeriod() throws Exception {
        List<PacketRecord> packets = Captures.read(Captures.bundledSample(), "count:7");
        AssociationConfig config = AssociationConfig.builder().useTokens(false)
                .period(Duration.ofHours(1)).horizon(Duration.ofHours(1)).idleTimeout(Duration.ofHours(1)).build();
        AssociationResult reference = runShuffled(packets, config, 0);
        assertTrue(reference.sessions().stream().anyMatch(s -> s.subflows().size() > 1), "a non-trivial case");
        for (long seed = 1; seed <= 5; seed++) {
            AssociationResult r = runShuffled(packets, config, seed);
            assertEquals(reference.pairs(), r.pairs(), "seed " + seed);
            assertEquals(reference.sessions(), r.sessions(), "seed " + seed);
        }
    }

    @Test
    void decisionsDoNotDependOnBucketPartitioning() throws Exception {
        for (int bits : new int[] {64, 32}) {
            AssociationConfig config = AssociationConfig.builder().useTokens(false).dsnBits(bits).build();
            Map<SubflowId, SubflowEvidence> evidence = new HashMap<>();
            EvidenceCollector collector = new EvidenceCollector(config);
            for (PacketRecord p : Captures.read(Captures.bundledSample(), "count:5")) {
                SubflowId id = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
                collector.collect(p, evidence.computeIfAbsent(id, k -> new SubflowEvidence(k, config.boxesPerTrack())));
            }
            List<SubflowEvidence> all = new ArrayList<>(evidence.values());
            Associator associator = new Associator(config);
            List<PairDecision> global = associator.decide(all);
            assertTrue(global.size() > 10, "enough candidate pairs to mean something: " + global.size());
            for (int count : new int[] {1, 2, 3, 7, 64}) {
                DsnBuckets buckets = new DsnBuckets(count);
                Map<Integer, List<SubflowEvidence>> byBucket = new HashMap<>();
                for (SubflowEvidence s : all) {
                    for (int b : buckets.bucketsOf(s)) {
                        byBucket.computeIfAbsent(b, k -> new ArrayList<>()).add(SubflowEvidence.fromBytes(s.toBytes()));
                    }
                }
                List<PairDecision> union = new ArrayList<>();
                byBucket.forEach((b, members) -> union.addAll(associator.decide(members, buckets, b)));
                union.sort((x, y) -> {
                    int c = x.a().compareTo(y.a());
                    return c != 0 ? c : x.b().compareTo(y.b());
                });
                assertEquals(global, union, bits + "-bit DSNs, " + count + " buckets");
            }
        }
    }
}
