package dev.sampo.association;

import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * An open-addressing map from longs to values (linear probing, deletion by shifting back): a
 * {@link CandidateIndex} lookup probes several cells, and a boxed key and a map node per probe
 * cost more than the probe. Not thread-safe.
 */
final class LongMap<V> {
    private long[] keys = new long[8];
    private Object[] values = new Object[8];
    private int size;

    @SuppressWarnings("unchecked")
    V get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return (V) values[i];
            }
        }
        return null;
    }

    V computeIfAbsent(long key, LongFunction<V> create) {
        V v = get(key);
        if (v == null) {
            v = create.apply(key);
            if (2 * (size + 1) > keys.length) {
                grow();
            }
            insert(key, v);
            size++;
        }
        return v;
    }

    void remove(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (values[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (values[i] == null) {
            return;
        }
        size--;
        // Shift back the entries after the hole that would no longer be found past it.
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            if (((j - home) & mask) >= ((j - i) & mask)) {
                keys[i] = keys[j];
                values[i] = values[j];
                i = j;
            }
        }
        values[i] = null;
    }

    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<V> action) {
        for (Object v : values) {
            if (v != null) {
                action.accept((V) v);
            }
        }
    }

    private void insert(long key, Object value) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
