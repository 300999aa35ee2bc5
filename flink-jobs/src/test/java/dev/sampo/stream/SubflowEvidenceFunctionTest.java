package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.association.SubflowSummary;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.SpoofedFlood;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stage 1 alone in Flink's keyed operator harness, on the lab capture's real packets. */
class SubflowEvidenceFunctionTest {
    private static final long PERIOD = 1_000_000;
    private static List<PacketRecord> records;
    /** The busiest subflow's packets, in capture order. */
    private static List<PacketRecord> busiest;

    @BeforeAll
    static void readTheCapture() throws Exception {
        records = LabSample.records();
        Map<SubflowId, List<PacketRecord>> bySubflow = records.stream()
                .collect(Collectors.groupingBy(LabSample::subflowOf));
        busiest = bySubflow.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow();
    }

    @Test
    void aPacketBehindTheWatermarkJoinsTheNextOpenPeriod() throws Exception {
        try (var harness = harness(AssociationConfig.DEFAULTS, 16)) {
            long firstTimer = Periods.timerOf(busiest.get(0).tsMicros(), PERIOD);
            List<PacketRecord> firstPeriod = busiest.stream()
                    .filter(p -> Periods.timerOf(p.tsMicros(), PERIOD) == firstTimer).toList();
            assertTrue(firstPeriod.size() > 2, "too few packets in the first period");
            PacketRecord withheld = firstPeriod.get(firstPeriod.size() - 1);
            for (PacketRecord p : firstPeriod.subList(0, firstPeriod.size() - 1)) {
                harness.processElement(LabSample.wire(p), p.tsMicros() / 1000);
            }
            harness.processWatermark(firstTimer);
            SubflowChange first = single(updates(harness));
            assertEquals(firstTimer, first.period());
            assertEquals(firstPeriod.size() - 1, first.summary().packets());

            harness.processElement(LabSample.wire(withheld), withheld.tsMicros() / 1000); // late: its period is closed
            long nextTimer = firstTimer + PERIOD / 1000;
            harness.processWatermark(nextTimer);
            List<SubflowChange> after = updates(harness);
            assertEquals(2, after.size(), "the late packet updates the subflow in the next period");
            assertEquals(nextTimer, after.get(1).period());
            assertEquals(firstPeriod.size(), after.get(1).summary().packets(), "the late packet is counted, not lost");
        }
    }

    @Test
    void aFloodIsHeldAtTheCapWithItsStateAndTimers() throws Exception {
        int cap = 500;
        int flood = 20_000;
        AssociationConfig config = AssociationConfig.builder().maxSubflows(cap).build();
        List<PacketRecord> spoofs = new ArrayList<>();
        new SpoofedFlood(7, flood, records.get(0).tsMicros(), 4 * PERIOD).forEachRemaining(spoofs::add);
        try (var harness = harness(config, 16)) {
            replay(harness, spoofs, PERIOD);
            // Per live subflow: its evidence and its expiry timer; every period's pending packets taken.
            assertTrue(harness.numKeyedStateEntries() <= cap, harness.numKeyedStateEntries() + " state entries");
            assertTrue(harness.numEventTimeTimers() <= cap, harness.numEventTimeTimers() + " timers");
            List<SubflowChange> evictions = updates(harness).stream().filter(SubflowChange::left).toList();
            assertEquals(flood - cap, evictions.size(), "every subflow past the cap is evicted, once");
            Set<SubflowId> removedFromBuckets = values(harness, SubflowEvidenceFunction.REMOVALS).stream()
                    .map(BucketRemoval::subflow).collect(Collectors.toSet());
            assertEquals(evictions.stream().map(SubflowChange::subflow).collect(Collectors.toSet()), removedFromBuckets,
                    "the buckets drop exactly the evicted subflows");
        }
    }

    @Test
    void afterARestoreTheCapStillCountsTheRestoredSubflows() throws Exception {
        int cap = 300;
        AssociationConfig config = AssociationConfig.builder().maxSubflows(cap).build();
        List<PacketRecord> spoofs = new ArrayList<>();
        long start = records.get(0).tsMicros();
        new SpoofedFlood(8, 2_000, start, 4 * PERIOD).forEachRemaining(spoofs::add);
        OperatorSubtaskState snapshot;
        try (var before = harness(config, 16)) {
            replay(before, spoofs.subList(0, 1_000), PERIOD);
            snapshot = before.snapshot(1, 0);
        }
        try (var after = unopened(config, 16)) {
            after.initializeState(snapshot);
            after.open();
            replay(after, spoofs.subList(1_000, 2_000), PERIOD);
            // Had the restored subflows been left unranked, 300 of the new ones would join them.
            assertTrue(after.numKeyedStateEntries() <= cap, after.numKeyedStateEntries() + " state entries");
            assertEquals(1_000, updates(after).stream().filter(SubflowChange::left).count(),
                    "every new subflow past the cap is evicted: the restored ones are ranked, and some of them go");
        }
    }

