package dev.sampo.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.flow.IpAddress;
import dev.sampo.mptcp.MptcpOption;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketRecordJsonTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aRecordWithEveryFieldRoundTrips() throws JsonProcessingException {
        long key = Long.parseUnsignedLong("16008792791870625391");
        PacketRecord r = new PacketRecord(7, 1_700_000_000_123_456L, "192.0.2.10/3",
                IpAddress.parse("2001:db8::1"), 40000, IpAddress.parse("2001:db8:0:1::2"), 5000,
                0xFFFF_FFFFL, 0x8000_0000L, 1428, Packet.ACK | Packet.PSH, 50, Missing.TCP_OPTIONS,
                List.of(new MptcpOption.MpCapable(1, 1, key, -1L, 13, null),
                        new MptcpOption.Dss(-2L, 1L, 31240, Long.MIN_VALUE, false, 8, 8, null)));
        String text = json.writeValueAsString(r);
        assertEquals(r, json.readValue(text, PacketRecord.class));
        assertTrue(text.startsWith("{\"frame\":7,\"ts_us\":1700000000123456,\"obs\":\"192.0.2.10/3\","
                + "\"src\":\"2001:db8::1\",\"sport\":40000,\"dst\":\"2001:db8:0:1::2\",\"dport\":5000,"
                + "\"seq\":4294967295,\"ack\":2147483648,\"len\":1428,\"flags\":24,\"rate\":50,"
                + "\"missing\":\"TCP_OPTIONS\",\"mptcp\":[{\"subtype\":\"MP_CAPABLE\""), text);
        assertTrue(text.contains("\"sender_key\":16008792791870625391,\"receiver_key\":18446744073709551615"), text);
        assertTrue(text.contains("\"dsn\":18446744073709551614"), text);
        assertTrue(text.contains("\"data_ack\":9223372036854775808"), text);
    }

    @Test
    void aPlainTcpRecordOmitsWhatItDoesNotHave() throws JsonProcessingException {
        PacketRecord r = new PacketRecord(1, 0, null, IpAddress.parse("10.0.0.1"), 1, IpAddress.parse("10.0.0.2"),
                2, 3, 4, 0, Packet.SYN, 1, null, null);
        String text = json.writeValueAsString(r);
        assertEquals("{\"frame\":1,\"ts_us\":0,\"src\":\"10.0.0.1\",\"sport\":1,\"dst\":\"10.0.0.2\",\"dport\":2,"
                + "\"seq\":3,\"ack\":4,\"len\":0,\"flags\":2,\"rate\":1,\"mptcp\":[]}", text);
        assertEquals(r, json.readValue(text, PacketRecord.class));
    }

    @Test
    void aDecodedPacketBecomesTheSameRecordAfterARoundTrip() throws JsonProcessingException {
        PacketDecoder decoder = new PacketDecoder();
        Packet p = new Packet();
        byte[] frame = TestFrames.ethernet(0x0800, PacketDecoderTest.IPV4);
        decoder.decode(LinkType.ETHERNET, frame, 0, frame.length, 3, 5_000_999L, p);
        PacketRecord r = PacketRecord.of(p, 1, null);
        assertEquals(r, json.readValue(json.writeValueAsString(r), PacketRecord.class));
        assertEquals(5_000L, r.tsMicros());
    }
}
