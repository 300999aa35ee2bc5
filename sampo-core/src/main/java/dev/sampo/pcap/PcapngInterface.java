package dev.sampo.pcap;

/**
 * What a pcapng Interface Description Block says about the packets captured on it: their link
 * type, snapshot length and timestamp units (if_tsresol, if_tsoffset).
 */
final class PcapngInterface {
    /** if_tsresol when the option is absent: 10^-6 s. */
    static final int DEFAULT_RESOLUTION = 6;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int BINARY_FLAG = 0x80;
    /** 10^-27 s ticks divide by 10^18, the largest power of ten a long holds. */
    private static final int MAX_DECIMAL_EXPONENT = 27;
    /** A 2^-64 s tick would leave no bits of the 64-bit timestamp for whole seconds. */
    private static final int MAX_BINARY_EXPONENT = 63;

    final int linkType;
    final int snapLength;
    /** 0 for decimal resolutions, else the base-2 exponent e of 2^-e s ticks. */
    private final int binaryExponent;
    /** Decimal resolutions: ticks * multiplier / divisor = nanoseconds, one of them being 1. */
    private final long multiplier;
    private final long divisor;
    private final long offsetNanos;

    PcapngInterface(int linkType, int snapLength, int resolution, long offsetSeconds) {
        if (!isSupportedResolution(resolution)) {
            throw new IllegalArgumentException("unsupported if_tsresol 0x"
                    + Integer.toHexString(resolution));
        }
        this.linkType = linkType;
        this.snapLength = snapLength;
        this.offsetNanos = offsetSeconds * NANOS_PER_SECOND;
        int exponent = resolution & ~BINARY_FLAG;
        if ((resolution & BINARY_FLAG) != 0) {
            binaryExponent = exponent;
            multiplier = exponent == 0 ? NANOS_PER_SECOND : 1;
            divisor = 1;
        } else {
            binaryExponent = 0;
            multiplier = exponent <= 9 ? powerOfTen(9 - exponent) : 1;
            divisor = exponent <= 9 ? 1 : powerOfTen(exponent - 9);
        }
    }

    /** Whether {@code resolution} (the if_tsresol byte) maps ticks onto a 64-bit nanosecond count. */
    static boolean isSupportedResolution(int resolution) {
        int exponent = resolution & ~BINARY_FLAG;
        return (resolution & BINARY_FLAG) != 0
                ? exponent <= MAX_BINARY_EXPONENT
                : exponent <= MAX_DECIMAL_EXPONENT;
    }

    /** Converts a block's 64-bit timestamp (unsigned ticks) to nanoseconds since the epoch. */
    long toNanos(long ticks) {
        long nanos;
        if (binaryExponent > 0) {
            nanos = binaryToNanos(ticks);
        } else if (divisor > 1) {
            nanos = Long.divideUnsigned(ticks, divisor);
        } else {
            nanos = ticks * multiplier;
        }
        return nanos + offsetNanos;
    }

    /**
     * Whole seconds plus the fraction scaled to nanoseconds. The fraction times 10^9 can need up
     * to 93 bits, so its product is taken as 128 bits (multiplyHigh) before the shift.
     */
    private long binaryToNanos(long ticks) {
        int e = binaryExponent;
        long seconds = ticks >>> e;
        long fraction = ticks & ((1L << e) - 1);
        long high = Math.multiplyHigh(fraction, NANOS_PER_SECOND);
        long low = fraction * NANOS_PER_SECOND;
        long fractionNanos = (low >>> e) | (high << (64 - e));
        return seconds * NANOS_PER_SECOND + fractionNanos;
    }

    private static long powerOfTen(int exponent) {
        long p = 1;
        for (int i = 0; i < exponent; i++) {
            p *= 10;
        }
        return p;
    }
}
