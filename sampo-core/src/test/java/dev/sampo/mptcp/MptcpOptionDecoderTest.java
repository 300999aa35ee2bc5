package dev.sampo.mptcp;

import static dev.sampo.mptcp.MptcpOptionView.ADDRESS;
import static dev.sampo.mptcp.MptcpOptionView.ADDR_ID;
import static dev.sampo.mptcp.MptcpOptionView.BACKUP;
import static dev.sampo.mptcp.MptcpOptionView.CHECKSUM;
import static dev.sampo.mptcp.MptcpOptionView.DATA_ACK;
import static dev.sampo.mptcp.MptcpOptionView.DATA_LEVEL_LENGTH;
import static dev.sampo.mptcp.MptcpOptionView.DSN;
import static dev.sampo.mptcp.MptcpOptionView.HMAC;
import static dev.sampo.mptcp.MptcpOptionView.NONCE;
import static dev.sampo.mptcp.MptcpOptionView.PORT;
import static dev.sampo.mptcp.MptcpOptionView.REASON;
import static dev.sampo.mptcp.MptcpOptionView.RECEIVER_KEY;
import static dev.sampo.mptcp.MptcpOptionView.SENDER_KEY;
import static dev.sampo.mptcp.MptcpOptionView.SSN;
import static dev.sampo.mptcp.MptcpOptionView.TOKEN;
import static dev.sampo.packet.TestFrames.hex;
import static dev.sampo.packet.TestFrames.w;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.IpAddress;
import dev.sampo.packet.TestFrames.Writer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every subtype and version, byte by byte as RFC 8684 §3 and RFC 6824 §3 draw them. */
class MptcpOptionDecoderTest {
    static final long KEY_A = 0x0102030405060708L;
    /** Above 2^63: must come out as the same 64 bits, not a sign-extended or clipped value. */
    static final long KEY_B = 0xDE2F9B0C11223344L;
    static final long DSN64 = 0xFEDCBA9876543210L;

    private static MptcpOptionView decode(byte[] option) {
        MptcpOptionView v = new MptcpOptionView();
        assertTrue(MptcpOptionDecoder.decode(option, 0, option[1] & 0xFF, option.length, v),
                "valid option rejected: " + Arrays.toString(option));
        assertEquals(option[1] & 0xFF, option.length, "test bytes must match their length byte");
        assertFalse(v.truncated);
        return v;
    }

    private static boolean valid(byte[] option) {
        return MptcpOptionDecoder.decode(option, 0, option[1] & 0xFF, option.length, new MptcpOptionView());
    }

    private static Writer opt(int length, int subtypeByte) {
        return w().u8(30).u8(length).u8(subtypeByte);
    }

    // MP_CAPABLE -------------------------------------------------------------------------------

    static Stream<Arguments> mpCapableLayouts() {
        return Stream.of(0, 1).flatMap(version -> IntStream.of(4, 12, 20, 22, 24)
                .mapToObj(length -> Arguments.of(version, length)));
    }

    @ParameterizedTest(name = "v{0} length {1}")
    @MethodSource("mpCapableLayouts")
    void mpCapableEveryLengthAndVersion(int version, int length) {
        Writer w = opt(length, version).u8(version == 1 ? 0x01 : 0x81);
        if (length >= 12) {
            w.u64(KEY_A);
        }
        if (length >= 20) {
            w.u64(KEY_B);
        }
        if (length >= 22) {
            w.u16(1428);
        }
        if (length >= 24) {
            w.u16(0xBEEF);
        }
        MptcpOptionView v = decode(w.build());

        assertEquals(MptcpSubtype.MP_CAPABLE, v.subtype);
        assertEquals(0, v.subtypeCode);
        assertEquals(version, v.version);
        assertEquals(version == 1 ? 0x01 : 0x81, v.flags);
        assertEquals(length >= 12, v.has(SENDER_KEY));
        assertEquals(length >= 20, v.has(RECEIVER_KEY));
        assertEquals(length >= 22, v.has(DATA_LEVEL_LENGTH));
        assertEquals(length >= 24, v.has(CHECKSUM));
        if (length >= 12) {
            assertEquals(KEY_A, v.senderKey);
        }
        if (length >= 20) {
            assertEquals(KEY_B, v.receiverKey);
        }
        if (length >= 22) {
            assertEquals(1428, v.dataLevelLength);
        }
        if (length >= 24) {
            assertEquals(0xBEEF, v.checksum);
        }
    }