    @Test
    void aRestoreKeepsItsBucketCountAndRefusesAnother() throws Exception {
        OperatorSubtaskState snapshot;
        try (var before = harness(AssociationConfig.DEFAULTS, 16)) {
            replay(before, records.subList(0, 2_000), PERIOD);
            snapshot = before.snapshot(1, 0);
        }
        try (var same = unopened(AssociationConfig.DEFAULTS, 16)) {
            same.initializeState(snapshot);
            same.open();
            assertTrue(same.numKeyedStateEntries() > 0, "the evidence is restored");
        }
        try (var other = unopened(AssociationConfig.DEFAULTS, 8)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.initializeState(snapshot));
            assertTrue(e.getMessage().contains("sampo.buckets=16") && e.getMessage().contains("this job has 8"),
                    e.getMessage());
        }
    }

    @Test
    void anIdleSubflowIsForgottenAtItsTimeoutAndItsStateFreed() throws Exception {
        AssociationConfig config = AssociationConfig.builder().idleTimeout(Duration.ofSeconds(3)).build();
        try (var harness = harness(config, 16)) {
            for (PacketRecord p : busiest) {
                harness.processElement(LabSample.wire(p), p.tsMicros() / 1000);
            }
            long last = busiest.stream().mapToLong(PacketRecord::tsMicros).max().orElseThrow();
            long lastTimer = Periods.timerOf(last, PERIOD);
            harness.processWatermark(lastTimer);
            assertTrue(harness.numKeyedStateEntries() > 0, "its evidence is state while the subflow lives");
            assertTrue(harness.numEventTimeTimers() > 0, "its expiry timer is left");

            long timeout = Periods.timerOf(last + config.idleTimeoutMicros(), PERIOD);
            harness.processWatermark(timeout);
            assertEquals(0, harness.numKeyedStateEntries(), "an idle subflow leaves no state behind");
            assertEquals(0, harness.numEventTimeTimers());
            SubflowChange gone = updates(harness).get(updates(harness).size() - 1);
            assertTrue(gone.left() && gone.period() == timeout, "the grouping hears it left: " + gone);
            List<BucketUpdate> sent = harness.extractOutputValues();
            long lastSent = sent.get(sent.size() - 1).update().period();
            assertEquals(sent.stream().filter(u -> u.update().period() == lastSent).map(BucketUpdate::bucket)
                            .collect(Collectors.toSet()),
                    values(harness, SubflowEvidenceFunction.REMOVALS).stream().filter(r -> r.period() == timeout)
                            .map(BucketRemoval::bucket).collect(Collectors.toSet()),
                    "the buckets it was in hear it left");

            // Seen again later, it starts afresh, as the offline engine would start it.
            PacketRecord again = busiest.stream().filter(p -> !p.mptcp().isEmpty()).reduce((a, b) -> b).orElseThrow();
            long later = last + 2 * config.idleTimeoutMicros();
            PacketRecord moved = new PacketRecord(again.frame(), later, again.observationPoint(), again.src(),
                    again.sport(), again.dst(), again.dport(), again.seq(), again.ack(), again.len(), again.flags(),
                    again.samplingRate(), again.missing(), again.mptcp());
            int before = updates(harness).size();
            harness.processElement(LabSample.wire(moved), later / 1000);
            harness.processWatermark(Periods.timerOf(later, PERIOD));
            List<SubflowChange> all = updates(harness);
            assertEquals(before + 1, all.size());
            assertEquals(1, all.get(all.size() - 1).summary().packets());
        }
    }

    @Test
    void aSubflowLeavingABucketIsRemovedFromThatBucketOnly() throws Exception {
        // Narrow buckets (2^16: 64 KiB of 32-bit DSN each) and a one-second horizon: as the
        // transfers advance and old evidence expires, subflows leave the buckets at their low end.
        AssociationConfig config = AssociationConfig.builder().period(Duration.ofMillis(500))
                .horizon(Duration.ofSeconds(1)).build();
        try (var harness = harness(config, 1 << 16)) {
            replay(harness, records, config.periodMicros());

            // Buckets each subflow was sent to, by period.
            Map<SubflowId, TreeMap<Long, Set<Integer>>> sentTo = new HashMap<>();
            for (BucketUpdate u : harness.extractOutputValues()) {
                sentTo.computeIfAbsent(u.update().subflow(), k -> new TreeMap<>())
                        .computeIfAbsent(u.update().period(), k -> new TreeSet<>()).add(u.bucket());
            }
            List<BucketRemoval> removals = values(harness, SubflowEvidenceFunction.REMOVALS);
            assertFalse(removals.isEmpty(), "no subflow left a bucket: the test shows nothing");
            for (BucketRemoval r : removals) {
                TreeMap<Long, Set<Integer>> history = sentTo.get(r.subflow());
                Map.Entry<Long, Set<Integer>> before = history.lowerEntry(r.period());
                assertTrue(before != null && before.getValue().contains(r.bucket()), r + ": not sent there before");
                assertFalse(history.getOrDefault(r.period(), Set.of()).contains(r.bucket()), r + ": still sent there");
            }
            // Every period's update reaches the grouping once, as the summary of the evidence the buckets got.
            Map<List<Object>, SubflowChange> toGrouping = updates(harness).stream().collect(Collectors.toMap(
                    u -> List.of(u.subflow(), u.period()), Function.identity()));
            for (BucketUpdate u : harness.extractOutputValues()) {
                SubflowSummary sent = toGrouping.get(List.of(u.update().subflow(), u.update().period())).summary();
                SubflowSummary of = SubflowSummary.of(SubflowEvidence.fromBytes(u.update().evidence()));
                assertEquals(List.of(of.packets(), of.payloadBytes(), of.lastSeen(), of.responderToken()),
                        List.of(sent.packets(), sent.payloadBytes(), sent.lastSeen(), sent.responderToken()));
                assertArrayEquals(of.tokens(), sent.tokens(), u.update().subflow() + " at " + u.update().period());
            }
            // Expiry alone changes evidence: some updates come in periods without packets of theirs.
            Set<List<Object>> withPackets = records.stream().map(p -> List.<Object>of(LabSample.subflowOf(p),
                    Periods.timerOf(p.tsMicros(), config.periodMicros()))).collect(Collectors.toSet());
            assertTrue(toGrouping.keySet().stream().anyMatch(k -> !withPackets.contains(k)),
                    "no update from expiry alone");
        }
    }

    @Test
    void aLiveSubflowHoldsItsEvidenceAndOneTimerHoweverOftenItChanged() throws Exception {
        // Short periods and a one-second horizon: evidence changes and expires, so expiry timers move, nearly
        // every period.
        AssociationConfig config = AssociationConfig.builder().period(Duration.ofMillis(100))
                .horizon(Duration.ofSeconds(1)).build();
        try (var harness = harness(config, 16)) {
            replay(harness, records, config.periodMicros());
            Map<SubflowId, SubflowChange> last = new HashMap<>();
            updates(harness).forEach(u -> last.put(u.subflow(), u));
            long live = last.values().stream().filter(u -> !u.left()).count();
            assertTrue(updates(harness).size() > 3 * last.size(), "too few changes a subflow: the test shows nothing");
            assertEquals(live, harness.numKeyedStateEntries(), "one state entry a live subflow, its evidence");
            assertEquals(live, harness.numEventTimeTimers(), "one timer a live subflow, its expiry");
        }
    }

    /** On RocksDB too: the stage clears the old state while the backend iterates over the stored evidence. */
    @ParameterizedTest(name = "RocksDB: {0}")
    @ValueSource(booleans = {false, true})
    void theBucketsStateOfEarlierBuildsGoesAtARestore(boolean rocksDb) throws Exception {
        AssociationConfig config = AssociationConfig.DEFAULTS;
        int half = records.size() / 2;
        OperatorSubtaskState savepoint;
        Set<SubflowId> live;
        List<BucketUpdate> sent = new ArrayList<>();
        try (var earlier = unopened(config, 16)) {
            if (rocksDb) {
                earlier.setStateBackend(new EmbeddedRocksDBStateBackend());
            }
            earlier.open();
            replay(earlier, records.subList(0, half), PERIOD);
            Map<SubflowId, SubflowChange> last = new HashMap<>();
            updates(earlier).forEach(u -> last.put(u.subflow(), u));
            live = last.values().stream().filter(u -> !u.left()).map(SubflowChange::subflow).collect(Collectors.toSet());
            assertFalse(live.isEmpty());
            sent.addAll(earlier.extractOutputValues());
            for (SubflowId subflow : live) {
                retired(earlier, subflow).update(new int[] {3, 4}); // as an earlier build kept it
            }
            savepoint = earlier.snapshot(1, 1);
        }
        try (var later = unopened(config, 16)) {
            if (rocksDb) {
                later.setStateBackend(new EmbeddedRocksDBStateBackend());
            }
            later.initializeState(savepoint);
            later.open();
            for (SubflowId subflow : live) {
                assertNull(retired(later, subflow).value(), "left after the restore: " + subflow);
            }
            if (!rocksDb) { // the harness counts entries on the heap backend only
                assertEquals(live.size(), later.numKeyedStateEntries(), "the evidence alone is left");
            }
            replay(later, records.subList(half, records.size()), PERIOD);
            sent.addAll(later.extractOutputValues());
            // A subflow is removed from a bucket it was last sent to before, though no state says which that was.
            for (BucketRemoval r : values(later, SubflowEvidenceFunction.REMOVALS)) {
                long lastSentTo = sent.stream().filter(u -> u.update().subflow().equals(r.subflow())
                        && u.update().period() < r.period()).mapToLong(u -> u.update().period()).max().orElseThrow();
                assertTrue(sent.stream().anyMatch(u -> u.update().subflow().equals(r.subflow())
                        && u.update().period() == lastSentTo && u.bucket() == r.bucket()), r + ": not sent there last");
            }
        }
    }

    /** A subflow's entry of the retired buckets state, as the operator's own backend holds it. */
    @SuppressWarnings("unchecked")
    private static ValueState<int[]> retired(KeyedOneInputStreamOperatorTestHarness<SubflowId, WirePacket, BucketUpdate> h,
                                             SubflowId subflow) throws Exception {
        h.getOperator().setCurrentKey(subflow);
        return h.getOperator().getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                (ValueStateDescriptor<int[]>) SubflowEvidenceFunction.RETIRED.descriptors().get(0));
    }

    static KeyedOneInputStreamOperatorTestHarness<SubflowId, WirePacket, BucketUpdate> harness(
            AssociationConfig config, int buckets) throws Exception {
        var harness = unopened(config, buckets);
        harness.open();
        return harness;
    }

    private static KeyedOneInputStreamOperatorTestHarness<SubflowId, WirePacket, BucketUpdate> unopened(
            AssociationConfig config, int buckets) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new EvidenceOperator(new SubflowEvidenceFunction(config, buckets)), new SubflowKey(),
                SubflowIdCodec.TYPE);
    }

    /**
     * Feeds the records in order with a watermark at every period they cross, as the source
     * would, and closes the last period.
     *
     * @return the last period's timer
     */
    static long replay(KeyedOneInputStreamOperatorTestHarness<SubflowId, WirePacket, BucketUpdate> harness,
                       List<PacketRecord> records, long period) throws Exception {
        long nextTimer = Periods.timerOf(records.get(0).tsMicros(), period);
        for (PacketRecord p : records) {
            while (Periods.timerOf(p.tsMicros(), period) > nextTimer) {
                harness.processWatermark(nextTimer);
                nextTimer += period / 1000;
            }
            harness.processElement(LabSample.wire(p), p.tsMicros() / 1000);
        }
        harness.processWatermark(nextTimer);
        return nextTimer;
    }

    static List<SubflowChange> updates(KeyedOneInputStreamOperatorTestHarness<SubflowId, WirePacket, BucketUpdate> h) {
        return values(h, SubflowEvidenceFunction.TO_GROUPING);
    }

    static <T> List<T> values(KeyedOneInputStreamOperatorTestHarness<SubflowId, WirePacket, BucketUpdate> h,
                              OutputTag<T> tag) {
        List<T> values = new ArrayList<>();
        var queue = h.getSideOutput(tag);
        if (queue != null) {
            for (StreamRecord<T> r : queue) {
                values.add(r.getValue());
            }
        }
        return values;
    }

    private static SubflowChange single(List<SubflowChange> updates) {
        assertEquals(1, updates.size(), "one update per subflow and period");
        return updates.get(0);
    }
}
