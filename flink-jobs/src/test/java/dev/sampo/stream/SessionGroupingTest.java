package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.Associator;
import dev.sampo.association.EvidenceCollector;
import dev.sampo.association.PairDecision;
import dev.sampo.association.Session;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.association.SubflowSummary;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import dev.sampo.wire.SessionRecord;
import dev.sampo.wire.SubflowRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * What the grouping stage sends, period after period, over random samplings of the lab capture
 * (random period, short horizon and idle timeout, so that sessions merge and split, subflows
 * change by expiry alone and leave): after
 * each period the compacted {@code sampo.sessions} and {@code sampo.subflows} tables are those of
 * grouping all live subflows from scratch, and no record repeats what its key already holds (no
 * upsert of the same value, no tombstone of an absent key); a pair is sent exactly when it is
 * decided first or its verdict, evidence or Φ to three places moved from the decision that stood.
 */
class SessionGroupingTest {
    @Test
    void sendsWhatChangedAndNothingElse() throws Exception {
        JobConfig job = JobConfig.defaultsWith(Map.of());
        List<PacketRecord> records = LabSample.records();
        SplittableRandom random = new SplittableRandom(14);
        int periodsCompared = 0;
        boolean merged = false;
        boolean left = false;
        for (int run = 0; run < 4; run++) {
            AssociationConfig config = AssociationConfig.builder()
                    .period(Duration.ofMillis(100 + random.nextInt(400)))
                    .horizon(Duration.ofMillis(300 + random.nextInt(1_000)))
                    .idleTimeout(Duration.ofMillis(300 + random.nextInt(700)))
                    .build();
            int keepOneIn = 1 + random.nextInt(4);
            List<PacketRecord> packets = records.stream().filter(p -> random.nextInt(keepOneIn) == 0).toList();
            EvidenceCollector collector = new EvidenceCollector(config);
            Associator associator = new Associator(config);
            Map<SubflowId, SubflowEvidence> live = new HashMap<>();
            Map<String, String> sessions = new HashMap<>();
            Map<String, String> subflows = new HashMap<>();
            Map<String, SentPair> standing = new HashMap<>();
            long period = config.periodMicros();
            try (var harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                    new KeyedCoProcessOperator<>(new SessionGrouping(job)),
                    (SubflowChange u) -> 0, (DecidedPair p) -> 0, Types.INT, 1, 1, 0)) {
                harness.open();
                int i = 0;
                int seen = 0;
                for (long boundary = (packets.get(0).tsMicros() / period + 1) * period; i < packets.size()
                        || !live.isEmpty(); boundary += period) {
                    long timer = boundary / 1000 - 1;
                    Set<SubflowId> changed = new HashSet<>();
                    for (; i < packets.size() && packets.get(i).tsMicros() < boundary; i++) {
                        PacketRecord p = packets.get(i);
                        SubflowId id = LabSample.subflowOf(p);
                        SubflowEvidence s = collector.apply(p, id, live.get(id));
                        if (s != null) {
                            live.put(id, s);
                            changed.add(id);
                        }
                    }
                    for (SubflowEvidence s : List.copyOf(live.values())) {
                        EvidenceCollector.Retention r = collector.retention(s, boundary);
                        if (r == EvidenceCollector.Retention.TIMED_OUT) {
                            live.remove(s.id());
                            changed.remove(s.id());
                            harness.processElement1(SubflowChange.removed(timer, s.id()), timer);
                            left = true;
                        } else if (r == EvidenceCollector.Retention.EXPIRED) {
                            changed.add(s.id());
                        }
                    }
                    for (SubflowId id : changed) {
                        harness.processElement1(SubflowChange.of(timer, SubflowSummary.of(live.get(id))), timer);
                    }
                    List<PairDecision> all = associator.decide(List.copyOf(live.values()));
                    Set<String> expectedPairs = new HashSet<>();
                    for (PairDecision d : all) {
                        if (changed.contains(d.a()) || changed.contains(d.b())) {
                            harness.processElement2(new DecidedPair(timer, d), timer);
                            SentPair before = standing.get(PairKey.of(d).toString());
                            if (before == null || !before.equals(SentPair.of(d))) {
                                expectedPairs.add(PairKey.of(d).toString());
                            }
                        }
                    }
                    standing.clear();
                    all.forEach(d -> standing.put(PairKey.of(d).toString(), SentPair.of(d)));
                    harness.processBothWatermarks(new Watermark(timer));

                    List<Output> out = harness.extractOutputValues();
                    List<String> pairsSent = new ArrayList<>();
                    for (Output o : out.subList(seen, out.size())) {
                        if (o.topic.equals(job.pairsTopic())) {
                            pairsSent.add(o.key);
                            continue;
                        }
                        Map<String, String> table = o.topic.equals(job.sessionsTopic()) ? sessions : subflows;
                        String what = "run " + run + " at " + boundary + ": " + o;
                        if (o.value == null) {
                            assertTrue(table.remove(o.key) != null, "tombstone of an absent key, " + what);
                        } else {
                            assertNotEquals(o.value, table.put(o.key, o.value), "the same value again, " + what);
                        }
                    }
                    seen = out.size();
                    Map<String, String> sessionsNow = new HashMap<>();
                    Map<String, String> subflowsNow = new HashMap<>();
                    for (Session s : associator.group(boundary, List.copyOf(live.values()), all).sessions()) {
                        sessionsNow.put(s.id(), SessionRecord.of(s).toJson());
                        s.subflows().forEach(m -> subflowsNow.put(m.id().toString(), SubflowRecord.of(s, m).toJson()));
                        merged |= s.subflows().size() > 1;
                    }
                    assertEquals(sessionsNow, sessions, "run " + run + " at " + boundary);
                    assertEquals(subflowsNow, subflows, "run " + run + " at " + boundary);
                    assertEquals(expectedPairs, Set.copyOf(pairsSent), "run " + run + " at " + boundary);
                    assertEquals(expectedPairs.size(), pairsSent.size(), "a pair sent twice in a period");
                    periodsCompared++;
                }
            }
        }
        assertTrue(periodsCompared > 20 && left && merged,
                "too simple a stream to show anything: " + periodsCompared + " periods");
    }

    /** A savepoint of a build that kept fingerprints of what it sent: the first period lets them go. */
    @Test
    void fingerprintsOfEarlierBuildsGoAtTheFirstPeriodAfterARestore() throws Exception {
        JobConfig job = JobConfig.defaultsWith(Map.of());
        OperatorSubtaskState savepoint;
        try (var earlier = harness(job)) {
            earlier.open();
            for (MapStateDescriptor<String, Long> retired : SessionGrouping.RETIRED) {
                retired(earlier, retired).put("192.0.2.1:4000-192.0.2.2:80", 42L);
            }
            savepoint = earlier.snapshot(1, 1);
        }
        try (var later = harness(job)) {
            later.initializeState(savepoint);
            later.open();
            for (MapStateDescriptor<String, Long> retired : SessionGrouping.RETIRED) {
                assertFalse(retired(later, retired).isEmpty(), "restored: " + retired.getName());
            }
            PacketRecord p = LabSample.records().stream()
                    .filter(r -> r.mptcp() != null).findFirst().orElseThrow();
            SubflowId id = LabSample.subflowOf(p);
            SubflowEvidence s = new EvidenceCollector(job.association()).apply(p, id, null);
            long timer = Periods.timerOf(p.tsMicros(), job.association().periodMicros());
            later.processElement1(SubflowChange.of(timer, SubflowSummary.of(s)), timer);
            later.processBothWatermarks(new Watermark(timer));
            assertEquals(1, later.extractOutputValues().stream().filter(o -> o.topic.equals(job.sessionsTopic())).count());
            for (MapStateDescriptor<String, Long> retired : SessionGrouping.RETIRED) {
                assertTrue(retired(later, retired).isEmpty(), "left after the first period: " + retired.getName());
            }
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<Integer, SubflowChange, DecidedPair, Output> harness(
            JobConfig job) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new SessionGrouping(job)),
                (SubflowChange u) -> 0, (DecidedPair p) -> 0, Types.INT, 1, 1, 0);
    }

    /** The grouping's one key's entry of a state, as the operator's own backend holds it. */
    private static MapState<String, Long> retired(
            KeyedTwoInputStreamOperatorTestHarness<Integer, SubflowChange, DecidedPair, Output> harness,
            MapStateDescriptor<String, Long> descriptor) throws Exception {
        harness.getOperator().setCurrentKey(0);
        return harness.getOperator().getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                descriptor);
    }
}
