package dev.sampo.sflow;

import java.util.ArrayList;
import java.util.List;

/**
 * Sequence numbers per exporter key (agent address, and two more words: sub-agent, data source),
 * in an open-addressing table of primitive arrays so that tracking allocates nothing per datagram.
 * Bounded: past its {@code maxKeys} keys, new keys are counted as untracked instead of stored (a
 * flood of spoofed agents cannot grow the collector's memory). Besides the totals, each key keeps
 * its own observations and loss, and two counters the caller attaches to the key it observed last
 * (the datagram table holds its exporters' flow samples and their loss there).
 *
 * <p>sFlow sequence numbers are unsigned 32-bit counters that start at 1 when an agent (or a
 * sampler) restarts. A jump forward is loss; a small step back is a late or duplicate datagram
 * that gives back one lost; a large step back, or an uptime that went back, is a restart.
 */
final class SequenceTable {
    /** Data sources tracked for sample sequences. */
    static final int MAX_KEYS = 1 << 16;
    /** How far back a datagram sequence number may be and still count as late, not as a restart. */
    static final long DATAGRAM_REORDER_WINDOW = 256;
    /** The same for sample sequence numbers, which advance several per datagram. */
    static final long SAMPLE_REORDER_WINDOW = 4096;

    /** How far an uptime may go back and still be a late datagram's rather than a restarted agent's. */
    static final long UPTIME_SLACK_MILLIS = 10_000;

    private static final long U32 = 1L << 32;

    private final long reorderWindow;
    private final int maxKeys;
    private int capacity = 64;
    private long[] his = new long[capacity];
    private long[] los = new long[capacity];
    private long[] k1s = new long[capacity];
    private long[] k2s = new long[capacity];
    private long[] sequences = new long[capacity];
    private long[] uptimes = new long[capacity];
    private long[] counters = new long[capacity];
    private long[] observations = new long[capacity];
    private long[] keyLost = new long[capacity];
    private long[] attachedCounts = new long[capacity];
    private long[] attachedLost = new long[capacity];
    private boolean[] used = new boolean[capacity];
    private int size;
    /** The slot of the latest observation, or -1 when its key was not tracked. */
    private int last = -1;

    long lost;
    long late;
    long restarts;
    long untracked;
    /** Sum of increases of the tracked counter (flow samples' drops). */
    long counterIncrease;

    /** @param maxKeys keys tracked at most, a power of two of at least 32 */
    SequenceTable(long reorderWindow, int maxKeys) {
        if (maxKeys < 32 || Integer.bitCount(maxKeys) != 1) {
            throw new IllegalArgumentException("maxKeys must be a power of two of at least 32: " + maxKeys);
        }
        this.reorderWindow = reorderWindow;
        this.maxKeys = maxKeys;
    }

    int size() {
        return size;
    }

    /**
     * Records {@code sequence} for the key and updates lost/late/restart counts.
     *
     * @param uptime the agent's uptime (ms), or -1 where there is none (per-source tracking)
     * @param counter a cumulative counter to follow (sample drops), or -1
     * @param restarted the caller knows the exporter restarted (its datagram sequence said so):
     *     start again from this sequence without counting anything
     * @return whether this observation was a restart
     */
    boolean observe(long hi, long lo, long k1, long k2, long sequence, long uptime, long counter, boolean restarted) {
        int i = slot(hi, lo, k1, k2);
        last = i;
        if (i < 0) {
            untracked++;
            return false;
        }
        observations[i]++;
        if (!used[i]) {
            used[i] = true;
            his[i] = hi;
            los[i] = lo;
            k1s[i] = k1;
            k2s[i] = k2;
            size++;
            remember(i, sequence, uptime, counter);
            return false;
        }
        if (restarted) {
            remember(i, sequence, uptime, counter);
            return true;
        }
        long forward = (sequence - sequences[i] + U32) % U32;
        boolean isLate = forward == 0 || forward >= U32 - reorderWindow;
        // A late datagram was sent a little earlier, so its uptime may be a little smaller; an
        // agent that restarted starts again from 0 (as does one whose 32-bit uptime wrapped after
        // 49.7 days, which is counted as a restart too).
        boolean uptimeReset = uptime >= 0 && uptimes[i] - uptime > UPTIME_SLACK_MILLIS;
        if (uptimeReset || (!isLate && forward > U32 / 2)) {
            restarts++;
            remember(i, sequence, uptime, counter);
            return true;
        }
        if (isLate) {
            late++;
            if (forward != 0 && lost > 0) {
                lost--;
            }
            if (forward != 0 && keyLost[i] > 0) {
                keyLost[i]--;
            }
            return false;
        }
        lost += forward - 1;
        keyLost[i] += forward - 1;
        if (counter >= 0 && counters[i] >= 0) {
            counterIncrease += (counter - counters[i] + U32) % U32;
        }
        remember(i, sequence, uptime, counter);
        return false;
    }

