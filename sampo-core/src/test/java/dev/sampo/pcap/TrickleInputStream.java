package dev.sampo.pcap;

import java.io.ByteArrayInputStream;
import java.util.Random;

/**
 * Hands out at most a few bytes per read, as pipes and decompressors may, so records straddle
 * every possible refill boundary of a reader's buffer.
 */
final class TrickleInputStream extends ByteArrayInputStream {
    private final Random random;
    private final int maxChunk;

    TrickleInputStream(byte[] bytes, long seed, int maxChunk) {
        super(bytes);
        this.random = new Random(seed);
        this.maxChunk = maxChunk;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(maxChunk)));
    }
}
