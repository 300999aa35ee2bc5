package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.ids.IdsAlert;
import dev.sampo.wire.DirectiveRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ids} and {@code directives} on the bundled capture with planted signatures; bad input is skipped. */
class IdsCliTest {
    private static final Path ROOT = Path.of(System.getProperty("sampo.root", "..")).toAbsolutePath().normalize();
    private static final String CAPTURE = ROOT.resolve("samples/ids-split.pcap.gz").toString();

    @TempDir
    Path dir;

    @Test
    void idsReportsUnusableRulesAndMatchesTheRest() throws Exception {
        List<String> rules = Files.readAllLines(ROOT.resolve("samples/ids-split.rules"));
        Path file = Files.write(dir.resolve("r.rules"), List.of(rules.get(0),
                "alert tcp any any -> any any (msg:\"pcre\"; pcre:\"/x/\"; sid:5;)", "not a rule at all"));
        CliRun run = CliRun.of("ids", CAPTURE, "--rules", file.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains(file + ":2: pcre: keyword outside the supported subset"), run.err());
        assertTrue(run.err().contains(file + ":3: options:"), run.err());
        List<JsonNode> alerts = run.out().lines().map(IdsCliTest::json).toList();
        assertEquals(33, alerts.size(), "signature 0 is planted 11 times in each of the three streams");
        assertTrue(alerts.stream().allMatch(a -> a.get("sid").asLong() == 2000));
        // The job's sampo.alerts carries the same JSON.
        run.out().lines().forEach(line -> assertEquals(line, IdsAlert.parse(line).toJson()));
    }

    @Test
    void aCaptureWithoutPayloadIsMatchedAsFarAsItGoesAndSaysSo() throws Exception {
        CliRun run = CliRun.of("ids", ROOT.resolve("samples/lab-small.pcap.gz").toString(), "--rules",
                ROOT.resolve("samples/ids-split.rules").toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.out());
        assertTrue(run.err().matches("(?s).*sampo ids: \\d+ of \\d+ payload bytes are not in the capture.*"), run.err());
    }

    @Test
    void idsWithoutAUsableRuleSaysSo() throws Exception {
        Path file = Files.write(dir.resolve("none.rules"), List.of("alert udp any any -> any any (content:\"x\"; sid:1;)"));
        CliRun run = CliRun.of("ids", CAPTURE, "--rules", file.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("no usable rule"), run.err());
    }

    @Test
    void aMissingFileOrABadDurationIsAUsageErrorInOneLine() {
        CliRun noRules = CliRun.of("ids", CAPTURE, "--rules", "/nonexistent.rules");
        assertEquals(2, noRules.exit());
        assertTrue(noRules.err().startsWith("sampo ids: Invalid value for option '--rules': /nonexistent.rules: "
                + "no such file or directory\n"), noRules.err());
        CliRun noEve = CliRun.of("directives", CAPTURE, "--eve", dir.toString());
        assertEquals(2, noEve.exit());
        assertTrue(noEve.err().contains(dir + ": a directory, not a file"), noEve.err());
        CliRun badTtl = CliRun.of("directives", CAPTURE, "--eve", CAPTURE, "--ttl", "5 parsecs");
        assertEquals(2, badTtl.exit());
        assertTrue(badTtl.err().startsWith("sampo directives: Invalid value for option '--ttl': "), badTtl.err());
        assertFalse(badTtl.err().contains("\tat "), badTtl.err());
    }

    @Test
    void directivesSkipBadEveLinesAndCountUnknownFlows() throws Exception {
        String good = "{\"timestamp\":\"2026-12-02T03:31:46.463253+0000\",\"event_type\":\"alert\",\"src_ip\":"
                + "\"10.100.0.2\",\"src_port\":5000,\"dest_ip\":\"10.100.1.2\",\"dest_port\":41696,\"proto\":\"TCP\","
                + "\"alert\":{\"signature_id\":2003,\"severity\":1}}";
        Path eve = Files.write(dir.resolve("eve.jsonl"), List.of("{not json", good.replace("5000,", "\"x\","),
                good.replace("10.100.1.2", "10.200.0.1"), "{\"event_type\":\"flow\"}", good));
        CliRun run = CliRun.of("directives", CAPTURE, "--eve", eve.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("eve.jsonl:1: not JSON"), run.err());
        assertTrue(run.err().contains("eve.jsonl:2: src_port 'x' is not a non-negative integer"), run.err());
        assertTrue(run.err().contains("2 alerts, 1 other EVE records, 2 bad lines skipped"), run.err());
        assertTrue(run.err().contains("unknown_flows="), run.err());
        List<DirectiveRecord> directives = run.out().lines().map(DirectiveRecord::parse).toList();
        assertEquals(4, directives.size(), run.out());
        assertTrue(directives.stream().allMatch(d -> d.action().equals("block") && d.token() != null));
        assertEquals(1, directives.stream().map(DirectiveRecord::session).distinct().count());
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
