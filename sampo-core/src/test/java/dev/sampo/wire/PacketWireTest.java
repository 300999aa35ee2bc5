package dev.sampo.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.sampo.flow.IpAddress;
import dev.sampo.mptcp.MptcpOption;
import dev.sampo.packet.LinkType;
import dev.sampo.packet.Missing;
import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketDecoder;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.RealFrames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacketWireTest {
    private static final PacketRecord FULL = new PacketRecord(7, 1_700_000_000_123_456L, "192.0.2.10/3",
            IpAddress.parse("2001:db8::1"), 40000, IpAddress.parse("2001:db8:0:1::2"), 5000,
            0xFFFF_FFFFL, 0x8000_0000L, 1428, Packet.ACK | Packet.PSH, 50, Missing.TCP_OPTIONS,
            List.of(new MptcpOption.MpCapable(1, 1, Long.parseUnsignedLong("16008792791870625391"), -1L, 13, null),
                    new MptcpOption.Dss(-2L, 1L, 31240, Long.MIN_VALUE, false, 8, 8, null)));

    @Test
    void everyFieldRoundTripsIncludingUnsigned64BitValues() throws Exception {
        byte[] wire = PacketWire.encode(FULL);
        assertEquals(PacketWire.VERSION, wire[0]);
        assertEquals(FULL, PacketWire.decode(wire));
    }

    /** The hand-written reader against data binding, over every option type. */
    @Test
    void theReaderReadsWhatDataBindingReads() throws Exception {
        ObjectMapper databind = new CBORMapper();
        List<PacketRecord> records = new ArrayList<>(List.of(FULL));
        PacketDecoder decoder = new PacketDecoder();
        Packet p = new Packet();
        int n = 0;
        for (byte[] ip : RealFrames.ipv4Packets()) {
            decoder.decode(LinkType.RAW, ip, 0, ip.length, ++n, 1_000_000L * n, p);
            records.add(PacketRecord.of(p, 100, "if=mirror0"));
        }
        records.add(new PacketRecord(9, 5, null, FULL.src(), 1, FULL.dst(), 2, 0, 0, 0, 0, 1, null, List.of(
                new MptcpOption.AddAddr(1, true, 3, IpAddress.parse("192.0.2.1"), 8080, -5L),
                new MptcpOption.RemoveAddr(List.of(1, 2)), new MptcpOption.MpPrio(true, 4),
                new MptcpOption.MpFail(Long.MIN_VALUE), new MptcpOption.MpFastclose(7L),
                new MptcpOption.MpTcpRst(1, 2), new MptcpOption.Unknown(3),
                new MptcpOption.MpJoin(1L, 2L, -3L, false, 5))));
        for (PacketRecord r : records) {
            byte[] wire = PacketWire.encode(r);
            PacketRecord bound = databind.readValue(Arrays.copyOfRange(wire, 1, wire.length), PacketRecord.class);
            assertEquals(r, bound);
            assertEquals(bound, PacketWire.decode(wire));
        }
    }

    /** A data segment of a full mirror, 11 bytes of payload: what {@code replay --payload} publishes. */
    private static final PacketRecord WITH_PAYLOAD = new PacketRecord(6, 1_795_459_948_711_685L, null,
            IpAddress.parse("10.100.2.2"), 39590, IpAddress.parse("10.100.0.2"), 5000, 15945002, 2982975209L, 11,
            Packet.ACK | Packet.PSH, 1, null, List.of(new MptcpOption.Dss(1L, 1L, 11, null, false, 4, null, null)),
            "hello world".getBytes(StandardCharsets.US_ASCII));
    /** {@link #WITH_PAYLOAD}'s bytes as version 2 wrote them: a change of the format breaks this test. */
    private static final String WITH_PAYLOAD_V2 = "02bf656672616d65066574735f75731b000660f618738f05637372636a31302e3130302e322e326573706f7274199aa6"
            + "636473746a31302e3130302e302e326564706f7274191388637365711a00f34d2a6361636b1ab1cc96e9636c656e0b65"
            + "666c6167731818647261746501656d7074637081bf6773756274797065634453536364736e016373736e0163646c6c0b"
            + "68646174615f66696ef46964736e5f627974657304ff677061796c6f61644b68656c6c6f20776f726c64ff";
    /** The same record without its payload, as version 1 has always written it. */
    private static final String WITHOUT_PAYLOAD_V1 = "01bf656672616d65066574735f75731b000660f618738f05637372636a31302e3130302e322e326573706f7274199aa6"
            + "636473746a31302e3130302e302e326564706f7274191388637365711a00f34d2a6361636b1ab1cc96e9636c656e0b65"
            + "666c6167731818647261746501656d7074637081bf6773756274797065634453536364736e016373736e0163646c6c0b"
            + "68646174615f66696ef46964736e5f627974657304ffff";

    @Test
    void aRecordWithPayloadIsVersion2AndReadsBackFromItsSnapshot() throws Exception {
        byte[] wire = PacketWire.encode(WITH_PAYLOAD);
        assertEquals(PacketWire.PAYLOAD_VERSION, wire[0]);
        assertEquals(WITH_PAYLOAD_V2, HexFormat.of().formatHex(wire));
        PacketRecord back = PacketWire.decode(HexFormat.of().parseHex(WITH_PAYLOAD_V2));
        assertEquals(WITH_PAYLOAD, back);
        assertEquals("hello world", new String(back.payload(), StandardCharsets.US_ASCII));
        PacketRecord headers = PacketWire.decodeHeaders(wire);
        assertEquals(null, headers.payload());
        assertEquals(withoutPayload(WITH_PAYLOAD), headers);
    }

    @Test
    void aRecordWithoutPayloadIsStillVersion1ByteForByte() throws Exception {
        PacketRecord plain = withoutPayload(WITH_PAYLOAD);
        byte[] wire = PacketWire.encode(plain);
        assertEquals(PacketWire.VERSION, wire[0]);
        assertEquals(WITHOUT_PAYLOAD_V1, HexFormat.of().formatHex(wire));
        assertEquals(plain, PacketWire.decode(HexFormat.of().parseHex(WITHOUT_PAYLOAD_V1)));
    }

    @Test
    void aPayloadLongerThanItsSegmentOrNotBytesIsMalformed() {
        PacketRecord tooLong = new PacketRecord(6, 0, null, FULL.src(), 1, FULL.dst(), 2, 0, 0, 3, 0, 1, null, null,
                new byte[4]);
        assertTrue(assertThrows(PacketWire.MalformedRecordException.class,
                () -> PacketWire.decode(PacketWire.encode(tooLong))).getMessage().contains("payload of 4 bytes"));
        byte[] wire = PacketWire.encode(WITH_PAYLOAD);
        byte[] asText = HexFormat.of().parseHex(HexFormat.of().formatHex(wire)
                .replace("677061796c6f61644b", "677061796c6f61646b")); // "payload": byte string → text string
        assertTrue(assertThrows(PacketWire.MalformedRecordException.class, () -> PacketWire.decode(asText))
                .getMessage().contains("payload must be a byte string"));
    }

    private static PacketRecord withoutPayload(PacketRecord r) {
        return new PacketRecord(r.frame(), r.tsMicros(), r.observationPoint(), r.src(), r.sport(), r.dst(), r.dport(),
                r.seq(), r.ack(), r.len(), r.flags(), r.samplingRate(), r.missing(), r.mptcp());
    }

    /**
     * What other CBOR writers may send and Jackson's does not: definite-length maps, a chunked string,
     * a half float, tags and nesting in fields the reader does not know; and a float where an integer
     * belongs, which is rejected.
     */
    @Test
    void definiteLengthsChunksAndUnknownItemsReadAsTheSameRecord() throws Exception {
        String record = "01" + "aa"
                + "656672616d65" + "07" // "frame": 7
                + "636f6273" + "7f" + "626162" + "6163" + "ff" // "obs": (_ "ab", "c")
                + "63737263" + "6831302e302e302e31" // "src": "10.0.0.1"
                + "6573706f7274" + "01" // "sport": 1
                + "63647374" + "6831302e302e302e32" // "dst": "10.0.0.2"
                + "6564706f7274" + "02" // "dport": 2
                + "6472617465" + "01" // "rate": 1
                + "6178" + "f93e00" // "x": 1.5
                + "6179" + "82" + "a1" + "6161" + "c24101" + "f6" // "y": [{"a": 2(h'01')}, null]
                + "656d70746370" + "81" + "a3" + "6773756274797065" + "63445353" // "mptcp": [{"subtype": "DSS",
                + "6364736e" + "c248ffffffffffffffff" + "68646174615f66696e" + "f5"; // "dsn": 2^64 - 1, "data_fin": true}]
        PacketRecord expected = new PacketRecord(7, 0, "abc", IpAddress.parse("10.0.0.1"), 1, IpAddress.parse("10.0.0.2"),
                2, 0, 0, 0, 0, 1, null, List.of(new MptcpOption.Dss(-1L, null, null, null, true, null, null, null)));
        assertEquals(expected, PacketWire.decode(HexFormat.of().parseHex(record)));
        byte[] floatPort = HexFormat.of().parseHex(record.replace("6573706f7274" + "01", "6573706f7274" + "f93c00"));
        assertTrue(assertThrows(PacketWire.MalformedRecordException.class, () -> PacketWire.decode(floatPort))
                .getMessage().contains("sport must be an integer, not a float"));
    }

    @Test
    void bothDirectionsOfASubflowShareAKey() {
        PacketRecord reverse = new PacketRecord(8, 0, null, FULL.dst(), FULL.dport(), FULL.src(), FULL.sport(),
                0, 0, 0, Packet.ACK, 1, null, null);
        assertArrayEquals(PacketWire.key(FULL), PacketWire.key(reverse));
        assertEquals("[2001:db8::1]:40000-[2001:db8:0:1::2]:5000",
                new String(PacketWire.key(FULL), StandardCharsets.UTF_8));
    }

    @Test
    void realDecodedPacketsRoundTrip() throws Exception {
        PacketDecoder decoder = new PacketDecoder();
        Packet p = new Packet();
        int n = 0;
        for (byte[] ip : RealFrames.ipv4Packets()) {
            decoder.decode(LinkType.RAW, ip, 0, ip.length, ++n, 1_000_000L * n, p);
            PacketRecord r = PacketRecord.of(p, 100, null);
            assertEquals(r, PacketWire.decode(PacketWire.encode(r)));
        }
        assertTrue(n > 5);
    }

    @Test
    void wrongVersionsGarbageAndBrokenSchemasAreRejectedWithAReason() {
        byte[] wire = PacketWire.encode(FULL);
        wire[0] = 3;
        assertTrue(assertThrows(PacketWire.MalformedRecordException.class, () -> PacketWire.decode(wire))
                .getMessage().contains("unknown wire version 3"));
        assertThrows(PacketWire.MalformedRecordException.class, () -> PacketWire.decode(new byte[0]));
        assertThrows(PacketWire.MalformedRecordException.class, () -> PacketWire.decode(null));
        PacketRecord badRate = new PacketRecord(1, 0, null, FULL.src(), 1, FULL.dst(), 2, 0, 0, 0, 0, 0, null, null);
        assertTrue(assertThrows(PacketWire.MalformedRecordException.class,
                () -> PacketWire.decode(PacketWire.encode(badRate))).getMessage().contains("sampling rate"));
        Random random = new Random(42);
        byte[] good = PacketWire.encode(FULL);
        for (int i = 0; i < 5_000; i++) {
            byte[] mutated = good.clone();
            if (random.nextBoolean()) {
                mutated = java.util.Arrays.copyOf(mutated, 2 + random.nextInt(mutated.length - 2));
            }
            for (int k = random.nextInt(4); k >= 0; k--) {
                mutated[1 + random.nextInt(mutated.length - 1)] = (byte) random.nextInt(256);
            }
            try {
                PacketRecord r = PacketWire.decode(mutated);
                assertTrue(r.src() != null && r.dst() != null && r.samplingRate() >= 1);
            } catch (PacketWire.MalformedRecordException expected) {
                assertTrue(expected.getMessage() != null);
            }
        }
    }
}
