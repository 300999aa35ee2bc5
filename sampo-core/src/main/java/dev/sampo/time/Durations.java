package dev.sampo.time;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * The one syntax of durations across Sampo's settings and options: a number of seconds
 * ({@code 1}, {@code 0.5}) or a number with a unit, {@code ns}, {@code us} (or {@code µs}),
 * {@code ms}, {@code s}, {@code m} (or {@code min}), {@code h}, {@code d}: {@code 500ms},
 * {@code 1s}, {@code 2m}, {@code 1.5h}. Written by hand rather than taken from Flink's
 * {@code TimeUtils} because sampo-core and the command-line tools stay free of Flink, and because
 * a bare number there means milliseconds, where every Sampo option has always meant seconds.
 */
public final class Durations {
    private Durations() {
    }

    /**
     * @throws IllegalArgumentException for text that is not a non-negative duration in this
     *     syntax, or finer than a nanosecond; the message quotes the text
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration: use e.g. 500ms, 1s, 2m or a number of seconds");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < t.length() && (Character.isDigit(t.charAt(end)) || t.charAt(end) == '.')) {
            end++;
        }
        String unit = t.substring(end).trim();
        long nanosPerUnit = switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "", "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw new IllegalArgumentException("'" + text + "': unknown unit '" + unit
                    + "' (use ns, us, ms, s, m, h, d, or none for seconds)");
        };
        try {
            BigDecimal nanos = new BigDecimal(t.substring(0, end)).multiply(BigDecimal.valueOf(nanosPerUnit));
            return Duration.ofNanos(nanos.longValueExact());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 500ms, 1s, 2m or a number"
                    + " of seconds", e);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is finer than a nanosecond or too long", e);
        }
    }

    /** The duration in whole microseconds, the unit of packet time. */
    public static long micros(Duration d) {
        return d.toNanos() / 1_000;
    }
}
