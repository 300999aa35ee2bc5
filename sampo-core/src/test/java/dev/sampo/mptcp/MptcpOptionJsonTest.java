package dev.sampo.mptcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.flow.IpAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The option part of the {@code sampo.packets} schema: every subtype round-trips, unsigned stays unsigned. */
class MptcpOptionJsonTest {
    static final long MAX = -1L; // 2^64 - 1
    static final long ABOVE_2_63 = Long.parseUnsignedLong("16008792791870625391");

    private final ObjectMapper json = new ObjectMapper();

    static List<MptcpOption> everySubtype() {
        return List.of(
                new MptcpOption.MpCapable(1, 0x01, null, null, null, null),
                new MptcpOption.MpCapable(1, 0x01, ABOVE_2_63, MAX, 1428, 0xBEEF),
                new MptcpOption.MpCapable(0, 0x81, 0x0102030405060708L, null, null, null),
                new MptcpOption.MpJoin(0xFFFF_FFFFL, 0xCAFEF00DL, null, true, 5),
                new MptcpOption.MpJoin(null, 1L, Long.MIN_VALUE, false, 0),
                new MptcpOption.MpJoin(null, null, ABOVE_2_63, null, null),
                new MptcpOption.Dss(MAX, 0xFFFF_FFFFL, 65535, ABOVE_2_63, true, 8, 8, 0xFFFF),
                new MptcpOption.Dss(null, null, null, 3851022548L, false, null, 4, null),
                new MptcpOption.AddAddr(1, true, 1, IpAddress.parse("10.101.0.2"), 5000, null),
                new MptcpOption.AddAddr(1, false, 2, IpAddress.parse("2001:db8::2"), null, MAX),
                new MptcpOption.AddAddr(0, null, 3, IpAddress.parse("11.0.0.1"), null, null),
                new MptcpOption.RemoveAddr(List.of(1, 2, 255)),
                new MptcpOption.MpPrio(true, 7),
                new MptcpOption.MpPrio(false, null),
                new MptcpOption.MpFail(ABOVE_2_63),
                new MptcpOption.MpFastclose(MAX),
                new MptcpOption.MpTcpRst(0x0B, 6),
                new MptcpOption.Unknown(6));
    }

    @Test
    void everySubtypeRoundTrips() throws JsonProcessingException {
        for (MptcpOption option : everySubtype()) {
            String text = json.writeValueAsString(option);
            assertEquals(option, json.readValue(text, MptcpOption.class), text);
            assertFalse(text.contains("null"), "absent fields are omitted: " + text);
            assertTrue(text.startsWith("{\"subtype\":\""), text);
        }
    }

    @Test
    void valuesAbove2To63AreUnsignedDecimal() throws JsonProcessingException {
        String text = json.writeValueAsString(new MptcpOption.MpCapable(1, 1, ABOVE_2_63, MAX, null, null));
        assertTrue(text.contains("\"sender_key\":16008792791870625391"), text);
        assertTrue(text.contains("\"receiver_key\":18446744073709551615"), text);
        assertFalse(text.contains("-"), text);

        MptcpOption.Dss dss = (MptcpOption.Dss) json.readValue(
                "{\"subtype\":\"DSS\",\"dsn\":9223372036854775808,\"data_ack\":18446744073709551615,"
                        + "\"data_fin\":false}", MptcpOption.class);
        assertEquals(Long.MIN_VALUE, dss.dsn());
        assertEquals(MAX, dss.dataAck());
    }

    @Test
    void numbersNoUnsigned64BitValueWritesAreRejected() {
        for (String bad : new String[] {"-1", "18446744073709551616", "1.5"}) {
            String text = "{\"subtype\":\"MP_FAIL\",\"dsn\":" + bad + "}";
            assertThrows(JsonProcessingException.class, () -> json.readValue(text, MptcpOption.class), text);
        }
    }
}
