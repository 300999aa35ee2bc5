package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's live subflows by id: open addressing (linear probing, deletion by shifting back,
 * as {@link LongMap}) with each id's addresses and ports held inline in one array of longs. Every
 * packet of a period looks its subflow up here, and at a million live subflows nearly all of that
 * is cache misses: a {@code HashMap} probe reads the table, the node, the key and the key's two
 * addresses, five objects apart, where this reads the slot's five longs and the value. Measured in
 * docs/PERFORMANCE.md ("Cost of one period", step 7). Not thread-safe.
 */
final class LiveSubflowMap {
    private static final int STRIDE = 5; // a.hi, a.lo, b.hi, b.lo, the two ports

    private long[] keys = new long[8 * STRIDE];
    private LiveSubflow[] values = new LiveSubflow[8];
    private int size;

    LiveSubflow get(SubflowId id) {
        int i = find(id);
        return i < 0 ? null : values[i];
    }

    /** Adds a subflow whose id is not in the map. */
    void put(SubflowId id, LiveSubflow n) {
        if (2 * (size + 1) > values.length) {
            grow();
        }
        insert(id.a().hi(), id.a().lo(), id.b().hi(), id.b().lo(), ports(id), n);
        size++;
    }

    /** Removes a subflow's entry, if it has one, and returns it (or null). */
    LiveSubflow remove(SubflowId id) {
        int i = find(id);
        if (i < 0) {
            return null;
        }
        LiveSubflow removed = values[i];
        int mask = values.length - 1;
        size--;
        // Shift back the entries after the hole that would no longer be found past it.
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int k = j * STRIDE;
            int home = slot(keys[k], keys[k + 1], keys[k + 2], keys[k + 3], keys[k + 4], mask);
            if (((j - home) & mask) >= ((j - i) & mask)) {
                System.arraycopy(keys, k, keys, i * STRIDE, STRIDE);
                values[i] = values[j];
                i = j;
            }
        }
        values[i] = null;
        return removed;
    }

    int size() {
        return size;
    }

    /** Every live subflow, in no particular order. */
    List<LiveSubflow> values() {
        List<LiveSubflow> out = new ArrayList<>(size);
        for (LiveSubflow n : values) {
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** The slot holding {@code id}, or -1. */
    private int find(SubflowId id) {
        long aHi = id.a().hi();
        long aLo = id.a().lo();
        long bHi = id.b().hi();
        long bLo = id.b().lo();
        long ports = ports(id);
        int mask = values.length - 1;
        for (int i = slot(aHi, aLo, bHi, bLo, ports, mask); values[i] != null; i = (i + 1) & mask) {
            int k = i * STRIDE;
            if (keys[k] == aHi && keys[k + 1] == aLo && keys[k + 2] == bHi && keys[k + 3] == bLo
                    && keys[k + 4] == ports) {
                return i;
            }
        }
        return -1;
    }

    private void insert(long aHi, long aLo, long bHi, long bLo, long ports, LiveSubflow n) {
        int mask = values.length - 1;
        int i = slot(aHi, aLo, bHi, bLo, ports, mask);
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        int k = i * STRIDE;
        keys[k] = aHi;
        keys[k + 1] = aLo;
        keys[k + 2] = bHi;
        keys[k + 3] = bLo;
        keys[k + 4] = ports;
        values[i] = n;
    }

    private void grow() {
        long[] oldKeys = keys;
        LiveSubflow[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new LiveSubflow[oldValues.length * 2];
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                int k = i * STRIDE;
                insert(oldKeys[k], oldKeys[k + 1], oldKeys[k + 2], oldKeys[k + 3], oldKeys[k + 4], oldValues[i]);
            }
        }
    }

    private static long ports(SubflowId id) {
        return (long) id.aPort() << 32 | (id.bPort() & 0xFFFF_FFFFL);
    }

    /** The top bits of a multiplicative hash: copies of one capture differ only in a few middle bits of an address. */
    private static int slot(long aHi, long aLo, long bHi, long bLo, long ports, int mask) {
        long h = ((((aHi * 31 + aLo) * 31 + bHi) * 31 + bLo) * 31 + ports) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> (64 - Integer.bitCount(mask)));
    }
}
