package dev.sampo.mptcp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Token and initial data sequence number (IDSN) from an MPTCP key: the key is hashed as 8
 * big-endian bytes with SHA-1 (v0, RFC 6824) or SHA-256 (v1, RFC 8684); the token is the most
 * significant 32 bits of the hash, the IDSN its least significant 64 bits.
 */
public final class Keys {
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> digest("SHA-1"));
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> digest("SHA-256"));

    private Keys() {
    }

    /** The 32-bit token as an unsigned value in a long. */
    public static long token(long key, int version) {
        byte[] h = hash(key, version);
        return ((h[0] & 0xFFL) << 24) | ((h[1] & 0xFFL) << 16) | ((h[2] & 0xFFL) << 8) | (h[3] & 0xFFL);
    }

    public static long idsn(long key, int version) {
        byte[] h = hash(key, version);
        long v = 0;
        for (int i = h.length - 8; i < h.length; i++) {
            v = (v << 8) | (h[i] & 0xFF);
        }
        return v;
    }

    private static byte[] hash(long key, int version) {
        MessageDigest md = (version == 0 ? SHA1 : SHA256).get();
        byte[] k = new byte[8];
        for (int i = 0; i < 8; i++) {
            k[i] = (byte) (key >>> (56 - 8 * i));
        }
        return md.digest(k);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java platform", e);
        }
    }
}
