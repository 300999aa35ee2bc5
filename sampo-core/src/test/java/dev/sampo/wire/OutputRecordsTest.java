package dev.sampo.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.Evidence;
import dev.sampo.association.PairDecision;
import dev.sampo.association.Session;
import dev.sampo.flow.SubflowId;
import dev.sampo.ids.IdsAlert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The output values as the topic contract (docs/TOPICS.md) documents them, byte for byte, and read back. */
class OutputRecordsTest {
    private static final Path TOPICS_MD = Path.of(System.getProperty("sampo.root", ".."), "docs", "TOPICS.md");
    private static final SubflowId FIRST = SubflowId.parse("10.100.0.2:5000-10.100.6.2:39224");
    private static final SubflowId SECOND = SubflowId.parse("10.100.6.2:56735-10.101.0.2:5000");
    private static final Session SESSION = new Session("8558b567a18a1643", null,
            List.of(new Session.Member(FIRST, 22, 15565), new Session.Member(SECOND, 9, 5696)),
            1.0, Evidence.DSN, 1795459949702302L, 1795459950858459L);

    @Test
    void sessionValueIsTheDocumentedJson() {
        String json = SessionRecord.of(SESSION).toJson();
        assertEquals("{\"session\":\"8558b567a18a1643\",\"token\":null,\"subflows\":[{\"a\":\"10.100.0.2:5000\","
                + "\"b\":\"10.100.6.2:39224\",\"packets\":22,\"bytes\":15565},{\"a\":\"10.100.6.2:56735\","
                + "\"b\":\"10.101.0.2:5000\",\"packets\":9,\"bytes\":5696}],\"confidence\":1.0,\"evidence\":\"dsn\","
                + "\"first_seen_us\":1795459949702302,\"last_seen_us\":1795459950858459}", json);
        SessionRecord back = SessionRecord.parse(json);
        assertEquals(SessionRecord.of(SESSION), back);
        assertEquals(List.of(FIRST, SECOND), back.subflows().stream().map(SessionRecord.Member::id).toList());
    }

    @Test
    void subflowValueIsTheDocumentedJson() {
        SubflowRecord r = SubflowRecord.of(SESSION, SESSION.subflows().get(1));
        String json = r.toJson();
        assertEquals("{\"subflow\":\"10.100.6.2:56735-10.101.0.2:5000\",\"session\":\"8558b567a18a1643\","
                + "\"token\":null,\"confidence\":1.0,\"evidence\":\"dsn\",\"session_subflows\":2}", json);
        assertEquals(r, SubflowRecord.parse(json));
    }

    @Test
    void pairValueIsTheDocumentedJson() {
        PairDecision d = new PairDecision(SECOND, SubflowId.parse("10.101.0.2:5000-10.101.6.2:53639"),
                PairDecision.Verdict.SAME, 1.0, 0.0, Evidence.DSN, 32, true);
        String json = PairRecord.of(d, 1795459951000000L).toJson();
        assertEquals("{\"a\":\"10.100.6.2:56735-10.101.0.2:5000\",\"b\":\"10.101.0.2:5000-10.101.6.2:53639\","
                + "\"verdict\":\"SAME\",\"phi\":1.0,\"phi_distinct\":0.0,\"evidence\":\"dsn\",\"dsn_bits\":32,"
                + "\"crossed\":true,\"at_us\":1795459951000000}", json);
        PairRecord back = PairRecord.parse(json);
        assertEquals(d, back.decision());
        assertEquals(1795459951000000L, back.atMicros());
    }

    /** Every JSON example of the contract document (lines joined) is a value its record writes back unchanged. */
    @Test
    void theDocumentedExamplesReadAndWriteBackByteForByte() throws IOException {
        List<String> examples = jsonExamples(Files.readAllLines(TOPICS_MD));
        int outputs = 0;
        for (String json : examples) {
            String written;
            if (json.startsWith("{\"session\":")) {
                written = SessionRecord.parse(json).toJson();
            } else if (json.startsWith("{\"subflow\":") && json.contains("\"instance\":")) {
                written = SteeringRecord.parse(json).toJson();
            } else if (json.startsWith("{\"subflow\":")) {
                written = SubflowRecord.parse(json).toJson();
            } else if (json.startsWith("{\"a\":")) {
                written = PairRecord.parse(json).toJson();
            } else if (json.startsWith("{\"action\":")) {
                written = DirectiveRecord.parse(json).toJson();
            } else if (json.startsWith("{\"round\":")) {
                written = MigrationRecord.parse(json).toJson();
            } else if (json.startsWith("{\"agent\":")) {
                written = AgentRecord.parse(json).toJson();
            } else if (json.startsWith("{\"sid\":")) {
                written = IdsAlert.parse(json).toJson();
            } else {
                continue; // the inputs' examples: PacketWire is CBOR (PacketWireTest), EVE is the IDS's (EveAlert)
            }
            assertEquals(json, written);
            outputs++;
        }
        assertEquals(9, outputs, "one example per output topic, one per kind of sampo.agents, in " + TOPICS_MD);
    }

