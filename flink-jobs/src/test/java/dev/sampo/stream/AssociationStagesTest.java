package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.flow.SubflowId;
import dev.sampo.wire.SubflowRecord;
import dev.sampo.wire.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three stages chained by hand in Flink's keyed operator harnesses, on the lab capture: the
 * two-input stages (buckets: evidence and removals; grouping: evidence and pair decisions) group
 * as the offline engine does, whichever of their inputs arrives first; the buckets decide the same
 * after a restore.
 */
class AssociationStagesTest {
    private static final AssociationConfig CONFIG = AssociationConfig.DEFAULTS;
    private static final int BUCKETS = 16;
    private static final int MAX_PARALLELISM = 128;
    private static Set<Set<SubflowId>> offline;
    private static List<BucketUpdate> toBuckets;
    private static List<BucketRemoval> removals;
    private static List<SubflowChange> toGrouping;
    private static long lastTimer;

    @BeforeAll
    static void runTheSubflowStage() throws Exception {
        offline = LabSample.offlineGroups(CONFIG);
        assertTrue(offline.stream().anyMatch(g -> g.size() > 1), "the offline run groups nothing: a useless reference");
        try (var harness = SubflowEvidenceFunctionTest.harness(CONFIG, BUCKETS)) {
            lastTimer = SubflowEvidenceFunctionTest.replay(harness, LabSample.records(), CONFIG.periodMicros());
            toBuckets = harness.extractOutputValues();
            removals = SubflowEvidenceFunctionTest.values(harness, SubflowEvidenceFunction.REMOVALS);
            toGrouping = SubflowEvidenceFunctionTest.updates(harness);
        }
    }

    @Test
    void bucketsDecideTheSamePairsWhicheverInputComesFirst() throws Exception {
        List<DecidedPair> evidenceFirst = buckets(false);
        List<DecidedPair> removalsFirst = buckets(true);
        assertFalse(evidenceFirst.isEmpty());
        assertEquals(new HashSet<>(evidenceFirst), new HashSet<>(removalsFirst));
        assertEquals(evidenceFirst.size(), removalsFirst.size());
    }

    @Test
    void theGroupingGroupsAsTheOfflineEngineWhicheverInputComesFirst() throws Exception {
        List<DecidedPair> pairs = buckets(false);
        List<Output> evidenceFirst = grouping(pairs, false);
        List<Output> pairsFirst = grouping(pairs, true);
        assertEquals(offline, SubflowRecord.resultOf(0, table(evidenceFirst, Topics.SUBFLOWS)).groups());
        assertEquals(table(evidenceFirst, Topics.SUBFLOWS), table(pairsFirst, Topics.SUBFLOWS));
        assertEquals(table(evidenceFirst, Topics.SESSIONS), table(pairsFirst, Topics.SESSIONS));
        assertEquals(table(evidenceFirst, Topics.PAIRS), table(pairsFirst, Topics.PAIRS));
        assertFalse(table(evidenceFirst, Topics.PAIRS).isEmpty(), "no pair was sent");
    }

    private static List<DecidedPair> buckets(boolean removalsFirst) throws Exception {
        try (var harness = bucketHarness(CONFIG)) {
            harness.open();
            if (removalsFirst) {
                for (BucketRemoval r : reversed(removals)) {
                    harness.processElement2(r, r.period());
                }
            }
            for (BucketUpdate u : toBuckets) {
                harness.processElement1(u, u.update().period());
            }
            if (!removalsFirst) {
                for (BucketRemoval r : removals) {
                    harness.processElement2(r, r.period());
                }
            }
            watermark(harness);
            return harness.extractOutputValues();
        }
    }

    /**
     * The buckets' shared interval index and the inputs waiting for their period are not state:
     * restored from a snapshot taken mid-replay, new instances build them from the buckets' keyed
     * state, and decide what the buckets would have decided without the restore, a pair with a
     * subflow unchanged since the snapshot included (periods of 100 ms, so that subflows sit out
     * some of them).
     */
    @Test
    void bucketsRestoredFromASnapshotDecideAsWithoutTheRestore() throws Exception {
        assertRestoredBucketsDecideAsWithoutTheRestore(0, 1);
    }