    @Test
    void mpCapableRejectsLengthsNoVersionDefines() {
        assertFalse(valid(opt(16, 0x01).u8(0x01).u64(KEY_A).u32(0).build()));
        assertFalse(valid(opt(8, 0x00).u8(0x81).u32(0).build()));
    }

    // MP_JOIN ----------------------------------------------------------------------------------

    @Test
    void mpJoinSynCarriesReceiversTokenAndNonce() {
        MptcpOptionView v = decode(opt(12, 0x11).u8(5).u32(0xDD5783BCL).u32(0xCAFEF00DL).build());
        assertEquals(MptcpSubtype.MP_JOIN, v.subtype);
        assertEquals(0xDD5783BCL, v.token);
        assertEquals(0xCAFEF00DL, v.nonce);
        assertEquals(5, v.addrId);
        assertTrue(v.backup);
        assertTrue(v.has(TOKEN) && v.has(NONCE) && v.has(ADDR_ID) && v.has(BACKUP));
        assertFalse(v.has(HMAC));
    }

    @Test
    void mpJoinSynAckCarriesTruncatedHmacAndNonce() {
        MptcpOptionView v = decode(opt(16, 0x10).u8(2).u64(0x8899AABBCCDDEEFFL).u32(0x01020304L).build());
        assertEquals(0x8899AABBCCDDEEFFL, v.hmac);
        assertEquals(0x01020304L, v.nonce);
        assertEquals(2, v.addrId);
        assertFalse(v.backup);
        assertTrue(v.has(HMAC) && v.has(NONCE) && v.has(BACKUP));
        assertFalse(v.has(TOKEN));
    }

    @Test
    void mpJoinAckCarriesTheFullHmacOfWhichTheFirst64BitsAreKept() {
        MptcpOptionView v = decode(opt(24, 0x10).u8(0)
                .bytes(hex("0102030405060708090a0b0c0d0e0f1011121314")).build());
        assertEquals(0x0102030405060708L, v.hmac);
        assertTrue(v.has(HMAC));
        assertFalse(v.has(TOKEN) || v.has(NONCE) || v.has(ADDR_ID) || v.has(BACKUP));
    }

    @Test
    void mpJoinRejectsOtherLengths() {
        assertFalse(valid(opt(8, 0x10).u8(0).u32(0).build()));
    }

    // DSS --------------------------------------------------------------------------------------

    @Test
    void dssAckOnly4Bytes() {
        MptcpOptionView v = decode(opt(8, 0x20).u8(0x01).u32(0xFFFFFFF0L).build());
        assertEquals(MptcpSubtype.DSS, v.subtype);
        assertEquals(0xFFFFFFF0L, v.dataAck);
        assertEquals(4, v.dataAckBytes);
        assertTrue(v.has(DATA_ACK));
        assertFalse(v.has(DSN) || v.has(SSN) || v.has(DATA_LEVEL_LENGTH) || v.has(CHECKSUM));
        assertEquals(0, v.dsnBytes);
        assertFalse(v.dataFin);
    }

    @Test
    void dssAckOnly8Bytes() {
        MptcpOptionView v = decode(opt(12, 0x20).u8(0x03).u64(DSN64).build());
        assertEquals(DSN64, v.dataAck);
        assertEquals(8, v.dataAckBytes);
        assertFalse(v.has(DSN));
    }

    @Test
    void dssMapOnly4ByteDsnWithoutChecksum() {
        MptcpOptionView v = decode(opt(14, 0x20).u8(0x04).u32(0x89ABCDEFL).u32(1).u16(31240).build());
        assertFalse(v.has(DATA_ACK));
        assertEquals(0, v.dataAckBytes);
        assertEquals(0x89ABCDEFL, v.dsn);
        assertEquals(4, v.dsnBytes);
        assertEquals(1, v.ssn);
        assertEquals(31240, v.dataLevelLength);
        assertFalse(v.has(CHECKSUM));
    }

