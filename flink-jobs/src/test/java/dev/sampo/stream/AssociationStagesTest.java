package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.flow.SubflowId;
import dev.sampo.wire.SubflowRecord;
import dev.sampo.wire.Topics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three stages chained by hand in Flink's keyed operator harnesses, on the lab capture: the
 * two-input stages (buckets: evidence and removals; grouping: evidence and pair decisions) group
 * as the offline engine does, whichever of their inputs arrives first.
 */
class AssociationStagesTest {
    private static final AssociationConfig CONFIG = AssociationConfig.DEFAULTS;
    private static final int BUCKETS = 16;
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
        try (var harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new BucketDecisions(CONFIG, BUCKETS)),
                BucketUpdate::bucket, BucketRemoval::bucket, Types.INT, 128, 1, 0)) {
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
