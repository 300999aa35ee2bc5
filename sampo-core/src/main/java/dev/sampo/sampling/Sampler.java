package dev.sampo.sampling;

import java.util.SplittableRandom;

/**
 * Reproducible packet sampling of a frame sequence (docs/DOMAIN.md §5). Frames are numbered from 1 and
 * every frame the source delivers counts, whatever it contains.
 */
public abstract sealed class Sampler {
    private long frames;
    private long kept;

    /** Whether to keep the next frame, given its timestamp. */
    public final boolean keep(long tsMicros) {
        frames++;
        boolean k = decide(frames, tsMicros);
        if (k) {
            kept++;
        }
        return k;
    }

    /** N of the equivalent 1-in-N sampler (ϱ = 1/N): exact for count and random, measured for time. */
    public abstract int rate();

    public final long frames() {
        return frames;
    }

    public final long kept() {
        return kept;
    }

    abstract boolean decide(long frame, long tsMicros);

    /**
     * Parses {@code none}, {@code count:N}, {@code random:N[:seed]} or {@code time:USEC}.
     *
     * @throws IllegalArgumentException with a message naming the accepted forms
     */
    public static Sampler parse(String spec) {
        String[] p = spec.split(":");
        try {
            switch (p[0]) {
                case "none":
                    if (p.length == 1) {
                        return new Count(1);
                    }
                    break;
                case "count":
                    if (p.length == 2) {
                        return new Count(positive(p[1]));
                    }
                    break;
                case "random":
                    if (p.length == 2 || p.length == 3) {
                        return new Random(positive(p[1]), p.length == 3 ? Long.parseLong(p[2]) : 1);
                    }
                    break;
                case "time":
                    if (p.length == 2) {
                        return new Time(positive(p[1]));
                    }
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(usage(spec), e);
        }
        throw new IllegalArgumentException(usage(spec));
    }

    private static String usage(String spec) {
        return "bad sampling spec '" + spec + "': use none, count:N, random:N[:SEED] or time:USEC (N, USEC ≥ 1)";
    }

    private static int positive(String s) {
        int v = Integer.parseInt(s);
        if (v < 1) {
            throw new NumberFormatException("must be ≥ 1: " + s);
        }
        return v;
    }

    /** Frames N, 2N, 3N, … */
    static final class Count extends Sampler {
        private final int n;

        Count(int n) {
            this.n = n;
        }

        @Override
        boolean decide(long frame, long tsMicros) {
            return frame % n == 0;
        }

        @Override
        public int rate() {
            return n;
        }
    }

    /** Each frame with probability 1/N, from a seeded generator. */
    static final class Random extends Sampler {
        private final int n;
        private final SplittableRandom random;

        Random(int n, long seed) {
            this.n = n;
            this.random = new SplittableRandom(seed);
        }

        @Override
        boolean decide(long frame, long tsMicros) {
            return random.nextInt(n) == 0;
        }

        @Override
        public int rate() {
            return n;
        }
    }

    /** The first frame at or after each multiple of T µs. */
    static final class Time extends Sampler {
        private final long period;
        private long nextBoundary = Long.MIN_VALUE;

        Time(long period) {
            this.period = period;
        }

        @Override
        boolean decide(long frame, long tsMicros) {
            if (tsMicros < nextBoundary) {
                return false;
            }
            nextBoundary = (Math.floorDiv(tsMicros, period) + 1) * period;
            return true;
        }

        @Override
        public int rate() {
            return kept() == 0 ? 1 : (int) Math.max(1, frames() / kept());
        }
    }
}
