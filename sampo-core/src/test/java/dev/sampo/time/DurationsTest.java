package dev.sampo.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void aBareNumberIsSecondsAndUnitsAreFlinksAndTheCommandLinesAlike() {
        assertEquals(Duration.ofSeconds(120), Durations.parse("120"));
        assertEquals(Duration.ofMillis(500), Durations.parse("0.5"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(1), Durations.parse("1s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofMinutes(10), Durations.parse("10min"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1.5h"));
        assertEquals(Duration.ofNanos(1_500_000), Durations.parse("1500us"));
        assertEquals(Duration.ofNanos(7), Durations.parse("7 ns"));
        assertEquals(Duration.ZERO, Durations.parse("0"));
        assertEquals(1_500, Durations.micros(Durations.parse("1.5ms")));
    }

    @Test
    void anythingElseIsRejectedWithTheTextQuoted() {
        for (String bad : new String[] {"soon", "-1s", "1.2.3s", "5 fortnights", "0.5ns", "1e3", ".", "ms"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(null));
    }
}
