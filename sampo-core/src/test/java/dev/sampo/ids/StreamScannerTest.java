package dev.sampo.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Matching across chunks, carriers of a match, reordering, de-duplication and the window cap. */
class StreamScannerTest {
    private record Match(long sid, long start, BitSet subflows) {
    }

    private final List<Match> matches = new ArrayList<>();
    private final StreamScanner.Matches sink = (rule, start, subflows, ts) ->
            matches.add(new Match(rule.sid(), start, (BitSet) subflows.clone()));
    private final ReassemblyStats stats = new ReassemblyStats();

    private static ContentMatcher matcher(String... rules) {
        RuleSet set = RuleParser.parse(List.of(rules), "t");
        assertEquals(List.of(), set.problems());
        return new ContentMatcher(set.rules());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void offer(OrderedStream stream, long at, String text, int subflow) {
        byte[] b = bytes(text);
        stream.offer(at, b, 0, b.length, subflow, 0, sink);
    }

    private static BitSet bits(int... i) {
        BitSet b = new BitSet();
        for (int x : i) {
            b.set(x);
        }
        return b;
    }

    @Test
    void aContentSplitOverThreeSubflowsOutOfOrderIsFoundOnceWithAllThree() {
        OrderedStream s = new OrderedStream(new StreamScanner(matcher(
                "alert tcp any any -> any any (content:\"ATTACKATDAWN\"; sid:1;)")), 1 << 20, stats, 0);
        s.startAt(1000);
        offer(s, 1000, "xxATTA", 0);
        offer(s, 1010, "DAWNyy", 2); // ahead of a hole: waits
        offer(s, 1006, "CKAT", 1);
        offer(s, 1003, "ATTACK", 1); // a reinjection of what was delivered, and more
        assertEquals(List.of(new Match(1, 2, bits(0, 1, 2))), matches);
        assertEquals(6, stats.duplicateBytes);
        assertEquals(16, stats.deliveredBytes);
    }

    @Test
    void nocaseFoldsAsciiOnlyAndSeveralContentsFireOnceAllAreSeen() {
        OrderedStream s = new OrderedStream(new StreamScanner(matcher(
                "alert tcp any any -> any any (content:\"|c9|vil\"; nocase; sid:1;)",
                "alert tcp any any -> any any (content:\"one\"; content:\"two\"; sid:2;)")), 1 << 20, stats, 0);
        offer(s, 0, "\u00e9VIL \u00c9ViL two", 0);
        offer(s, 13, " one", 1);
        assertEquals(List.of(new Match(1, 5, bits(0)), new Match(2, 10, bits(0, 1))), matches);
    }

    @Test
    void pastTheWindowTheOldestHoleIsGivenUpAndCounted() {
        OrderedStream s = new OrderedStream(new StreamScanner(matcher(
                "alert tcp any any -> any any (content:\"abcdef\"; sid:1;)")), 8, stats, 0);
        offer(s, 0, "abc", 0);
        offer(s, 10, "def.....", 0); // 8 bytes wait: at the cap
        assertEquals(0, stats.skippedBytes);
        offer(s, 18, "x", 0); // one more: the hole [3, 10) is given up
        assertEquals(7, stats.skippedBytes);
        offer(s, 3, "def", 0); // too late
        assertEquals(List.of(), matches, "no match across a hole");
        assertEquals(3, stats.duplicateBytes);
    }
}
