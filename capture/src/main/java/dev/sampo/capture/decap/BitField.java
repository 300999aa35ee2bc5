package dev.sampo.capture.decap;

/**
 * An unsigned big-endian field of a header, placed in bits as a P4 header declares it:
 * {@code offset} bits from the start of the header, {@code width} bits wide.
 */
public record BitField(int offset, int width) {
    public BitField {
        if (offset < 0 || width < 1 || width > 64) {
            throw new IllegalArgumentException("bit field " + offset + ":" + width + ": need offset ≥ 0 and 1 ≤ width ≤ 64");
        }
        if ((offset & 7) + width > 64) {
            throw new IllegalArgumentException("bit field " + offset + ":" + width
                    + ": an unaligned field must fit in the 8 bytes it starts in");
        }
    }

    /** Parses {@code OFFSET:WIDTH}, both in bits. */
    public static BitField parse(String text) {
        String[] p = text.trim().split(":");
        if (p.length != 2) {
            throw new IllegalArgumentException("bit field '" + text + "': expected OFFSET:WIDTH in bits, e.g. 32:16");
        }
        try {
            return new BitField(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bit field '" + text + "': expected OFFSET:WIDTH in bits, e.g. 32:16", e);
        }
    }

    /** The bit just past the field. */
    public int endBit() {
        return offset + width;
    }

    /** Reads the field of a header starting at {@code base}; the caller has checked the header fits. */
    public long read(byte[] b, int base) {
        int first = base + (offset >>> 3);
        int last = base + ((endBit() - 1) >>> 3);
        long v = 0;
        for (int i = first; i <= last; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        v >>>= (8 - (endBit() & 7)) & 7;
        return width == 64 ? v : v & ((1L << width) - 1);
    }
}
