package dev.sampo.association;

/**
 * An open-addressing map from objects to ints (linear probing, deletion by shifting back): 8
 * bytes a slot, where a {@code HashMap<K, Integer>} costs a node and a boxed value, 48 bytes an
 * entry; {@link CandidateIndex} keeps one entry per indexed subflow. Not thread-safe.
 */
final class ObjectIntMap<K> {
    /** What {@link #get} returns for a key that is not in the map. */
    static final int NONE = -1;

    private Object[] keys = new Object[4];
    private int[] values = new int[4];
    private int size;

    int get(K key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); keys[i] != null; i = (i + 1) & mask) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return NONE;
    }

    void put(K key, int value) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != null) {
            if (keys[i].equals(key)) {
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

    /** Removes the key's entry; returns its value, or {@link #NONE} if it had none. */
    int remove(K key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != null && !keys[i].equals(key)) {
            i = (i + 1) & mask;
        }
        if (keys[i] == null) {
            return NONE;
        }
        int removed = values[i];
        size--;
        // Shift back the entries after the hole that would no longer be found past it.
        for (int j = (i + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            if (((j - home) & mask) >= ((j - i) & mask)) {
                keys[i] = keys[j];
                values[i] = values[j];
                i = j;
            }
        }
        keys[i] = null;
        return removed;
    }

    int size() {
        return size;
    }

    private void insert(Object key, int value) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
    }

    private void grow() {
        Object[] oldKeys = keys;
        int[] oldValues = values;
        keys = new Object[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(Object key, int mask) {
        int h = key.hashCode() * 0x9E3779B9; // spreads ids that differ in a port or an address's last bits
        return (h ^ (h >>> 16)) & mask;
    }
}
