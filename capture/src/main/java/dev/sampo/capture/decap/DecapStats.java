package dev.sampo.capture.decap;

import java.util.EnumMap;
import java.util.Map;

/** Frames per {@link Outcome}; malformed and truncated encapsulations are counted here, never thrown. */
public final class DecapStats {
    private final long[] counts = new long[Outcome.values().length];

    void add(Outcome outcome) {
        counts[outcome.ordinal()]++;
    }

    public long count(Outcome outcome) {
        return counts[outcome.ordinal()];
    }

    /** Frames that yielded an inner frame. */
    public long decapsulated() {
        long n = 0;
        for (Outcome o : Outcome.values()) {
            if (o.hasFrame()) {
                n += counts[o.ordinal()];
            }
        }
        return n;
    }

    /** Every outcome with a non-zero count. */
    public Map<Outcome, Long> nonZero() {
        Map<Outcome, Long> m = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            if (counts[o.ordinal()] > 0) {
                m.put(o, counts[o.ordinal()]);
            }
        }
        return m;
    }
}