    /**
     * The same, with the inputs of the next three periods already in the buckets' inboxes at the
     * snapshot (a channel ahead of the watermark), restored at parallelism 1 and, rescaled, at 2:
     * each new subtask indexes the subflows of the buckets it now holds and decides the pairs
     * their owner buckets give it.
     */
    @Test
    void bucketsRestoredWithInputsWaitingDecideAsWithoutTheRestoreAtAnyParallelism() throws Exception {
        assertRestoredBucketsDecideAsWithoutTheRestore(3, 1);
        assertRestoredBucketsDecideAsWithoutTheRestore(3, 2);
    }

    private static void assertRestoredBucketsDecideAsWithoutTheRestore(int periodsAhead, int parallelism)
            throws Exception {
        AssociationConfig config = CONFIG.toBuilder().period(Duration.ofMillis(100)).build();
        List<BucketUpdate> updates;
        List<BucketRemoval> left;
        long last;
        try (var harness = SubflowEvidenceFunctionTest.harness(config, BUCKETS)) {
            last = SubflowEvidenceFunctionTest.replay(harness, LabSample.records(), config.periodMicros());
            updates = harness.extractOutputValues();
            left = SubflowEvidenceFunctionTest.values(harness, SubflowEvidenceFunction.REMOVALS);
        }
        List<DecidedPair> reference;
        try (var harness = bucketHarness(config)) {
            harness.open();
            feed(harness, updates, left, Long.MIN_VALUE, Long.MAX_VALUE);
            harness.processBothWatermarks(new Watermark(last));
            reference = harness.extractOutputValues();
        }
        Set<List<Object>> updated = new HashSet<>();
        updates.forEach(u -> updated.add(List.of(u.update().subflow(), u.update().period())));
        // The snapshot goes just before the first period that decides a pair with a subflow it did not
        // change: that subflow reaches the restored bucket only through the bucket's state.
        DecidedPair across = reference.stream()
                .filter(p -> !updated.contains(List.of(p.decision().a(), p.period()))
                        || !updated.contains(List.of(p.decision().b(), p.period())))
                .findFirst().orElseThrow(() -> new AssertionError("no pair decided with a subflow it did not change"));
        long snapshotAt = across.period() - config.periodMicros() / 1000;
        long fedAt = snapshotAt + periodsAhead * config.periodMicros() / 1000;
        List<DecidedPair> restored;
        OperatorSubtaskState snapshot;
        try (var harness = bucketHarness(config)) {
            harness.open();
            feed(harness, updates, left, Long.MIN_VALUE, fedAt);
            harness.processBothWatermarks(new Watermark(snapshotAt));
            restored = new ArrayList<>(harness.extractOutputValues());
            snapshot = harness.snapshot(1, snapshotAt);
        }
        for (int subtask = 0; subtask < parallelism; subtask++) {
            try (var harness = bucketHarness(config, parallelism, subtask)) {
                harness.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(
                        snapshot, MAX_PARALLELISM, 1, parallelism, subtask));
                harness.open();
                assertOneCopyPerSubflow((BucketOperator) harness.getOperator());
                int mine = subtask;
                feed(harness, keyedTo(mine, parallelism, updates, BucketUpdate::bucket),
                        keyedTo(mine, parallelism, left, BucketRemoval::bucket), fedAt, Long.MAX_VALUE);
                harness.processBothWatermarks(new Watermark(last));
                List<DecidedPair> decided = harness.extractOutputValues();
                assertTrue(decided.stream().anyMatch(p -> p.period() > fedAt),
                        "subtask " + subtask + " of " + parallelism + " decided nothing after the restore");
                restored.addAll(decided);
            }
        }
        assertTrue(restored.contains(across), "the pair with a subflow unchanged since the snapshot: " + across);
        assertEquals(new HashSet<>(reference), new HashSet<>(restored));
        assertEquals(reference.size(), restored.size());
    }

    /**
     * A restore deserializes each bucket's copy of a subflow's update on its own: on the heap
     * backend the subtask's buckets share one again, the one the index holds.
     */
    private static void assertOneCopyPerSubflow(BucketOperator operator) throws Exception {
        Map<SubflowId, Set<SubflowUpdate>> copies = new HashMap<>();
        int[] stored = {0};
        operator.forEachBucket(BucketDecisions.SUBFLOWS, (bucket, held) -> {
            for (SubflowUpdate u : held.values()) {
                copies.computeIfAbsent(u.subflow(), k -> Collections.newSetFromMap(new IdentityHashMap<>())).add(u);
                stored[0]++;
            }
        });
        assertTrue(stored[0] > copies.size(), "no subflow in two buckets: " + stored[0] + " copies of " + copies.size());
        copies.forEach((subflow, held) -> assertEquals(1, held.size(), "copies of " + subflow + "'s update"));
    }

    /** The records whose bucket's key group is the subtask's. */
    private static <T> List<T> keyedTo(int subtask, int parallelism, List<T> records, Function<T, Integer> bucket) {
        return records.stream().filter(r -> KeyGroupRangeAssignment.assignKeyToParallelOperator(
                bucket.apply(r), MAX_PARALLELISM, parallelism) == subtask).toList();
    }

    private static KeyedTwoInputStreamOperatorTestHarness<Integer, BucketUpdate, BucketRemoval, DecidedPair> bucketHarness(
            AssociationConfig config) throws Exception {
        return bucketHarness(config, 1, 0);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<Integer, BucketUpdate, BucketRemoval, DecidedPair> bucketHarness(
            AssociationConfig config, int parallelism, int subtask) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new BucketOperator(new BucketDecisions(config, BUCKETS)),
                BucketUpdate::bucket, BucketRemoval::bucket, Types.INT, MAX_PARALLELISM, parallelism, subtask);
    }

    /** The subflow stage's outputs of the periods after {@code from} up to {@code to}. */
    private static void feed(KeyedTwoInputStreamOperatorTestHarness<Integer, BucketUpdate, BucketRemoval, DecidedPair> harness,
                             List<BucketUpdate> updates, List<BucketRemoval> left, long from, long to)
            throws Exception {
        for (BucketUpdate u : updates) {
            if (u.update().period() > from && u.update().period() <= to) {
                harness.processElement1(u, u.update().period());
            }
        }
        for (BucketRemoval r : left) {
            if (r.period() > from && r.period() <= to) {
                harness.processElement2(r, r.period());
            }
        }
    }

    private static List<Output> grouping(List<DecidedPair> pairs, boolean pairsFirst) throws Exception {
        try (var harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new SessionGrouping(JobConfig.defaultsWith(Map.of()))),
                (SubflowChange u) -> 0, (DecidedPair p) -> 0, Types.INT, 1, 1, 0)) {
            harness.open();
            if (pairsFirst) {
                for (DecidedPair p : reversed(pairs)) {
                    harness.processElement2(p, p.period());
                }
            }
            for (SubflowChange u : toGrouping) {
                harness.processElement1(u, u.period());
            }
            if (!pairsFirst) {
                for (DecidedPair p : pairs) {
                    harness.processElement2(p, p.period());
                }
            }
            watermark(harness);
            return harness.extractOutputValues();
        }
    }

    private static void watermark(KeyedTwoInputStreamOperatorTestHarness<Integer, ?, ?, ?> harness) throws Exception {
        harness.processBothWatermarks(new Watermark(lastTimer));
    }

    /** A compacted topic's table after these outputs: upserts and tombstones in order. */
    private static Map<String, String> table(List<Output> outputs, String topic) {
        Map<String, String> table = new HashMap<>();
        for (Output o : outputs) {
            if (o.topic.equals(topic)) {
                if (o.value == null) {
                    table.remove(o.key);
                } else {
                    table.put(o.key, o.value);
                }
            }
        }
        return table;
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> r = new ArrayList<>(list);
        Collections.reverse(r);
        return r;
    }
}
