package dev.sampo.mptcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The vectors of docs/DOMAIN.md §1, the last one checked against the kernel's own token. */
class KeysTest {
    private static final long KEY = 0x0102030405060708L;

    @Test
    void v0HashesWithSha1() {
        assertEquals(0xdd5783bcL, Keys.token(KEY, 0));
        assertEquals(0x3a95ed6e4ebb4ad5L, Keys.idsn(KEY, 0));
    }

    @Test
    void v1HashesWithSha256() {
        assertEquals(0x66840ddaL, Keys.token(KEY, 1));
        assertEquals(0xf5a101d3d29d6f72L, Keys.idsn(KEY, 1));
    }

    @Test
    void aRealV1KeyAboveTwoToThe63() {
        long key = Long.parseUnsignedLong("16008792791870625391");
        assertEquals(0x2addd76aL, Keys.token(key, 1));
        assertEquals(74945683245912985L, Keys.idsn(key, 1));
    }

    @Test
    void theTokenIsAnUnsigned32BitValue() {
        for (long key = 0; key < 64; key++) {
            long token = Keys.token(key * 0x9E3779B97F4A7C15L, 1);
            assertEquals(token & 0xFFFF_FFFFL, token);
        }
    }
}
