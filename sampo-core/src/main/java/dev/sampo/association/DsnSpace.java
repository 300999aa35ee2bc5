package dev.sampo.association;

/**
 * Arithmetic in a 2^bits data-sequence-number space (RFC 1982 serial numbers): distances are
 * taken modulo the space and read as signed, which maps a wrapped [0, n] onto [S, S + n].
 */
final class DsnSpace {
    private DsnSpace() {
    }

    /** (to − from) modulo 2^bits, as a signed value in [−2^(bits−1), 2^(bits−1)). */
    static long delta(long from, long to, int bits) {
        return bits == 64 ? to - from : (long) (int) (to - from);
    }

    static long truncate(long value, int bits) {
        return bits == 64 ? value : value & 0xFFFF_FFFFL;
    }

    /**
     * 2^bits as a double, the size of the space. The two widths there are come as constants:
     * {@code Math.scalb} is no intrinsic for the C1 compiler that batch commands run on, and every
     * comparison asks for the size (about 1 % of {@code analyze --period 0.1} at 50,000 subflows).
     */
    static double size(int bits) {
        return bits == 64 ? 0x1p64 : bits == 32 ? 0x1p32 : Math.scalb(1.0, bits);
    }
}
