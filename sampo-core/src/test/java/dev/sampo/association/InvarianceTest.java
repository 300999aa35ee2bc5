package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Decisions must not depend on arrival order within a period, nor on how DSN space is split, nor
 * on the engine renewing only what each period changed.
 */
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

    /** Every subflow's evidence from the bundled sample, sampled so, in arrival order. */
    private static List<SubflowEvidence> bundledEvidence(AssociationConfig config, String sampling) throws Exception {
        Map<SubflowId, SubflowEvidence> evidence = new HashMap<>();
        EvidenceCollector collector = new EvidenceCollector(config);
        for (PacketRecord p : Captures.read(Captures.bundledSample(), sampling)) {
            SubflowId id = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
            collector.collect(p, evidence.computeIfAbsent(id, k -> new SubflowEvidence(k, config.boxesPerTrack())));
        }
        return new ArrayList<>(evidence.values());
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
            List<SubflowEvidence> all = bundledEvidence(config, "count:5");
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

    /**
     * A decision does not depend on which of its two subflows comes first, at 32 and 64 bits, and
     * the time × DSN prediction (the evidence of docs/ASSOCIATION.md §2, step 7) is among what
     * decides: some comparison's chance comes from it.
     */
    @Test
    void decisionsDoNotDependOnTheOrderOfTheTwoSubflows() throws Exception {
        int predicted = 0;
        for (int bits : new int[] {64, 32}) {
            AssociationConfig config = AssociationConfig.builder().useTokens(false).dsnBits(bits).build();
            List<SubflowEvidence> all = bundledEvidence(config, "count:20");
            all.sort(Associator.SUBFLOW_ORDER);
            PairJudge judge = new PairJudge(config);
            TrackComparator comparator = new TrackComparator(config);
            for (long pair : CandidateFinder.candidates(all)) {
                SubflowEvidence a = all.get((int) (pair >>> 32));
                SubflowEvidence b = all.get((int) pair);
                assertEquals(judge.judge(a, b), judge.judge(b, a), bits + " bits: " + a.id + " " + b.id);
                for (int space = 0; space < 4; space++) {
                    Track x = a.tracks[space & 1];
                    Track y = b.tracks[space >> 1];
                    if (!x.isEmpty() && !y.isEmpty()) {
                        TrackComparison c = comparator.compare(x, y, 20);
                        predicted += c.chance() < c.proximity() ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(predicted > 0, "the time prediction decides some comparison");
    }

    /**
     * Random streams (synthetic downloads at 32 and 64 bits crowded into one corner of DSN space,
     * and randomly sampled real traffic with tokens), with timings short enough that boxes and
     * subflows expire: every period's table equals association over all live subflows from
     * scratch, and the periods' deltas, applied in order, make that table.
     */
    @Test
    void incrementalPeriodsDecideAsFromScratch() throws Exception {
        AssociationConfig timing = AssociationConfig.builder()
                .period(Duration.ofMillis(500)).horizon(Duration.ofSeconds(4)).idleTimeout(Duration.ofSeconds(2)).build();
        for (long seed = 1; seed <= 4; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<PacketRecord> packets = SyntheticSessions.crowded(12, random);
            assertIncrementalAsFromScratch(SyntheticSessions.sample(packets, 2 + random.nextInt(20)),
                    timing.toBuilder().useTokens(false).build(), "synthetic, seed " + seed);
        }
        AssociationConfig fast = AssociationConfig.builder()
                .period(Duration.ofMillis(100)).horizon(Duration.ofMillis(600)).idleTimeout(Duration.ofMillis(300)).build();
        for (long seed = 1; seed <= 3; seed++) {
            for (AssociationConfig config : List.of(fast, fast.toBuilder().dsnBits(32).useTokens(false).build())) {
                assertIncrementalAsFromScratch(Captures.read(Captures.bundledSample(), "random:4:" + seed), config,
                        "lab sample, seed " + seed + ", " + config.dsnBits() + " bits");
            }
        }
    }

    private static void assertIncrementalAsFromScratch(List<PacketRecord> packets, AssociationConfig config,
                                                       String what) {
        AssociationEngine engine = new AssociationEngine(config);
        FromScratch reference = new FromScratch(config);
        Map<String, Session> fromDeltas = new HashMap<>();
        long period = config.periodMicros();
        long boundary = (Math.floorDiv(packets.get(0).tsMicros(), period) + 1) * period;
        int periods = 0;
        boolean merged = false;
        boolean expired = false;
        boolean partial = false;
        for (PacketRecord p : packets) {
            while (p.tsMicros() >= boundary) {
                int before = engine.subflowCount();
                AssociationResult expected = reference.associate(boundary);
                AssociationDelta delta = engine.period(boundary);
                AssociationResult table = engine.result();
                assertEquals(expected, table, what + ", period ending " + boundary);
                fromDeltas.keySet().removeAll(delta.endedSessions());
                delta.sessions().forEach(s -> fromDeltas.put(s.id(), s));
                assertEquals(Set.copyOf(table.sessions()), Set.copyOf(fromDeltas.values()),
                        what + ": the deltas up to the period ending " + boundary + " do not make its table");
                assertTrue(table.pairs().containsAll(delta.pairs()) && table.conflicts().containsAll(delta.conflicts()),
                        what + ": the delta's decisions and conflicts are the table's");
                merged |= expected.sessions().stream().anyMatch(s -> s.subflows().size() > 1);
                expired |= engine.subflowCount() < before;
                partial |= delta.sessions().size() < table.sessions().size() && !delta.sessions().isEmpty();
                boundary += period;
                periods++;
            }
            engine.accept(p);
            reference.accept(p);
        }
        assertTrue(periods > 5 && merged && expired && partial,
                what + ": periods, sessions, expiry and periods that regroup only some sessions to compare");
    }

    /** The engine as it was: every period decides every candidate pair and groups every subflow anew. */
    private static final class FromScratch {
        private final EvidenceCollector collector;
        private final Associator associator;
        private final Map<SubflowId, SubflowEvidence> subflows = new HashMap<>();
        private final List<PacketRecord> pending = new ArrayList<>();

        FromScratch(AssociationConfig config) {
            this.collector = new EvidenceCollector(config);
            this.associator = new Associator(config);
        }

        void accept(PacketRecord p) {
            pending.add(p);
        }

        AssociationResult associate(long now) {
            pending.sort(PacketOrder.BY_CONTENT);
            for (PacketRecord p : pending) {
                SubflowId id = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
                SubflowEvidence s = collector.apply(p, id, subflows.get(id));
                if (s != null) {
                    subflows.put(id, s);
                }
            }
            pending.clear();
            subflows.values().removeIf(s -> !collector.retain(s, now));
            List<SubflowEvidence> live = new ArrayList<>(subflows.values());
            return associator.group(now, live, associator.decide(live));
        }
    }
}