    @Test
    void dssMapOnly8ByteDsnWithChecksum() {
        MptcpOptionView v = decode(opt(20, 0x20).u8(0x0C).u64(DSN64).u32(0xFFFFFFFFL).u16(65535).u16(0x1234).build());
        assertEquals(DSN64, v.dsn);
        assertEquals(8, v.dsnBytes);
        assertEquals(0xFFFFFFFFL, v.ssn);
        assertEquals(65535, v.dataLevelLength);
        assertEquals(0x1234, v.checksum);
        assertTrue(v.has(CHECKSUM));
    }

    @Test
    void dssAckAndMap4And4WithChecksum() {
        // The v0 out-of-tree kernel's layout: 32-bit DATA_ACK and DSN, checksum negotiated.
        MptcpOptionView v = decode(opt(20, 0x20).u8(0x05).u32(3795845723L).u32(2734504226L).u32(25)
                .u16(1428).u16(0x0D0E).build());
        assertEquals(3795845723L, v.dataAck);
        assertEquals(2734504226L, v.dsn);
        assertEquals(25, v.ssn);
        assertEquals(1428, v.dataLevelLength);
        assertEquals(0x0D0E, v.checksum);
        assertEquals(4, v.dsnBytes);
        assertEquals(4, v.dataAckBytes);
    }

    @Test
    void dssAckAndMap8And8WithoutChecksum() {
        // What current Linux sends on data segments (flags 0x0f).
        MptcpOptionView v = decode(opt(26, 0x20).u8(0x0F).u64(3859960378353209983L).u64(4214379847858145559L)
                .u32(1).u16(31240).build());
        assertEquals(3859960378353209983L, v.dataAck);
        assertEquals(4214379847858145559L, v.dsn);
        assertEquals(1, v.ssn);
        assertEquals(31240, v.dataLevelLength);
        assertFalse(v.has(CHECKSUM));
    }

    @Test
    void dssAckAndMap8And8WithChecksum() {
        MptcpOptionView v = decode(opt(28, 0x20).u8(0x0F).u64(KEY_B).u64(DSN64).u32(7).u16(100).u16(0xFFFF).build());
        assertEquals(KEY_B, v.dataAck);
        assertEquals(DSN64, v.dsn);
        assertEquals(0xFFFF, v.checksum);
    }

    @Test
    void dssDataFin() {
        MptcpOptionView v = decode(opt(26, 0x20).u8(0x1F).u64(10).u64(DSN64).u32(0).u16(1).build());
        assertTrue(v.dataFin);
        assertEquals(0x1F, v.flags);
        assertEquals(DSN64, v.dsn);
        assertEquals(1, v.dataLevelLength);
    }

    @Test
    void dssIgnoresSizeFlagsOfAbsentFields() {
        // 'a' and 'm' without 'A' and 'M' say nothing: an empty DSS is 4 bytes.
        MptcpOptionView v = decode(opt(4, 0x20).u8(0x0A).build());
        assertEquals(0, v.present);
        assertEquals(0, v.dsnBytes);
        assertEquals(0, v.dataAckBytes);
    }

    @Test
    void dssRejectsALengthTheFlagsDoNotAllow() {
        assertFalse(valid(opt(8, 0x20).u8(0x03).u32(0).build()));
        assertFalse(valid(opt(10, 0x20).u8(0x01).u32(0).u16(0).build())); // no checksum without a map
        assertFalse(valid(opt(18, 0x20).u8(0x04).u32(0).u32(0).u16(0).u16(0).u16(0).build()));
    }

    // ADD_ADDR ---------------------------------------------------------------------------------

    @Test
    void addAddrV0Ipv4WithAndWithoutPort() {
        MptcpOptionView v = decode(opt(8, 0x34).u8(3).u32(0x0B000001L).build());
        assertEquals(MptcpSubtype.ADD_ADDR, v.subtype);
        assertEquals(0, v.version);
        assertEquals(4, v.addressFamily);
        assertEquals(3, v.addrId);
        assertEquals("11.0.0.1", new IpAddress(v.addressHi, v.addressLo).toString());
        assertFalse(v.has(PORT) || v.has(HMAC));

        v = decode(opt(10, 0x34).u8(3).u32(0x0B000001L).u16(8080).build());
        assertEquals(8080, v.port);
        assertTrue(v.has(PORT));
    }

