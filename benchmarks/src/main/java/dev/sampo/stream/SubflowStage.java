package dev.sampo.stream;

import dev.sampo.association.AssociationConfig;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import dev.sampo.wire.PacketWire;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * The job's subflow stage ({@link SubflowEvidenceFunction} in its {@link EvidenceOperator}) alone
 * in Flink's keyed operator harness, on the heap state backend with Flink's own timer queues, fed
 * as the job feeds it: each record a {@link WirePacket} whose key is parsed into a subflow of its
 * own, a watermark at every period boundary the records cross. What it emits is counted and
 * dropped, so that the heap holds the stage's state and nothing of its outputs. In this package
 * because the stage's classes are the job's own, not public.
 */
public final class SubflowStage implements AutoCloseable {
    private final KeyedOneInputStreamOperatorTestHarness<SubflowId, WirePacket, BucketUpdate> harness;
    private final long periodMicros;
    /** The live subflows by what the stage told the grouping; null once no longer counted. */
    private Set<SubflowId> live = new HashSet<>();
    private long nextTimer = Long.MIN_VALUE;
    private long updates;

    public SubflowStage(AssociationConfig config, int buckets) throws Exception {
        this.periodMicros = config.periodMicros();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new EvidenceOperator(new SubflowEvidenceFunction(config, buckets)), new SubflowKey(),
                SubflowIdCodec.TYPE);
        harness.open();
    }

    /** Feeds one packet, after a watermark for every period before its own that has not closed yet. */
    public void packet(PacketRecord p) throws Exception {
        long timer = Periods.timerOf(p.tsMicros(), periodMicros);
        if (nextTimer == Long.MIN_VALUE) {
            nextTimer = timer;
        }
        while (timer > nextTimer) {
            watermark(nextTimer);
            nextTimer += periodMicros / 1000;
        }
        SubflowId id = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
        harness.processElement(WirePacket.of(id.toString(), PacketWire.encode(p), 0, p.frame()), p.tsMicros() / 1000);
    }

    /** Closes the period of the last packet fed: no packet is pending after it. */
    public void closeLastPeriod() throws Exception {
        watermark(nextTimer);
    }

    private void watermark(long timer) throws Exception {
        harness.processWatermark(timer);
        var changes = harness.getSideOutput(SubflowEvidenceFunction.TO_GROUPING);
        if (changes != null) {
            for (StreamRecord<SubflowChange> r : changes) {
                SubflowChange c = r.getValue();
                if (c.left()) {
                    live.remove(c.subflow());
                } else {
                    live.add(c.subflow());
                    updates++;
                }
            }
            changes.clear();
        }
        var removals = harness.getSideOutput(SubflowEvidenceFunction.REMOVALS);
        if (removals != null) {
            removals.clear();
        }
        harness.getOutput().clear();
    }

    /** The live subflows as the grouping heard of them; afterwards no longer counted (the count's ids let go). */
    public int takeLiveCount() {
        int n = live.size();
        live = null;
        return n;
    }

    /** Evidence updates sent to the grouping. */
    public long updates() {
        return updates;
    }

    public int keyedStateEntries() {
        return harness.numKeyedStateEntries();
    }

    public int eventTimeTimers() {
        return harness.numEventTimeTimers();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
