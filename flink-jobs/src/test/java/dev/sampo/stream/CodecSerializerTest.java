package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.Evidence;
import dev.sampo.association.PairDecision;
import dev.sampo.association.SubflowSummary;
import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.mptcp.MptcpOption;
import dev.sampo.packet.Missing;
import dev.sampo.packet.PacketRecord;
import java.io.IOException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class CodecSerializerTest {
    private static final SubflowId V4 = SubflowId.parse("10.0.0.2:80-10.0.0.1:5000");
    private static final SubflowId V6 = SubflowId.parse("[2001:db8::1]:443-[2001:db8::2]:65535");
    private static final PairDecision DECISION =
            new PairDecision(V4, V6, PairDecision.Verdict.DISTINCT, 0.25, 0.995, Evidence.DSN, 32, true);

    @Test
    void everyTypeBetweenTheStagesReadsBackAsWritten() throws IOException {
        assertEquals(V4, roundTrip(SubflowIdCodec.TYPE, V4));
        assertEquals(V6, roundTrip(SubflowIdCodec.TYPE, V6));
        assertEquals(DECISION, roundTrip(DecidedPair.TYPE, new DecidedPair(1999, DECISION)).decision());
        assertEquals(new DecidedPair(-1, DECISION), roundTrip(DecidedPair.TYPE, new DecidedPair(-1, DECISION)));
        SubflowSummary summary = new SubflowSummary(V4, new long[] {7, 0xFFFF_FFFFL}, 7, 12, 3400, 1_000, 9_000);
        SubflowChange changed = roundTrip(SubflowChange.TYPE, SubflowChange.of(2999, summary));
        assertEquals(List.of(2999L, V4, 7L, 12L, 3400L, 1_000L, 9_000L), List.of(changed.period(), changed.subflow(),
                changed.summary().responderToken(), changed.summary().packets(), changed.summary().payloadBytes(),
                changed.summary().firstSeen(), changed.summary().lastSeen()));
        assertArrayEquals(summary.tokens(), changed.summary().tokens());
        assertEquals(V4, changed.summary().id());
        assertEquals(SubflowChange.removed(3999, V6), roundTrip(SubflowChange.TYPE, SubflowChange.removed(3999, V6)));
        assertArrayEquals(new long[0], roundTrip(SummaryCodec.TYPE,
                new SubflowSummary(V6, new long[0], -1, 1, 0, 5, 5)).tokens());
        assertEquals(new BucketRemoval(15, 2999, V6), roundTrip(BucketRemoval.TYPE, new BucketRemoval(15, 2999, V6)));
        WirePacket wire = roundTrip(WirePacket.TYPE, WirePacket.of(V6.toString(), new byte[] {1, 2}, 3, 1L << 40));
        assertEquals(List.of(V6, V6.toString(), 3, 1L << 40), List.of(wire.subflow(), wire.keyText(), wire.partition(),
                wire.offset()));
        assertArrayEquals(new byte[] {1, 2}, wire.value());
        assertEquals(SubflowKey.UNKEYED, roundTrip(WirePacket.TYPE, WirePacket.of("garbage", new byte[0], 0, 0)).subflow());
        SubflowUpdate update = new SubflowUpdate(999, V4, new byte[] {1, 2, 3});
        BucketUpdate read = roundTrip(BucketUpdate.TYPE, new BucketUpdate(7, update));
        assertEquals(7, read.bucket());
        assertEquals(999, read.update().period());
        assertEquals(V4, read.update().subflow());
        assertArrayEquals(update.evidence(), read.update().evidence());
        for (SessionSegment segment : List.of(new SessionSegment(new StreamKey.Token(0xc8676386), "0d15715be45dcd82",
                new byte[] {2, 9}), new SessionSegment(new StreamKey.Subflow(V6), null, new byte[0]))) {
            SessionSegment back = roundTrip(SessionSegment.TYPE, segment);
            assertEquals(segment.stream(), back.stream());
            assertEquals(segment.session(), back.session());
            assertEquals(segment.token(), back.token());
            assertArrayEquals(segment.wire(), back.wire());
        }
    }

    /** Every record of the lab capture, and a record with every option subtype, each field both absent and present. */
    @Test
    void packetRecordsReadBackEqualWithEveryOptionAndAbsentField() throws IOException {
        for (PacketRecord p : LabSample.records()) {
            assertEquals(p, roundTrip(PacketRecordCodec.TYPE, p));
        }
        IpAddress a = IpAddress.parse("2001:db8::1");
        List<MptcpOption> every = List.of(
                new MptcpOption.MpCapable(1, 0x81, -2L, 7L, 1460, 0xbeef),
                new MptcpOption.MpCapable(0, 1, null, null, null, null),
                new MptcpOption.MpJoin(0xc8676386L, 9L, -1L, true, 3),
                new MptcpOption.MpJoin(null, null, null, null, null),
                new MptcpOption.Dss(-5L, 0xFFFF_FFFFL, 1400, Long.MIN_VALUE, true, 8, 4, 0x1234),
                new MptcpOption.Dss(null, null, null, null, false, null, null, null),
                new MptcpOption.AddAddr(1, false, 2, a, 8080, -9L),
                new MptcpOption.AddAddr(0, null, null, null, null, null),
                new MptcpOption.RemoveAddr(List.of(1, 2, 255)),
                new MptcpOption.RemoveAddr(List.of()),
                new MptcpOption.MpPrio(true, 4),
                new MptcpOption.MpPrio(false, null),
                new MptcpOption.MpFail(-3L),
                new MptcpOption.MpFail(null),
                new MptcpOption.MpFastclose(11L),
                new MptcpOption.MpFastclose(null),
                new MptcpOption.MpTcpRst(5, 2),
                new MptcpOption.MpTcpRst(0, null),
                new MptcpOption.Unknown(12));
        PacketRecord full = new PacketRecord(1L << 40, 1_700_000_000_123_456L, "agent-1/ifIndex 7 ✓", a, 443,
                IpAddress.parse("10.0.0.1"), 65535, 0xFFFF_FFFFL, 0, 1400, 0x1ff, 64, Missing.TCP_OPTIONS, every,
                new byte[] {1, 2, 3});
        assertEquals(full, roundTrip(PacketRecordCodec.TYPE, full));
        PacketRecord bare = new PacketRecord(0, 0, null, a, 0, a, 0, 0, 0, 0, 0, 1, null, List.of());
        assertEquals(bare, roundTrip(PacketRecordCodec.TYPE, bare));
    }

    @Test
    void subflowKeysAreEqualBytesWhenEqualAndThirtySixLong() throws IOException {
        byte[] a = bytes(SubflowIdCodec.TYPE, V4);
        assertEquals(36, a.length);
        assertArrayEquals(a, bytes(SubflowIdCodec.TYPE, SubflowId.parse(V4.toString())));
        assertTrue(SubflowIdCodec.TYPE.isKeyType());
    }

    @Test
    void streamKeysAreEqualBytesWhenEqualAndReadBackAsTheirKind() throws IOException {
        List<StreamKey> keys = List.of(new StreamKey.Token(0xc8676386), new StreamKey.Token(0),
                new StreamKey.Session("0d15715be45dcd82"), new StreamKey.Session("c8676386"), new StreamKey.Subflow(V4));
        Set<String> distinct = new HashSet<>();
        for (StreamKey key : keys) {
            assertEquals(key, roundTrip(StreamKey.TYPE, key));
            assertArrayEquals(bytes(StreamKey.TYPE, key), bytes(StreamKey.TYPE, StreamKey.parse(key.toString())));
            distinct.add(HexFormat.of().formatHex(bytes(StreamKey.TYPE, key)));
        }
        assertEquals(keys.size(), distinct.size(), "a token and a session id of the same digits are two streams");
        assertTrue(StreamKey.TYPE.isKeyType());
        assertEquals(new StreamKey.Token(0xc8676386), StreamKey.of("0d15715be45dcd82", "c8676386"));
        assertEquals("c8676386", new SessionSegment(StreamKey.of("s", "c8676386"), "s", new byte[0]).token());
        assertEquals(new StreamKey.Session("0d15715be45dcd82"), StreamKey.of("0d15715be45dcd82", null));
        for (String bad : List.of("c867638", "c867638g", "+8676386")) {
            assertThrows(IllegalArgumentException.class, () -> StreamKey.of("s", bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> StreamKey.parse("c8676386"));
    }

    @Test
    void aSnapshotNamesItsFormatAndVersionAndRestoresThatFormat() throws IOException {
        TypeSerializer<SubflowId> serializer = serializer(SubflowIdCodec.TYPE);
        TypeSerializerSnapshot<SubflowId> restored = reread(serializer.snapshotConfiguration());
        assertTrue(serializer.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs());
        assertEquals(serializer, restored.restoreSerializer());
        assertNotEquals(serializer, serializer(DecidedPair.TYPE));
    }

    @Test
    void stateOfAnotherTypeOrOfAnUnknownVersionIsRefused() throws IOException {
        TypeSerializerSnapshot<SubflowId> current = serializer(SubflowIdCodec.TYPE).snapshotConfiguration();
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<SubflowId> other = (TypeSerializerSnapshot) reread(serializer(DecidedPair.TYPE)
                .snapshotConfiguration());
        assertTrue(current.resolveSchemaCompatibility(other).isIncompatible());

        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(SubflowIdCodec.class.getName());
        out.writeInt(99);
        CodecSerializer.Snapshot<SubflowId> future = new CodecSerializer.Snapshot<>();
        IOException e = assertThrows(IOException.class, () -> future.readSnapshot(current.getCurrentVersion(),
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("version 99"), e.getMessage());
    }

    private static <T> TypeSerializer<T> serializer(TypeInformation<T> type) {
        return type.createSerializer(new SerializerConfigImpl());
    }

    private static <T> byte[] bytes(TypeInformation<T> type, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer(type).serialize(value, out);
        return out.getCopyOfBuffer();
    }

    private static <T> T roundTrip(TypeInformation<T> type, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer(type).serialize(value, out);
        serializer(type).serialize(value, out); // a second value right after: nothing read past the first
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T first = serializer(type).deserialize(in);
        serializer(type).deserialize(in);
        assertEquals(0, in.available());
        return first;
    }

    private static <T> TypeSerializerSnapshot<T> reread(TypeSerializerSnapshot<T> snapshot) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()),
                CodecSerializerTest.class.getClassLoader());
    }
}