    @Test
    void addAddrV0Ipv6WithAndWithoutPort() {
        byte[] addr = hex("20010db8000000000000000000000042");
        MptcpOptionView v = decode(opt(20, 0x36).u8(9).bytes(addr).build());
        assertEquals(6, v.addressFamily);
        assertEquals(0x20010db800000000L, v.addressHi);
        assertEquals(0x42L, v.addressLo);
        assertFalse(v.has(PORT));

        v = decode(opt(22, 0x36).u8(9).bytes(addr).u16(443).build());
        assertEquals(443, v.port);
        assertEquals(0, v.version);
    }

    @Test
    void addAddrV1Ipv4WithHmacAndPort() {
        MptcpOptionView v = decode(opt(16, 0x30).u8(1).u32(0x0A650002L).u64(0xB38C1F7E6103D8DCL).build());
        assertEquals(1, v.version);
        assertFalse(v.echo);
        assertEquals(4, v.addressFamily);
        assertEquals(0xB38C1F7E6103D8DCL, v.hmac);
        assertFalse(v.has(PORT));

        v = decode(opt(18, 0x30).u8(1).u32(0x0A650002L).u16(5000).u64(KEY_B).build());
        assertEquals(5000, v.port);
        assertEquals(KEY_B, v.hmac);
    }

    @Test
    void addAddrV1Ipv4EchoHasNoHmac() {
        MptcpOptionView v = decode(opt(8, 0x31).u8(1).u32(0x0A650002L).build());
        assertTrue(v.echo);
        assertEquals(1, v.version);
        assertTrue(v.has(ADDRESS));
        assertFalse(v.has(HMAC) || v.has(PORT));

        v = decode(opt(10, 0x31).u8(1).u32(0x0A650002L).u16(5000).build());
        assertEquals(5000, v.port);
        assertFalse(v.has(HMAC));
    }

    @Test
    void addAddrV1Ipv6AllFourLayouts() {
        byte[] addr = hex("fe800000000000000000000000000001");
        MptcpOptionView v = decode(opt(28, 0x30).u8(4).bytes(addr).u64(KEY_A).build());
        assertEquals(6, v.addressFamily);
        assertEquals(KEY_A, v.hmac);
        assertFalse(v.has(PORT));
        v = decode(opt(30, 0x30).u8(4).bytes(addr).u16(80).u64(KEY_A).build());
        assertEquals(80, v.port);
        assertEquals(KEY_A, v.hmac);
        v = decode(opt(20, 0x31).u8(4).bytes(addr).build());
        assertTrue(v.echo);
        assertEquals(0xfe80000000000000L, v.addressHi);
        assertEquals(1L, v.addressLo);
        v = decode(opt(22, 0x31).u8(4).bytes(addr).u16(81).build());
        assertEquals(81, v.port);
        assertFalse(v.has(HMAC));
    }

    @Test
    void addAddrV1HmacMustMatchTheEchoBit() {
        assertFalse(valid(opt(16, 0x31).u8(1).u32(0).u64(0).build())); // echo with an HMAC
        assertFalse(valid(opt(8, 0x30).u8(1).u32(0).build())); // no echo, no HMAC
        assertFalse(valid(opt(12, 0x30).u8(1).u32(0).u32(0).build()));
    }

    // REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE, MP_TCPRST, unknown -----------------------------

    @Test
    void removeAddrListsEveryId() {
        MptcpOptionView v = decode(opt(6, 0x40).u8(1).u8(2).u8(250).build());
        assertEquals(MptcpSubtype.REMOVE_ADDR, v.subtype);
        assertArrayEquals(new int[] {1, 2, 250}, Arrays.copyOf(v.removedIds, v.removedCount));
        v = decode(opt(4, 0x40).u8(7).build());
        assertArrayEquals(new int[] {7}, Arrays.copyOf(v.removedIds, v.removedCount));
        assertFalse(valid(opt(3, 0x40).build()));
    }

