package dev.sampo.ids;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleParserTest {
    @Test
    void readsTheContentSubset() {
        RuleSet set = RuleParser.parse(List.of(
                "# a comment",
                "",
                "drop tcp 10.0.0.1 any <> any 80 (msg:\"GET \\\"x\\\"\"; content:\"GET |2f 61|\"; nocase; "
                        + "content:\"a\\;b\"; sid:7; rev:3;)"), "r.rules");
        assertEquals(List.of(), set.problems());
        Rule r = set.rules().get(0);
        assertEquals("drop", r.action());
        assertEquals("GET \"x\"", r.msg());
        assertEquals(7, r.sid());
        assertEquals(3, r.rev());
        assertEquals("r.rules:3", r.where());
        assertArrayEquals("GET /a".getBytes(StandardCharsets.US_ASCII), r.contents().get(0).bytes());
        assertTrue(r.contents().get(0).nocase());
        assertArrayEquals("a;b".getBytes(StandardCharsets.US_ASCII), r.contents().get(1).bytes());
        assertFalse(r.contents().get(1).nocase());
        IpAddress a = IpAddress.parse("10.0.0.1");
        IpAddress b = IpAddress.parse("10.0.0.2");
        assertTrue(r.appliesTo(a, 5555, b, 80));
        assertTrue(r.appliesTo(b, 80, a, 5555), "<> fits both ways");
        assertFalse(r.appliesTo(b, 5555, a, 80));
    }

    @Test
    void rulesOutsideTheSubsetAreReportedWithLineAndKeywordAndSkipped() {
        RuleSet set = RuleParser.parse(List.of(
                "alert tcp any any -> any any (msg:\"ok\"; content:\"x\"; sid:1;)",
                "alert tcp any any -> any any (msg:\"flow\"; flow:established; content:\"x\"; sid:2;)",
                "alert udp any any -> any any (content:\"x\"; sid:3;)",
                "alert tcp $HOME_NET any -> any any (content:\"x\"; sid:4;)",
                "alert tcp any http -> any any (content:\"x\"; sid:5;)",
                "alert tcp any any -> any any (content:\"|4g|\"; sid:6;)",
                "alert tcp any any -> any any (msg:\"no sid\"; content:\"x\";)",
                "alert tcp any any -> any any (content:\"x\"; sid:9",
                "garbage"), "f.rules");
        assertEquals(1, set.rules().size());
        assertEquals(List.of("flow", "protocol", "source address", "source port", "content", "sid", "options", "options"),
                set.problems().stream().map(RuleProblem::keyword).toList());
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9), set.problems().stream().map(RuleProblem::line).toList());
        assertTrue(set.problems().get(0).toString().startsWith("f.rules:2: flow:"), set.problems().get(0).toString());
    }
}
