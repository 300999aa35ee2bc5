package dev.sampo.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapngInterfaceTest {
    private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

    @ParameterizedTest(name = "if_tsresol {0}: {1} ticks = {2} ns")
    @CsvSource({
        "6, 1700000000123456, 1700000000123456000",
        "9, 1700000000123456789, 1700000000123456789",
        "0, 1700000000, 1700000000000000000",
        "3, 1700000000123, 1700000000123000000",
        "12, 1700000000123456789, 1700000000123456",
        "27, 9223372036854775807, 9",
        "128, 1700000000, 1700000000000000000",
        "148, 3, 2861",
        "191, -1, 1999999999",
    })
    void convertsTicksToNanoseconds(int resolution, long ticks, long nanos) {
        assertEquals(nanos, new PcapngInterface(1, 0, resolution, 0).toNanos(ticks));
    }

    @Test
    void addsTheOffsetInSeconds() {
        assertEquals(-3_000_000_000L + 5_000, new PcapngInterface(1, 0, 6, -3).toNanos(5));
    }

    /** Exact rational arithmetic as the reference, over many random ticks and exponents. */
    @Test
    void binaryResolutionsMatchExactArithmetic() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            int exponent = 1 + random.nextInt(63);
            long ticks = random.nextLong() >>> random.nextInt(64);
            BigInteger unsignedTicks = new BigInteger(Long.toUnsignedString(ticks));
            long expected = unsignedTicks.multiply(BILLION).shiftRight(exponent).longValue();

            assertEquals(expected, new PcapngInterface(1, 0, 0x80 | exponent, 0).toNanos(ticks),
                    () -> ticks + " ticks of 2^-" + exponent);
        }
    }

    @Test
    void resolutionsBeyondALongAreUnsupported() {
        assertTrue(PcapngInterface.isSupportedResolution(27));
        assertFalse(PcapngInterface.isSupportedResolution(28));
        assertTrue(PcapngInterface.isSupportedResolution(0x80 | 63));
        assertFalse(PcapngInterface.isSupportedResolution(0x80 | 64));
    }
}
