package dev.sampo.association;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * An open-addressing map from longs to non-negative ints (linear probing, deletion by shifting
 * back): a {@link CandidateIndex} lookup probes several cells, and a boxed key and a map node per
 * probe cost more than the probe; an entry is 12 bytes of two arrays, no object. Not thread-safe.
 */
final class LongIntMap {
    /** What {@link #get} returns for a key that is not in the map, and marks a free slot. */
    static final int NONE = -1;

    private long[] keys = new long[4];
    private int[] values = {NONE, NONE, NONE, NONE};
    private int size;

    int get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); values[i] != NONE; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
        }
        return NONE;
    }

    /** Maps the key to a value of 0 or more, replacing the one it had. */
    void put(long key, int value) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (values[i] != NONE) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        if (2 * (size + 1) > keys.length) {
            grow();
            insert(key, value);
        } else {
            keys[i] = key;
            values[i] = value;
        }
        size++;
    }

    void remove(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (values[i] != NONE && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (values[i] == NONE) {
            return;
        }
        size--;
        // Shift back the entries after the hole that would no longer be found past it.
        for (int j = (i + 1) & mask; values[j] != NONE; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            if (((j - home) & mask) >= ((j - i) & mask)) {
                keys[i] = keys[j];
                values[i] = values[j];
                i = j;
            }
        }
        values[i] = NONE;
    }

    int size() {
        return size;
    }

    void forEachValue(IntConsumer action) {
        for (int v : values) {
            if (v != NONE) {
                action.accept(v);
            }
        }
    }

    private void insert(long key, int value) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (values[i] != NONE) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(values, NONE);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != NONE) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
