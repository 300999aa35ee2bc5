package dev.sampo.association;

import java.util.Arrays;

/** An open-addressing set of longs: candidate pair keys without boxing each one. */
final class LongSet {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] slots = new long[64];
    private int size;

    LongSet() {
        Arrays.fill(slots, EMPTY);
    }

    void add(long v) {
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = (int) mix(v) & mask;
        while (slots[i] != EMPTY) {
            if (slots[i] == v) {
                return;
            }
            i = (i + 1) & mask;
        }
        slots[i] = v;
        size++;
    }

    long[] toArray() {
        long[] out = new long[size];
        int n = 0;
        for (long s : slots) {
            if (s != EMPTY) {
                out[n++] = s;
            }
        }
        return out;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        Arrays.fill(slots, EMPTY);
        size = 0;
        for (long s : old) {
            if (s != EMPTY) {
                add(s);
            }
        }
    }

    private static long mix(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }
}
