package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sampo.association.Evidence;
import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketRecord;
import dev.sampo.wire.PacketWire;
import dev.sampo.wire.Schemas;
import dev.sampo.wire.SubflowRecord;
import dev.sampo.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The IDS stage's first operator: a subflow's records wait for its session, within a cap and a time. */
class SessionOfSubflowTest {
    private static final IpAddress CLIENT = IpAddress.parse("10.0.0.1");
    private static final IpAddress SERVER = IpAddress.parse("10.0.0.2");
    private static final SubflowId SUBFLOW = SubflowId.of(CLIENT, 40000, SERVER, 5000);
    private static final long HOLD_MILLIS = 3_000;

    @Test
    void recordsWaitForTheSessionThenGoOnInOrderWithIt() throws Exception {
        try (var harness = harness(1 << 20)) {
            packets(harness, 0, 3);
            assertEquals(List.of(), harness.extractOutputValues(), "nothing goes on before the session is known");
            harness.processElement2(subflowRecord("0d15715be45dcd82", "c8676386"), 1_000);
            packets(harness, 3, 5);
            List<SessionSegment> out = harness.extractOutputValues();
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), out.stream().map(SessionOfSubflowTest::frame).toList());
            for (SessionSegment s : out) {
                assertEquals(new StreamKey.Token(0xc8676386), s.stream());
                assertEquals("0d15715be45dcd82", s.session());
            }
        }
    }

    @Test
    void pastTheCapTheOldestHeldRecordsAreDropped() throws Exception {
        int lastTwo = PacketWire.encode(packet(3)).length + PacketWire.encode(packet(4)).length;
        try (var harness = harness(lastTwo)) {
            packets(harness, 0, 5);
            harness.processElement2(subflowRecord("0d15715be45dcd82", null), 1_000);
            List<SessionSegment> out = harness.extractOutputValues();
            assertEquals(List.of(3L, 4L), out.stream().map(SessionOfSubflowTest::frame).toList());
            assertEquals(new StreamKey.Session("0d15715be45dcd82"), out.get(0).stream(), "a session without a token is keyed by its id");
        }
    }

    @Test
    void withoutASessionInTimeTheRecordsAreMatchedAlone() throws Exception {
        try (var harness = harness(1 << 20)) {
            packets(harness, 0, 2);
            harness.processBothWatermarks(new Watermark(HOLD_MILLIS - 1));
            assertEquals(List.of(), harness.extractOutputValues());
            harness.processBothWatermarks(new Watermark(HOLD_MILLIS));
            List<SessionSegment> out = harness.extractOutputValues();
            assertEquals(2, out.size());
            assertEquals(new StreamKey.Subflow(SUBFLOW), out.get(0).stream());
            assertNull(out.get(0).session());
        }
    }

    @Test
    void aSubflowRecordWithAnUnreadableTokenIsSkippedAndTheRecordsWaitOn() throws Exception {
        try (var harness = harness(1 << 20)) {
            packets(harness, 0, 2);
            harness.processElement2(subflowRecord("0d15715be45dcd82", "not-hex!"), 1_000);
            assertEquals(List.of(), harness.extractOutputValues(), "no stream for a token that is not one");
            harness.processElement2(subflowRecord("0d15715be45dcd82", "c8676386"), 2_000);
            assertEquals(List.of(0L, 1L), harness.extractOutputValues().stream().map(SessionOfSubflowTest::frame)
                    .toList());
        }
    }

    @Test
    void heldRecordsSurviveARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var before = harness(1 << 20)) {
            packets(before, 0, 3);
            snapshot = before.snapshot(1, 0);
        }
        try (var after = unopened(1 << 20)) {
            after.initializeState(snapshot);
            after.open();
            after.processElement2(subflowRecord("0d15715be45dcd82", "c8676386"), 1_000);
            assertEquals(List.of(0L, 1L, 2L), after.extractOutputValues().stream().map(SessionOfSubflowTest::frame)
                    .toList());
        }
    }

    private static SessionOfSubflow function(long holdBytes) {
        return new SessionOfSubflow(new IdsSettings("r.rules", List.of(), Topics.ALERTS, 1 << 20, holdBytes, HOLD_MILLIS,
                120_000_000L, 2_500));
    }

    private static KeyedTwoInputStreamOperatorTestHarness<SubflowId, WirePacket, Output, SessionSegment> harness(
            long holdBytes) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(function(holdBytes), new SubflowKey(),
                o -> SubflowKey.parse(o.key), SubflowIdCodec.TYPE);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<SubflowId, WirePacket, Output, SessionSegment> unopened(
            long holdBytes) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(function(holdBytes)),
                new SubflowKey(), o -> SubflowKey.parse(o.key), SubflowIdCodec.TYPE);
    }

    private static void packets(KeyedTwoInputStreamOperatorTestHarness<SubflowId, WirePacket, Output, SessionSegment> h,
                                int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            PacketRecord p = packet(i);
            h.processElement1(LabSample.wire(p), p.tsMicros() / 1000);
        }
    }

    private static PacketRecord packet(long frame) {
        return new PacketRecord(frame, frame * 1_000, null, CLIENT, 40000, SERVER, 5000, 1000 + 10 * frame, 1, 10,
                Packet.ACK, 1, null, List.of(), "0123456789".getBytes(StandardCharsets.US_ASCII));
    }

    private static Output subflowRecord(String session, String token) {
        return Output.of(Topics.SUBFLOWS, SUBFLOW.toString(),
                new SubflowRecord(SUBFLOW, session, token, 1.0, Evidence.TOKEN, 2).toJson(), Schemas.SUBFLOW_V1);
    }

    private static long frame(SessionSegment s) {
        try {
            return PacketWire.decode(s.wire()).frame();
        } catch (PacketWire.MalformedRecordException e) {
            throw new AssertionError(e);
        }
    }
}
