package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * DSN buckets spread over parallel instances renewing their decisions period by period, as the
 * job's bucket stage does (evidence sent to every bucket a subflow touches, decoded from the
 * bytes an instance holds, removed from an instance when it has left all of its buckets), decide
 * in each period exactly the candidate pairs with a changed subflow that association over all
 * live subflows from scratch decides, each pair once, over random streams and random
 * assignments of buckets to instances: one instance for all buckets, a few, one per bucket.
 */
class SubtaskAssociationTest {
    private static final AssociationConfig TIMING = AssociationConfig.builder().useTokens(false)
            .period(Duration.ofMillis(500)).horizon(Duration.ofSeconds(4)).idleTimeout(Duration.ofSeconds(2)).build();

    @Test
    void instancesRenewExactlyThePairsOfChangedSubflowsThatAssociationFromScratchDecides() throws Exception {
        int left = 0;
        for (long seed = 1; seed <= 3; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<PacketRecord> packets = SyntheticSessions.crowded(14, random);
            for (int buckets : new int[] {1, 3, 16}) {
                for (int instances : new int[] {1, 2, buckets}) {
                    left += assertInstancesRenewAsFromScratch(SyntheticSessions.sample(packets, 2 + random.nextInt(20)),
                            TIMING, assignment(buckets, instances, random),
                            "synthetic, seed " + seed + ", " + buckets + " buckets, " + instances + " instances");
                }
            }
        }
        for (long seed = 1; seed <= 2; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int instances : new int[] {1, 3}) {
                left += assertInstancesRenewAsFromScratch(Captures.read(Captures.bundledSample(), "random:4:" + seed),
                        TIMING.toBuilder().period(Duration.ofMillis(100)).dsnBits(32).build(),
                        assignment(16, instances, random),
                        "lab sample at 32 bits, seed " + seed + ", " + instances + " instances");
            }
        }
        assertTrue(left > 0, "subflows leaving all the buckets of an instance while still live");
    }

    /** Each bucket's instance: with one per bucket, bucket i's is i; else random, as key groups spread them. */
    private static int[] assignment(int buckets, int instances, SplittableRandom random) {
        int[] of = new int[buckets];
        for (int b = 0; b < buckets; b++) {
            of[b] = instances == buckets ? b : random.nextInt(instances);
        }
        return of;
    }

    /** @return how many times a live subflow left all the buckets of an instance */
    private static int assertInstancesRenewAsFromScratch(List<PacketRecord> packets, AssociationConfig config,
                                                          int[] instanceOf, String what) {
        EvidenceCollector collector = new EvidenceCollector(config);
        Associator associator = new Associator(config);
        DsnBuckets buckets = new DsnBuckets(instanceOf.length);
        int instanceCount = Arrays.stream(instanceOf).max().orElseThrow() + 1;
        List<SubtaskAssociation<byte[]>> instances = new ArrayList<>();
        for (int k = 0; k < instanceCount; k++) {
            int instance = k;
            instances.add(new SubtaskAssociation<>(config, buckets, b -> instanceOf[b] == instance,
                    SubflowEvidence::fromBytes));
        }
        Map<SubflowId, SubflowEvidence> live = new HashMap<>();
        Map<SubflowId, byte[]> sent = new HashMap<>();
        Map<SubflowId, Set<Integer>> sentTo = new HashMap<>();
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
                // what each instance hears: evidence that changed, in a bucket it holds; subflows that left all of them
                Set<SubflowId> changed = new HashSet<>();
                List<Map<SubflowId, byte[]>> changedIn = new ArrayList<>();
                List<Set<SubflowId>> leftFrom = new ArrayList<>();
                for (int k = 0; k < instanceCount; k++) {
                    changedIn.add(new LinkedHashMap<>());
                    leftFrom.add(new HashSet<>());
                }
                for (SubflowEvidence s : live.values()) {
                    byte[] bytes = s.toBytes();
                    if (!Arrays.equals(bytes, sent.get(s.id))) {
                        changed.add(s.id);
                        sent.put(s.id, bytes);
                        Set<Integer> to = instancesOf(buckets.bucketsOf(s), instanceOf);
                        for (int k : sentTo.getOrDefault(s.id, Set.of())) {
                            if (!to.contains(k)) {
                                leftFrom.get(k).add(s.id);
                                left++;
                            }
                        }
                        sentTo.put(s.id, to);
                        for (int k : to) {
                            changedIn.get(k).put(s.id, bytes);
                        }
                    }
                }
                for (SubflowId gone : List.copyOf(sent.keySet())) {
                    if (!live.containsKey(gone)) {
                        sent.remove(gone);
                        sentTo.remove(gone).forEach(k -> leftFrom.get(k).add(gone));
                    }
                }
                List<PairDecision> renewed = new ArrayList<>();
                for (int k = 0; k < instanceCount; k++) {
                    renewed.addAll(instances.get(k).period(changedIn.get(k), leftFrom.get(k)));
                }
                renewed.sort(Associator.PAIR_ORDER);
                List<PairDecision> expected = associator.decide(List.copyOf(live.values())).stream()
                        .filter(d -> changed.contains(d.a()) || changed.contains(d.b())).toList();
                assertEquals(expected, renewed, what + ", period ending " + boundary);
                renewedWithUnchanged += (int) expected.stream()
                        .filter(d -> !changed.contains(d.a()) || !changed.contains(d.b())).count();
                for (int k = 0; k < instanceCount; k++) {
                    for (SubflowId id : sent.keySet()) {
                        assertSame(sentTo.get(id).contains(k) ? sent.get(id) : null, instances.get(k).copyOf(id),
                                what + ": what instance " + k + " indexes " + id + " under");
                    }
                }
                boundary += period;
                periods++;
            }
            pending.add(p);
        }
        assertTrue(periods > 5 && renewedWithUnchanged > 0,
                what + ": periods and pairs with an unchanged subflow to compare: " + periods + ", " + renewedWithUnchanged);
        return left;
    }

    private static Set<Integer> instancesOf(int[] buckets, int[] instanceOf) {
        Set<Integer> instances = new HashSet<>();
        for (int b : buckets) {
            instances.add(instanceOf[b]);
        }
        return instances;
    }
}
