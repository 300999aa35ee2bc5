package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * DSN buckets renewing their decisions period by period, as the job's bucket stage does (evidence
 * sent to every bucket a subflow touches, decoded from bytes, removed from the buckets it left),
 * decide in each period exactly the candidate pairs with a changed subflow that association over
 * all live subflows from scratch decides, each pair once, over random streams.
 */
class BucketAssociationTest {
    private static final AssociationConfig TIMING = AssociationConfig.builder().useTokens(false)
            .period(Duration.ofMillis(500)).horizon(Duration.ofSeconds(4)).idleTimeout(Duration.ofSeconds(2)).build();

    @Test
    void bucketsRenewExactlyThePairsOfChangedSubflowsThatAssociationFromScratchDecides() throws Exception {
        int left = 0;
        for (long seed = 1; seed <= 3; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<PacketRecord> packets = SyntheticSessions.crowded(14, random);
            for (int buckets : new int[] {1, 3, 16}) {
                left += assertBucketsRenewAsFromScratch(SyntheticSessions.sample(packets, 2 + random.nextInt(20)), TIMING,
                        buckets, "synthetic, seed " + seed + ", " + buckets + " buckets");
            }
        }
        for (long seed = 1; seed <= 2; seed++) {
            left += assertBucketsRenewAsFromScratch(Captures.read(Captures.bundledSample(), "random:4:" + seed),
                    TIMING.toBuilder().period(Duration.ofMillis(100)).dsnBits(32).build(), 16,
                    "lab sample at 32 bits, seed " + seed);
        }
        assertTrue(left > 0, "subflows leaving a bucket they touched while still live");
    }

    /** @return how many times a live subflow left a bucket */
    private static int assertBucketsRenewAsFromScratch(List<PacketRecord> packets, AssociationConfig config,
                                                        int bucketCount, String what) {
        EvidenceCollector collector = new EvidenceCollector(config);
        Associator associator = new Associator(config);
        DsnBuckets buckets = new DsnBuckets(bucketCount);
        Map<SubflowId, SubflowEvidence> live = new HashMap<>();
        Map<SubflowId, byte[]> sent = new HashMap<>();
        Map<SubflowId, int[]> sentTo = new HashMap<>();
        Map<Integer, BucketAssociation> bucketIndex = new HashMap<>();
        Map<Integer, Map<SubflowId, byte[]>> held = new HashMap<>();
        List<PacketRecord> pending = new ArrayList<>();
        long period = config.periodMicros();
        long boundary = (Math.floorDiv(packets.get(0).tsMicros(), period) + 1) * period;
        int periods = 0;
        int renewedWithUnchanged = 0;
        int left = 0;
        for (PacketRecord p : packets) {
            while (p.tsMicros() >= boundary) {
                pending.sort(PacketOrder.BY_CONTENT);
                for (PacketRecord q : pending) {
                    SubflowId id = SubflowId.of(q.src(), q.sport(), q.dst(), q.dport());
                    SubflowEvidence s = collector.apply(q, id, live.get(id));
                    if (s != null) {
                        live.put(id, s);
                    }
                }
                pending.clear();
                long now = boundary;
                live.values().removeIf(s -> !collector.retain(s, now));
                // what the subflow stage sends: evidence that changed to the buckets it touches, removals elsewhere
                Set<SubflowId> changed = new HashSet<>();
                Map<Integer, List<SubflowEvidence>> changedIn = new HashMap<>();
                for (SubflowEvidence s : live.values()) {
                    byte[] bytes = s.toBytes();
                    if (!Arrays.equals(bytes, sent.get(s.id))) {
                        changed.add(s.id);
                        sent.put(s.id, bytes);
                        int[] to = buckets.bucketsOf(s);
                        for (int b : sentTo.getOrDefault(s.id, new int[0])) {
                            if (Arrays.binarySearch(to, b) < 0) {
                                held.get(b).remove(s.id);
                                bucketIndex.get(b).remove(s.id);
                                left++;
                            }
                        }
                        sentTo.put(s.id, to);
                        for (int b : to) {
                            held.computeIfAbsent(b, k -> new HashMap<>()).put(s.id, bytes);
                            changedIn.computeIfAbsent(b, k -> new ArrayList<>()).add(SubflowEvidence.fromBytes(bytes));
                        }
                    }
                }
                for (SubflowId gone : List.copyOf(sent.keySet())) {
                    if (!live.containsKey(gone)) {
                        sent.remove(gone);
                        for (int b : sentTo.remove(gone)) {
                            held.get(b).remove(gone);
                            bucketIndex.get(b).remove(gone);
                        }
                    }
                }
                List<PairDecision> renewed = new ArrayList<>();
                changedIn.forEach((b, mine) -> {
                    BucketAssociation bucket = bucketIndex.computeIfAbsent(b, k -> new BucketAssociation(config, buckets, k));
                    mine.forEach(s -> bucket.put(s.id, s));
                    renewed.addAll(bucket.decide(mine, id -> SubflowEvidence.fromBytes(held.get(b).get(id))));
                });
                renewed.sort(Associator.PAIR_ORDER);
                List<PairDecision> expected = associator.decide(List.copyOf(live.values())).stream()
                        .filter(d -> changed.contains(d.a()) || changed.contains(d.b())).toList();
                assertEquals(expected, renewed, what + ", period ending " + boundary);
                renewedWithUnchanged += (int) expected.stream()
                        .filter(d -> !changed.contains(d.a()) || !changed.contains(d.b())).count();
                boundary += period;
                periods++;
            }
            pending.add(p);
        }
        assertTrue(periods > 5 && renewedWithUnchanged > 0,
                what + ": periods and pairs with an unchanged subflow to compare: " + periods + ", " + renewedWithUnchanged);
        return left;
    }
}
