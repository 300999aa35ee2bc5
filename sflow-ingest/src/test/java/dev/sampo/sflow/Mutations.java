package dev.sampo.sflow;

import static dev.sampo.bytes.Bytes.u32;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Damaged variants of real datagrams for the robustness tests: cut short, grown, bytes flipped,
 * and every length or count field told to lie. The offsets of the length and count fields are
 * found by walking the intact datagram (the walk trusts it: it is pmacct's).
 */
final class Mutations {
    private Mutations() {
    }

    /** Offsets of every 32-bit count or length in a well-formed datagram. */
    static List<Integer> lengthFields(byte[] d) {
        List<Integer> fields = new ArrayList<>();
        int p = 4;
        p += u32(d, p) == 1 ? 8 : 20;
        p += 12;
        fields.add(p); // sample count
        long samples = u32(d, p);
        p += 4;
        for (long i = 0; i < samples; i++) {
            long format = u32(d, p);
            fields.add(p + 4); // sample length
            int end = p + 8 + (int) u32(d, p + 4);
            int q = p + 8;
            int recordsAt = format == 1 ? q + 28 : format == 3 ? q + 40 : format == 2 ? q + 8 : format == 4 ? q + 12 : -1;
            if (recordsAt >= 0) {
                fields.add(recordsAt); // record count
                long records = u32(d, recordsAt);
                int r = recordsAt + 4;
                for (long j = 0; j < records; j++) {
                    long recordFormat = u32(d, r);
                    fields.add(r + 4); // record length
                    if ((format == 1 || format == 3) && recordFormat == 1) {
                        fields.add(r + 8 + 12); // sampled header length
                    }
                    r += 8 + (int) u32(d, r + 4);
                }
            }
            p = end;
        }
        return fields;
    }

    /** Sets the 32-bit field at {@code at} to a lie: 0, a little off, huge, or random. */
    static byte[] lie(byte[] d, int at, SplittableRandom random) {
        byte[] m = d.clone();
        long v = u32(d, at);
        long lie = switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> v + 1 + random.nextInt(8);
            case 2 -> Math.max(0, v - 1 - random.nextInt(8));
            case 3 -> 0xFFFF_FFFFL;
            case 4 -> 0x7FFF_FFFFL + random.nextInt(3);
            default -> random.nextLong(1L << 32);
        };
        put32(m, at, lie);
        return m;
    }

    static byte[] truncate(byte[] d, int length) {
        return Arrays.copyOf(d, length);
    }

    static byte[] flip(byte[] d, SplittableRandom random) {
        byte[] m = d.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            m[random.nextInt(m.length)] = (byte) random.nextInt(256);
        }
        return m;
    }

    /** A version-5 start followed by noise, so the decoder gets past the version check. */
    static byte[] noise(SplittableRandom random, int maxLength) {
        byte[] m = new byte[random.nextInt(maxLength + 1)];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) random.nextInt(256);
        }
        if (m.length >= 8 && random.nextBoolean()) {
            put32(m, 0, 5);
            put32(m, 4, 1 + random.nextInt(2));
        }
        return m;
    }

    /** The datagram with a random amount of garbage appended (a sender's bug, or an attack). */
    static byte[] grow(byte[] d, SplittableRandom random, int maxExtra) {
        byte[] m = Arrays.copyOf(d, d.length + 1 + random.nextInt(maxExtra));
        for (int i = d.length; i < m.length; i++) {
            m[i] = (byte) random.nextInt(256);
        }
        return m;
    }

    static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
