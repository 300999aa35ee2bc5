package dev.sampo.bytes;

/** Big-endian (network order) unsigned reads from a byte array; callers check bounds first. */
public final class Bytes {
    private Bytes() {
    }

    public static int u8(byte[] b, int p) {
        return b[p] & 0xFF;
    }

    public static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    public static long u32(byte[] b, int p) {
        return ((b[p] & 0xFFL) << 24) | ((b[p + 1] & 0xFFL) << 16) | ((b[p + 2] & 0xFFL) << 8) | (b[p + 3] & 0xFFL);
    }

    public static long u64(byte[] b, int p) {
        return (u32(b, p) << 32) | u32(b, p + 4);
    }
}
