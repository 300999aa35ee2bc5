package dev.sampo.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static List<Long> kept(Sampler s, long[] timestamps) {
        List<Long> frames = new ArrayList<>();
        for (int i = 0; i < timestamps.length; i++) {
            if (s.keep(timestamps[i])) {
                frames.add(i + 1L);
            }
        }
        return frames;
    }

    @Test
    void countKeepsFramesNTwoNThreeN() {
        Sampler s = Sampler.parse("count:3");
        assertEquals(List.of(3L, 6L, 9L), kept(s, new long[10]));
        assertEquals(10, s.frames());
        assertEquals(3, s.kept());
        assertEquals(3, s.rate());
    }

    @Test
    void noneKeepsEverything() {
        assertEquals(5, kept(Sampler.parse("none"), new long[5]).size());
    }

    @Test
    void randomIsReproducibleBySeedAndKeepsAboutOneInN() {
        long[] ts = new long[100_000];
        List<Long> a = kept(Sampler.parse("random:100:7"), ts);
        assertEquals(a, kept(Sampler.parse("random:100:7"), ts));
        assertTrue(a.size() > 850 && a.size() < 1150, "kept " + a.size());
        assertTrue(!a.equals(kept(Sampler.parse("random:100:8"), ts)));
    }

    @Test
    void timeKeepsTheFirstFrameAtOrAfterEachMultiple() {
        // Multiples of 100 µs: frames at 5 (first), 100 (on the boundary), 250 (first after 200),
        // then 260 is dropped, 420 covers 300 and 400 together.
        long[] ts = {5, 50, 100, 150, 250, 260, 420, 430};
        assertEquals(List.of(1L, 3L, 5L, 7L), kept(Sampler.parse("time:100"), ts));
    }

    @Test
    void badSpecsNameTheAcceptedForms() {
        for (String bad : new String[] {"count", "count:0", "count:x", "random:", "time:-5", "every:3", "count:1:2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sampler.parse(bad));
            assertTrue(e.getMessage().contains("count:N"), e.getMessage());
        }
    }
}
