package dev.sampo.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.Evidence;
import dev.sampo.flow.SubflowId;
import dev.sampo.wire.DirectiveRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectiveBookTest {
    private static final SubflowId A = SubflowId.parse("10.0.0.1:40000-10.0.9.1:443");
    private static final SubflowId B = SubflowId.parse("10.0.1.1:40001-10.0.9.1:443");
    private static final SubflowId C = SubflowId.parse("10.0.2.1:40002-10.0.9.1:443");
    private static final long T = 1_700_000_000_000_000L;

    private static EveAlert alert(long ts, int severity, boolean blocked) {
        return EveAlert.parse("{\"timestamp\":\"" + java.time.Instant.ofEpochSecond(0, ts * 1000).toString()
                .replace("Z", "+0000") + "\",\"event_type\":\"alert\",\"src_ip\":\"10.0.9.1\",\"src_port\":443,"
                + "\"dest_ip\":\"10.0.0.1\",\"dest_port\":40000,\"proto\":\"TCP\",\"flow_id\":9,\"app_proto\":\"tls\","
                + "\"alert\":{\"action\":\"" + (blocked ? "blocked" : "allowed") + "\",\"signature_id\":77,"
                + "\"severity\":" + severity + ",\"category\":\"x\"}}");
    }

    private static SessionFacts session(String token, double phi, Evidence evidence, SubflowId... subflows) {
        return new SessionFacts("s1", token, List.of(subflows), phi, evidence);
    }

    @Test
    void anAlertCoversEverySubflowAndLaterJoinsWhileTheDecisionLives() {
        DirectiveBook book = new DirectiveBook(DirectivePolicy.DEFAULTS);
        EveAlert a = alert(T, 1, false);
        assertEquals(T, a.tsMicros());
        List<DirectiveRecord> first = book.alert(a, session("abcd0123", 1.0, Evidence.TOKEN, A, B));
        assertEquals(List.of(A, B), first.stream().map(DirectiveRecord::subflow).toList());
        assertTrue(first.stream().allMatch(d -> d.action().equals("block") && d.token().equals("abcd0123")
                && d.sid() == 77 && d.cause().srcPort() == 443 && d.trigger().equals("alert")
                && d.expiresMicros() == T + DirectivePolicy.DEFAULT_TTL_MICROS));
        assertEquals(List.of(), book.session(session("abcd0123", 1.0, Evidence.TOKEN, A, B), T + 1));

        // C joins under the same token, in a session the grouping names anew.
        List<DirectiveRecord> join = book.session(new SessionFacts("s2", "abcd0123", List.of(C), 1.0, Evidence.TOKEN), T + 2);
        assertEquals(List.of(C), join.stream().map(DirectiveRecord::subflow).toList());
        assertEquals("join", join.get(0).trigger());

        // After the TTL nothing is covered any more.
        SubflowId d = SubflowId.parse("10.0.3.1:40003-10.0.9.1:443");
        assertEquals(List.of(), book.session(session("abcd0123", 1.0, Evidence.TOKEN, A, B, C, d),
                T + DirectivePolicy.DEFAULT_TTL_MICROS));
        assertEquals(0, book.liveDecisions());
        assertEquals(1, book.stats().expired);
    }

    @Test
    void theConfidenceGateTurnsSiblingBlocksIntoAlertsButNotTheConvictedSubflows() {
        DirectiveBook low = new DirectiveBook(DirectivePolicy.DEFAULTS);
        List<DirectiveRecord> out = low.alert(alert(T, 1, false), session(null, 0.5, Evidence.DSN, A, B));
        assertEquals(List.of("block", "alert"), out.stream().map(DirectiveRecord::action).toList());
        assertNull(out.get(1).token());
        assertEquals(1, low.stats().gated);

        DirectiveBook dsnOnly = new DirectiveBook(new DirectivePolicy(0.9, true, 1, 1_000_000, 10));
        assertEquals(List.of("block", "alert"), dsnOnly.alert(alert(T, 1, false), session(null, 1.0, Evidence.DSN, A, B))
                .stream().map(DirectiveRecord::action).toList());

        DirectiveBook mild = new DirectiveBook(DirectivePolicy.DEFAULTS);
        assertEquals(List.of("alert", "alert"), mild.alert(alert(T, 3, false), session(null, 1.0, Evidence.TOKEN, A, B))
                .stream().map(DirectiveRecord::action).toList());
        assertEquals(List.of("block", "block"), mild.alert(alert(T, 3, true), session(null, 1.0, Evidence.TOKEN, A, B))
                .stream().map(DirectiveRecord::action).toList(), "what the IDS blocked asks for block");
    }

    @Test
    void anAlertOnAFlowNoSessionHoldsWaitsForItsAssociation() {
        DirectiveBook book = new DirectiveBook(DirectivePolicy.DEFAULTS);
        assertEquals(List.of(), book.alert(alert(T, 1, false), null));
        assertEquals(1, book.stats().unknownFlows);
        List<DirectiveRecord> later = book.session(session("abcd0123", 1.0, Evidence.TOKEN, A, B), T + 5);
        assertEquals(List.of(A, B), later.stream().map(DirectiveRecord::subflow).toList());
        assertEquals(List.of("alert", "join"), later.stream().map(DirectiveRecord::trigger).toList());
    }

    @Test
    void theDecisionCapDropsTheOldestAndCountsIt() {
        DirectiveBook book = new DirectiveBook(new DirectivePolicy(0.9, false, 1, 1_000_000_000, 1));
        book.alert(alert(T, 1, false), null);
        book.alert(EveAlert.parse(alertJson("10.0.1.1", 40001)), null);
        assertEquals(1, book.liveDecisions());
        assertEquals(1, book.stats().evicted);
    }

    private static String alertJson(String dest, int port) {
        return "{\"timestamp\":\"2023-11-14T22:13:20.000001+0000\",\"event_type\":\"alert\",\"src_ip\":\"10.0.9.1\","
                + "\"src_port\":443,\"dest_ip\":\"" + dest + "\",\"dest_port\":" + port + ",\"proto\":\"TCP\","
                + "\"alert\":{\"signature_id\":78}}";
    }

    @Test
    void badEveLinesAreErrorsNamingTheField() {
        assertEquals("src_port 'http' is not a non-negative integer", assertThrows(IllegalArgumentException.class,
                () -> EveAlert.parse(alertJson("10.0.1.1", 1).replace("443", "\"http\""))).getMessage());
        assertEquals("dest_port 70000 is not a port", assertThrows(IllegalArgumentException.class,
                () -> EveAlert.parse(alertJson("10.0.1.1", 70000))).getMessage());
        assertEquals("dest_ip 'nohost' is not an IP address", assertThrows(IllegalArgumentException.class,
                () -> EveAlert.parse(alertJson("nohost", 1))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EveAlert.parse("{\"event_type\":"))
                .getMessage().startsWith("not JSON"));
        assertEquals("no event_type", assertThrows(IllegalArgumentException.class, () -> EveAlert.parse("[1]"))
                .getMessage().replace("not a JSON object", "no event_type"));
        assertNull(EveAlert.parse("{\"event_type\":\"flow\",\"src_ip\":\"x\"}"), "other events are not alerts");
        assertEquals(3, EveAlert.parse(alertJson("10.0.1.1", 1)).severity(), "severity defaults to 3");
    }
}
