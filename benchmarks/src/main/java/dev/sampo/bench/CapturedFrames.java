package dev.sampo.bench;

import dev.sampo.pcap.CaptureFiles;
import dev.sampo.pcap.CaptureReader;
import dev.sampo.pcap.Frame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The first frames of a capture, copied back to back into one array as a reader's buffer holds
 * them, so that a benchmark measures decoding and not reading or decompression.
 */
final class CapturedFrames {
    final byte[] data;
    final int[] offset;
    final int[] length;
    final int[] linkType;
    final int count;

    private CapturedFrames(byte[] data, int[] offset, int[] length, int[] linkType, int count) {
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.linkType = linkType;
        this.count = count;
    }

    /** Loads up to {@code max} frames of the first readable file among {@code candidates}. */
    static CapturedFrames load(int max, String... candidates) throws IOException {
        for (String candidate : candidates) {
            Path file = Path.of(candidate);
            if (Files.isReadable(file)) {
                return read(file, max);
            }
        }
        throw new IOException("no capture to benchmark: none of " + Arrays.toString(candidates)
                + " is readable from " + Path.of("").toAbsolutePath() + " (run from the repository root,"
                + " or pass -p capture=FILE)");
    }

    private static CapturedFrames read(Path file, int max) throws IOException {
        byte[] data = new byte[1 << 20];
        int[] offset = new int[Math.min(max, 1 << 16)];
        int[] length = new int[offset.length];
        int[] linkType = new int[offset.length];
        int n = 0;
        int used = 0;
        Frame f = new Frame();
        try (CaptureReader reader = CaptureFiles.open(file)) {
            while (n < max && reader.next(f)) {
                if (n == offset.length) {
                    offset = Arrays.copyOf(offset, Math.min(max, n * 2));
                    length = Arrays.copyOf(length, offset.length);
                    linkType = Arrays.copyOf(linkType, offset.length);
                }
                while (used + f.capturedLength > data.length) {
                    data = Arrays.copyOf(data, data.length * 2);
                }
                System.arraycopy(f.data, f.offset, data, used, f.capturedLength);
                offset[n] = used;
                length[n] = f.capturedLength;
                linkType[n] = f.linkType;
                used += f.capturedLength;
                n++;
            }
        }
        if (n == 0) {
            throw new IOException(file + " holds no frames");
        }
        return new CapturedFrames(data, offset, length, linkType, n);
    }
}
