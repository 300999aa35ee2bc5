package dev.sampo.migration.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the planner off a source and destination pair whose plans keep being aborted (a
 * destination that is never there, or dies at every move): after {@code after} aborts in a row
 * the pair is blocked for {@code baseMillis}, twice as long after each further abort, at most
 * {@code maxMillis}; a plan of the pair that completes clears it. The destination of a scale-out
 * is "a new instance" whatever its name, since each round names its spawn afresh.
 */
public final class PairBackoff {
    /**
     * @param after aborts in a row before the pair is blocked (default 2)
     * @param baseMillis the first block (default 30 s)
     * @param maxMillis the longest block (default 10 min)
     */
    public record Settings(int after, long baseMillis, long maxMillis) {
        public static final Settings DEFAULTS = new Settings(2, 30_000, 600_000);

        public Settings {
            if (after < 1 || baseMillis < 0 || maxMillis < baseMillis) {
                throw new IllegalArgumentException("back-off: after ≥ 1 and 0 ≤ base ≤ max are required, got after="
                        + after + " base=" + baseMillis + " ms max=" + maxMillis + " ms");
            }
        }
    }

    /**
     * One pair's record, for a checkpoint.
     *
     * @param to the destination, or null for a new instance
     */
    public record Entry(String from, String to, int aborts, long untilMillis) {
    }

    private record Pair(String from, String to) {
    }

    private final Settings settings;
    private final Map<Pair, Entry> entries = new HashMap<>();

    public PairBackoff(Settings settings) {
        this.settings = settings;
    }

    /** A plan from {@code from} to {@code to} (null: a new instance) was aborted now. */
    public void aborted(String from, String to, long nowMillis) {
        Pair pair = new Pair(from, to);
        int aborts = entries.containsKey(pair) ? entries.get(pair).aborts() + 1 : 1;
        long until = 0;
        if (aborts >= settings.after()) {
            int doublings = Math.min(aborts - settings.after(), 30);
            until = nowMillis + Math.min(settings.maxMillis(), settings.baseMillis() << doublings);
        }
        entries.put(pair, new Entry(from, to, aborts, until));
    }

    /** A plan of the pair completed: it is trusted again. */
    public void completed(String from, String to) {
        entries.remove(new Pair(from, to));
    }

    /** Whether the planner must not plan from {@code from} to {@code to} (null: a new instance) now. */
    public boolean blocked(String from, String to, long nowMillis) {
        Entry e = entries.get(new Pair(from, to));
        return e != null && nowMillis < e.untilMillis();
    }

    /** How long the pair stays blocked from now, in milliseconds (0 when it is not). */
    public long remainingMillis(String from, String to, long nowMillis) {
        Entry e = entries.get(new Pair(from, to));
        return e == null ? 0 : Math.max(0, e.untilMillis() - nowMillis);
    }

    public List<Entry> snapshot() {
        return new ArrayList<>(entries.values());
    }

    public void restore(List<Entry> saved) {
        saved.forEach(e -> entries.put(new Pair(e.from(), e.to()), e));
    }
}
