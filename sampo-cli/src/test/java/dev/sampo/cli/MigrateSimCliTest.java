package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrateSimCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode lastLine(CliRun run) throws Exception {
        String[] lines = run.out().strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void lastLineIsTheDocumentedJson() throws Exception {
        CliRun run = CliRun.of("migrate-sim", "--protocol", "sharp", "--sessions", "5", "--rate", "300",
                "--transfer-ms", "40", "--seed", "7");
        assertEquals(0, run.exit(), run.err());
        JsonNode json = lastLine(run);
        for (String field : List.of("violations", "max_buffer", "p99_added_latency_ms", "max_split_ms", "migrations")) {
            assertTrue(json.has(field), field + " in " + json);
        }
        assertEquals("sharp", json.get("protocol").asText());
        assertEquals("ids", json.get("nf").asText());
        assertEquals(5, json.get("migrations").asInt());
        assertTrue(json.get("max_buffer").asLong() >= 10, "40 ms of 300 pps wait at the destination: " + json);
        json.get("violations").forEach(n -> assertEquals(0, n.asLong(), json.toString()));
        assertEquals(json, lastLine(CliRun.of("migrate-sim", "--protocol", "sharp", "--sessions", "5", "--rate", "300",
                "--transfer-ms", "40", "--seed", "7")), "deterministic");
    }

    @Test
    void aBrokenPromiseExitsWithThree() throws Exception {
        CliRun run = CliRun.of("migrate-sim", "--protocol", "weak-o", "--sessions", "10", "--rate", "500",
                "--src-delay-ms", "8", "--peer-delay-ms", "2", "--handshake-gap-ms", "1", "--guard-ms", "0",
                "--reroute-jitter-ms", "0", "--reroute-ms", "2", "--seed", "2");
        assertEquals(3, run.exit(), run.out());
        assertTrue(lastLine(run).get("violations").get("css_missing").asLong() > 0, run.out());
        assertTrue(run.err().contains("weak-o promises"), run.err());
    }

    @Test
    void badSettingsAreClearErrors() {
        CliRun run = CliRun.of("migrate-sim", "--protocol", "teleport");
        assertEquals(ErrorReport.USAGE, run.exit());
        assertTrue(run.err().startsWith("sampo migrate-sim: Invalid value for option '--protocol': "
                + "unknown migration protocol 'teleport'"), run.err());
        CliRun nf = CliRun.of("migrate-sim", "--protocol", "sharp", "--nf", "router");
        assertEquals(ErrorReport.USAGE, nf.exit());
        assertTrue(nf.err().contains("unknown NF kind 'router' (counters, ids)"), nf.err());
        CliRun huge = CliRun.of("migrate-sim", "--protocol", "sharp", "--sessions", "100000", "--rate", "10000");
        assertEquals(1, huge.exit());
        assertTrue(huge.err().contains("holds in memory"), huge.err());
        CliRun negative = CliRun.of("migrate-sim", "--protocol", "reprocess", "--transfer-ms", "-3");
        assertEquals(1, negative.exit());
        assertTrue(negative.err().contains("delay must be ≥ 0"), negative.err());
        assertTrue(CliRun.of("migrate-sim", "--help").out().startsWith("Usage: sampo migrate-sim"));
    }
}