    @Test
    void mpPrioV0WithAddressIdAndV1Without() {
        MptcpOptionView v = decode(opt(4, 0x51).u8(7).build());
        assertEquals(MptcpSubtype.MP_PRIO, v.subtype);
        assertTrue(v.backup);
        assertEquals(7, v.addrId);
        assertTrue(v.has(ADDR_ID));

        v = decode(opt(3, 0x50).build());
        assertFalse(v.backup);
        assertTrue(v.has(BACKUP));
        assertFalse(v.has(ADDR_ID));
        assertFalse(valid(opt(5, 0x51).u8(0).u8(0).build()));
    }

    @Test
    void mpFailCarriesA64BitDsn() {
        MptcpOptionView v = decode(opt(12, 0x60).u8(0).u64(DSN64).build());
        assertEquals(MptcpSubtype.MP_FAIL, v.subtype);
        assertEquals(DSN64, v.dsn);
        assertEquals(8, v.dsnBytes);
        assertTrue(v.has(DSN));
        assertFalse(valid(opt(8, 0x60).u8(0).u32(0).build()));
    }

    @Test
    void mpFastcloseCarriesTheReceiversKey() {
        MptcpOptionView v = decode(opt(12, 0x70).u8(0).u64(KEY_B).build());
        assertEquals(MptcpSubtype.MP_FASTCLOSE, v.subtype);
        assertEquals(KEY_B, v.receiverKey);
        assertTrue(v.has(RECEIVER_KEY));
        assertFalse(v.has(SENDER_KEY));
    }

    @Test
    void mpTcpRstCarriesFlagsAndReason() {
        MptcpOptionView v = decode(opt(4, 0x8B).u8(0x06).build());
        assertEquals(MptcpSubtype.MP_TCPRST, v.subtype);
        assertEquals(0x0B, v.flags); // U, W, T
        assertEquals(6, v.reason);
        assertTrue(v.has(REASON));
        assertFalse(valid(opt(5, 0x80).u8(0).u8(0).build()));
    }

    @Test
    void unknownSubtypesKeepTheirCode() {
        for (int code : new int[] {9, 0xE, 0xF}) {
            MptcpOptionView v = decode(opt(6, code << 4).u8(0).u16(0).build());
            assertEquals(MptcpSubtype.UNKNOWN, v.subtype);
            assertEquals(code, v.subtypeCode);
            assertEquals(6, v.length);
            assertEquals(0, v.present);
        }
    }

    // Truncation -------------------------------------------------------------------------------

    static List<byte[]> everyLayout() {
        return List.of(
                opt(4, 0x01).u8(0x01).build(),
                opt(12, 0x00).u8(0x81).u64(KEY_A).build(),
                opt(24, 0x01).u8(0x01).u64(KEY_A).u64(KEY_B).u16(1000).u16(0xABCD).build(),
                opt(12, 0x11).u8(5).u32(0xDD5783BCL).u32(0xCAFEF00DL).build(),
                opt(16, 0x10).u8(2).u64(KEY_B).u32(0x01020304L).build(),
                opt(24, 0x10).u8(0).u64(KEY_A).u64(KEY_B).u32(1).build(),
                opt(28, 0x20).u8(0x0F).u64(KEY_B).u64(DSN64).u32(7).u16(100).u16(0xFFFF).build(),
                opt(20, 0x20).u8(0x05).u32(1).u32(2).u32(3).u16(4).u16(5).build(),
                opt(30, 0x30).u8(4).bytes(hex("fe800000000000000000000000000001")).u16(80).u64(KEY_A).build(),
                opt(10, 0x34).u8(3).u32(0x0B000001L).u16(8080).build(),
                opt(6, 0x40).u8(1).u8(2).u8(3).build(),
                opt(4, 0x51).u8(7).build(),
                opt(12, 0x60).u8(0).u64(DSN64).build(),
                opt(12, 0x70).u8(0).u64(KEY_B).build(),
                opt(4, 0x8B).u8(0x06).build());
    }