    /** An sflow agent.v1 value of a collector that predates the per-exporter list reads with an empty one. */
    @Test
    void anSflowHealthValueWithoutItsExporterListReads() {
        AgentRecord r = AgentRecord.parse("{\"agent\":\"sflow/c:6343\",\"kind\":\"sflow\",\"at_ms\":1,\"uptime_s\":2.0,"
                + "\"capture\":null,\"sflow\":{\"exporters\":1,\"datagrams\":10,\"samples\":20,\"records\":5,"
                + "\"datagrams_lost\":1,\"samples_lost\":2,\"agent_drops\":0,\"decode_errors\":0}}");
        assertEquals(new AgentRecord.Sflow(1, 10, 20, 5, 1, 2, 0, 0, List.of(), 0), r.sflow());
        assertThrows(IllegalArgumentException.class, () -> AgentRecord.parse(
                "{\"agent\":\"sflow/c:6343\",\"kind\":\"sflow\",\"at_ms\":1,\"uptime_s\":2.0,\"capture\":null,"
                        + "\"sflow\":{\"exporters\":1}}"), "the first version's fields stay required");
    }

    private static List<String> jsonExamples(List<String> lines) {
        List<String> examples = new ArrayList<>();
        StringBuilder current = null;
        for (String line : lines) {
            if (line.equals("```json")) {
                current = new StringBuilder();
            } else if (line.equals("```") && current != null) {
                examples.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line.strip());
            }
        }
        return examples;
    }

    @Test
    void readersSkipFieldsAddedWithinAVersion() {
        String json = SubflowRecord.of(SESSION, SESSION.subflows().get(0)).toJson();
        String extended = json.substring(0, json.length() - 1) + ",\"nf\":\"ids-2\",\"extra\":{\"x\":[1,2]}}";
        assertEquals(SubflowRecord.parse(json), SubflowRecord.parse(extended));
    }

    @Test
    void aValueOfAnotherShapeIsAClearErrorNamingItsSchema() {
        String missingField = "{\"subflow\":\"10.100.6.2:56735-10.101.0.2:5000\",\"session\":\"8558b567a18a1643\","
                + "\"token\":null,\"confidence\":1.0,\"evidence\":\"dsn\"}";
        String nullId = "{\"subflow\":null,\"session\":\"s\",\"token\":null,\"confidence\":1.0,\"evidence\":\"dsn\","
                + "\"session_subflows\":1}";
        String badId = nullId.replace("null,\"session\"", "\"not a subflow\",\"session\"");
        for (String bad : new String[] {missingField, nullId, badId, "[]", "{", "garbage", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SubflowRecord.parse(bad));
            assertTrue(e.getMessage().contains("subflow.v1"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionRecord.parse("{\"session\":\"x\"}"));
        assertTrue(e.getMessage().contains("session.v1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PairRecord.parse(PairRecord.of(new PairDecision(FIRST, SECOND, PairDecision.Verdict.DISTINCT,
                        0, 0.99, Evidence.DSN, 64, false), 0).toJson().replace("DISTINCT", "MAYBE")));
        assertTrue(e.getMessage().contains("pair.v1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MigrationRecord.parse("{\"round\":1,\"order\":0,"
                + "\"session\":\"s\",\"subflows\":[],\"from\":\"nf-0\",\"to\":\"nf-1\",\"reason\":\"REBALANCE\","
                + "\"protocol\":\"weak-o\",\"rate_pps\":1.0,\"status\":\"half-done\",\"detail\":null}"));
        assertTrue(e.getMessage().contains("migration.v1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AgentRecord.parse("{\"agent\":\"a\",\"kind\":\"sflow\","
                + "\"at_ms\":1,\"uptime_s\":1.0,\"capture\":{\"received\":1,\"kernel_dropped\":0,"
                + "\"interface_dropped\":0,\"frames\":1,\"sampled\":1,\"records\":1},\"sflow\":null}"));
        assertTrue(e.getMessage().contains("agent.v1"), e.getMessage());
    }

    @Test
    void aSubflowsTableReadsAsTheSessionsItDescribes() {
        SubflowId lone = SubflowId.parse("10.1.0.1:40000-10.2.0.1:443");
        Session single = new Session(Session.idOf(lone), "0a0b0c0d", List.of(new Session.Member(lone, 3, 10)),
                0.0, Evidence.NONE, 1, 2);
        Map<String, String> table = Map.of(
                FIRST.toString(), SubflowRecord.of(SESSION, SESSION.subflows().get(0)).toJson(),
                SECOND.toString(), SubflowRecord.of(SESSION, SESSION.subflows().get(1)).toJson(),
                lone.toString(), SubflowRecord.of(single, single.subflows().get(0)).toJson());
        var result = SubflowRecord.resultOf(7, table);
        assertEquals(Set.of(Set.of(FIRST, SECOND), Set.of(lone)), result.groups());
        assertEquals(7, result.atMicros());
        Session read = result.sessions().stream().filter(s -> s.id().equals(SESSION.id())).findFirst().orElseThrow();
        assertEquals(Evidence.DSN, read.evidence());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SubflowRecord.resultOf(0, Map.of("k1", "{}")));
        assertTrue(e.getMessage().contains("k1"), e.getMessage());
    }
}
