package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sampo eval|dump --input sflow} over sflow-ingest's committed pmacct export. */
class SflowInputCliTest {
    private static final Path CAPTURES = Path.of(System.getProperty("sampo.root", ".."),
            "sflow-ingest/src/test/resources/captures");
    private static final String EXPORT = CAPTURES.resolve("paper40-sflow-1in50.pcap.gz").toString();
    private static final String TRUTH = CAPTURES.resolve("paper40-truth.json").toString();

    private static List<String> run(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exit(), r::err);
        return r.out().lines().toList();
    }

    @Test
    void evalOverSflowMeetsThePrecisionAndRecallBars() throws Exception {
        List<String> lines = run("eval", EXPORT, "--input", "sflow", "--truth", TRUTH);
        JsonNode report = Json.MAPPER.readTree(lines.get(lines.size() - 1));

        assertEquals(7521, report.get("frames").asLong(), "every flow sample counts as a frame");
        assertTrue(report.get("precision").asDouble() >= 0.999, report::toString);
        assertTrue(report.get("recall_of_oracle").asDouble() >= 0.95, report::toString);
    }

    @Test
    void dumpPrintsTheSflowFieldsWithEachSampledPacket() throws Exception {
        List<String> lines = run("dump", EXPORT, "--input", "sflow");
        JsonNode first = Json.MAPPER.readTree(lines.get(0));

        assertEquals(3688, lines.size());
        assertEquals("192.0.2.10", first.get("agent").asText());
        assertEquals(1, first.get("dgram_seq").asLong());
        assertEquals(50, first.get("rate").asLong());
        assertEquals(1, first.get("source").asLong());
        assertEquals("10.100.8.2", first.get("src").asText());
        assertEquals("DSS", first.get("mptcp").get(0).get("subtype").asText());
    }

    @Test
    void sflowCommandsHaveHelp() {
        for (String cmd : List.of("sflow", "sflow-replay")) {
            CliRun r = CliRun.of(cmd, "--help");
            assertEquals(0, r.exit(), cmd);
            assertTrue(r.out().startsWith("Usage: sampo " + cmd), r.out());
        }
        assertTrue(CliRun.of("--help").out().contains("sflow-replay"));
    }

    /** pcap stays the default input; an sFlow recording read as packets says so rather than finding nothing. */
    @Test
    void anSflowRecordingReadAsPacketsPointsToInputSflow() {
        for (String cmd : List.of("dump", "analyze")) {
            CliRun r = CliRun.of(cmd, EXPORT);
            assertEquals(1, r.exit(), cmd);
            assertEquals("sampo " + cmd + ": " + EXPORT + " holds sFlow datagrams, not packets: read it with --input sflow",
                    r.err().strip(), cmd);
            assertEquals("", r.out().strip(), "no output beside the error");
        }
        CliRun eval = CliRun.of("eval", EXPORT, "--truth", TRUTH);
        assertEquals(1, eval.exit());
        assertTrue(eval.err().contains("--input sflow"), eval.err());
    }
}