    /**
     * An option cut after {@code k} bytes keeps exactly the fields that fit, with the values the
     * whole option has, and says it was cut.
     */
    @Test
    void truncatedOptionsDecodeAsFarAsTheBytesGo() {
        for (byte[] full : everyLayout()) {
            MptcpOptionView whole = decode(full);
            for (int k = 0; k < full.length; k++) {
                MptcpOptionView cut = new MptcpOptionView();
                boolean ok = MptcpOptionDecoder.decode(full, 0, full.length, k, cut);
                String what = Arrays.toString(full) + " cut at " + k;
                assertTrue(ok, what);
                assertTrue(cut.truncated, what);
                assertEquals(k, cut.availableLength, what);
                assertEquals(full.length, cut.length, what);
                assertEquals(k >= 3 ? whole.subtype : MptcpSubtype.UNKNOWN, cut.subtype, what);
                assertEquals(0, cut.present & ~whole.present, what + ": a field appeared from nowhere");
                assertSameFields(whole, cut, what);
            }
        }
    }

    @Test
    void truncatedDssKeepsTheDataAckAndDropsTheMapping() {
        byte[] full = opt(28, 0x20).u8(0x0F).u64(KEY_B).u64(DSN64).u32(7).u16(100).u16(0xFFFF).build();
        MptcpOptionView v = new MptcpOptionView();
        assertTrue(MptcpOptionDecoder.decode(full, 0, 28, 15, v));
        assertTrue(v.has(DATA_ACK));
        assertEquals(KEY_B, v.dataAck);
        assertFalse(v.has(DSN) || v.has(SSN) || v.has(DATA_LEVEL_LENGTH) || v.has(CHECKSUM));
        assertEquals(8, v.dsnBytes, "the flags, which were captured, still say how wide the DSN is");
        assertTrue(v.truncated);
    }

    @Test
    void bytesBeyondTheLengthAreNeverRead() {
        byte[] bytes = opt(4, 0x40).u8(1).u8(2).u8(3).build(); // REMOVE_ADDR of one id, then junk
        MptcpOptionView v = new MptcpOptionView();
        assertTrue(MptcpOptionDecoder.decode(bytes, 0, 4, bytes.length, v));
        assertEquals(1, v.removedCount);
        assertFalse(v.truncated);
    }

    private static void assertSameFields(MptcpOptionView whole, MptcpOptionView cut, String what) {
        if (cut.has(SENDER_KEY)) {
            assertEquals(whole.senderKey, cut.senderKey, what);
        }
        if (cut.has(RECEIVER_KEY)) {
            assertEquals(whole.receiverKey, cut.receiverKey, what);
        }
        if (cut.has(DATA_LEVEL_LENGTH)) {
            assertEquals(whole.dataLevelLength, cut.dataLevelLength, what);
        }
        if (cut.has(CHECKSUM)) {
            assertEquals(whole.checksum, cut.checksum, what);
        }
        if (cut.has(TOKEN)) {
            assertEquals(whole.token, cut.token, what);
        }
        if (cut.has(NONCE)) {
            assertEquals(whole.nonce, cut.nonce, what);
        }
        if (cut.has(HMAC)) {
            assertEquals(whole.hmac, cut.hmac, what);
        }
        if (cut.has(ADDR_ID)) {
            assertEquals(whole.addrId, cut.addrId, what);
        }
        if (cut.has(DATA_ACK)) {
            assertEquals(whole.dataAck, cut.dataAck, what);
        }
        if (cut.has(DSN)) {
            assertEquals(whole.dsn, cut.dsn, what);
        }
        if (cut.has(SSN)) {
            assertEquals(whole.ssn, cut.ssn, what);
        }
        if (cut.has(ADDRESS)) {
            assertEquals(whole.addressHi, cut.addressHi, what);
            assertEquals(whole.addressLo, cut.addressLo, what);
        }
        if (cut.has(PORT)) {
            assertEquals(whole.port, cut.port, what);
        }
        if (cut.has(REASON)) {
            assertEquals(whole.reason, cut.reason, what);
        }
        assertTrue(cut.removedCount <= whole.removedCount, what);
        assertArrayEquals(Arrays.copyOf(whole.removedIds, cut.removedCount),
                Arrays.copyOf(cut.removedIds, cut.removedCount), what);
    }
}