    /** Adds to the attached counters of the key observed last (nothing when it was not tracked). */
    void attach(long count, long lostDelta) {
        if (last >= 0) {
            attachedCounts[last] += count;
            attachedLost[last] += lostDelta;
        }
    }

    /** What one tracked key has seen. */
    record Key(long hi, long lo, long k1, long k2, long observations, long lost, long attachedCount,
               long attachedLost) {
    }

    /** Every tracked key, in no particular order. */
    List<Key> keys() {
        List<Key> out = new ArrayList<>(size);
        for (int i = 0; i < capacity; i++) {
            if (used[i]) {
                out.add(new Key(his[i], los[i], k1s[i], k2s[i], observations[i], keyLost[i], attachedCounts[i],
                        attachedLost[i]));
            }
        }
        return out;
    }

    private void remember(int i, long sequence, long uptime, long counter) {
        sequences[i] = sequence;
        uptimes[i] = uptime;
        counters[i] = counter;
    }

    /** The key's slot (existing or free), or -1 when the table is full. */
    private int slot(long hi, long lo, long k1, long k2) {
        if (size * 2 >= capacity) {
            if (capacity >= maxKeys * 2) {
                int found = find(hi, lo, k1, k2);
                return found >= 0 && used[found] ? found : -1;
            }
            grow();
        }
        return find(hi, lo, k1, k2);
    }

    private int find(long hi, long lo, long k1, long k2) {
        long h = hi * 0x9E37_79B9_7F4A_7C15L ^ lo * 0xC2B2_AE3D_27D4_EB4FL ^ k1 * 0x1656_67B1_9E37_79F9L
                ^ k2 * 0x27D4_EB2F_1656_67C5L;
        int mask = capacity - 1;
        for (int i = (int) (h ^ (h >>> 31)) & mask; ; i = (i + 1) & mask) {
            if (!used[i] || (his[i] == hi && los[i] == lo && k1s[i] == k1 && k2s[i] == k2)) {
                return i;
            }
        }
    }

    private void grow() {
        long[] oh = his;
        long[] ol = los;
        long[] o1 = k1s;
        long[] o2 = k2s;
        long[] os = sequences;
        long[] ou = uptimes;
        long[] oc = counters;
        long[] oo = observations;
        long[] okl = keyLost;
        long[] oac = attachedCounts;
        long[] oal = attachedLost;
        boolean[] ous = used;
        capacity *= 2;
        his = new long[capacity];
        los = new long[capacity];
        k1s = new long[capacity];
        k2s = new long[capacity];
        sequences = new long[capacity];
        uptimes = new long[capacity];
        counters = new long[capacity];
        observations = new long[capacity];
        keyLost = new long[capacity];
        attachedCounts = new long[capacity];
        attachedLost = new long[capacity];
        used = new boolean[capacity];
        for (int j = 0; j < ous.length; j++) {
            if (ous[j]) {
                int i = find(oh[j], ol[j], o1[j], o2[j]);
                used[i] = true;
                his[i] = oh[j];
                los[i] = ol[j];
                k1s[i] = o1[j];
                k2s[i] = o2[j];
                sequences[i] = os[j];
                uptimes[i] = ou[j];
                counters[i] = oc[j];
                observations[i] = oo[j];
                keyLost[i] = okl[j];
                attachedCounts[i] = oac[j];
                attachedLost[i] = oal[j];
            }
        }
    }
}
