package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.eval.Truth;
import dev.sampo.flow.SubflowId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("sampo.root", "..")).toAbsolutePath().normalize();
    private static final Path SAMPLE = ROOT.resolve("samples/lab-small.pcap.gz");
    private static final Path SAMPLE_TRUTH = ROOT.resolve("samples/lab-small.truth.json");

    private static Path shared(String relative) {
        String shared = System.getProperty("sampo.shared");
        assumeTrue(shared != null && Files.exists(Path.of(shared, "datasets", relative)), "no ../shared datasets");
        return Path.of(shared, "datasets", relative);
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        for (String cmd : List.of("dump", "analyze", "eval", "sweep")) {
            CliRun r = CliRun.of(cmd, "--help");
            assertEquals(0, r.exit(), cmd);
            assertTrue(r.out().startsWith("Usage: sampo " + cmd), r.out());
        }
        assertTrue(CliRun.of("--help").out().contains("analyze"));
    }

    @Test
    void dumpPrintsOneDocumentedObjectPerMptcpFrame() throws Exception {
        CliRun r = CliRun.of("dump", SAMPLE.toString());
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertTrue(lines.length > 1000, "lines: " + lines.length);
        long lastFrame = 0;
        boolean sawCapable = false;
        boolean sawDss = false;
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            assertTrue(n.get("frame").asLong() > lastFrame, "1-based, increasing frame numbers");
            lastFrame = n.get("frame").asLong();
            for (String field : List.of("ts", "src", "sport", "dst", "dport", "seq", "ack", "len", "flags", "mptcp")) {
                assertTrue(n.has(field), field + " in " + line);
            }
            for (JsonNode o : n.get("mptcp")) {
                String subtype = o.get("subtype").asText();
                if (subtype.equals("MP_CAPABLE") && o.has("sender_key")) {
                    sawCapable = true;
                    assertTrue(o.get("sender_key").isIntegralNumber(), "64-bit keys are JSON numbers");
                }
                if (subtype.equals("DSS") && o.has("dsn")) {
                    sawDss = true;
                    assertEquals(8, o.get("dsn_bytes").asInt());
                    assertFalse(o.has("checksum") && o.get("checksum").isNull(), "absent fields are omitted");
                }
            }
        }
        assertTrue(sawCapable && sawDss);
    }

    @Test
    void analyzeFindsExactlyTheSessionsOfTheBundledTruth() throws Exception {
        assertExactSessions(SAMPLE, SAMPLE_TRUTH);
    }

    @Test
    void analyzeFindsExactlyThe40SessionsOfPaper40() throws Exception {
        assertExactSessions(shared("paper40/full.pcap.gz"), shared("paper40/truth.json"));
    }

    private static void assertExactSessions(Path capture, Path truthFile) throws Exception {
        CliRun r = CliRun.of("analyze", capture.toString(), "--format", "jsonl");
        assertEquals(0, r.exit(), r.err());
        Set<Set<SubflowId>> found = new HashSet<>();
        for (String line : r.out().strip().split("\n")) {
            JsonNode s = JSON.readTree(line);
            assertEquals(1.0, s.get("confidence").asDouble());
            assertEquals("token+dsn", s.get("evidence").asText());
            assertTrue(s.has("token") && s.get("token").asText().matches("[0-9a-f]{8}"));
            Set<SubflowId> members = new HashSet<>();
            for (JsonNode sf : s.get("subflows")) {
                members.add(SubflowId.parse(sf.get("a").asText() + "-" + sf.get("b").asText()));
            }
            found.add(members);
        }
        Set<Set<SubflowId>> truth = Truth.read(truthFile).sessions().stream().map(HashSet::new)
                .collect(Collectors.toSet());
        assertEquals(truth, found);
    }

    @Test
    void evalEndsWithTheDocumentedJsonLine() throws Exception {
        CliRun r = CliRun.of("eval", SAMPLE.toString(), "--truth", SAMPLE_TRUTH.toString(), "--sample", "count:10",
                "--no-token");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().strip().split("\n");
        JsonNode last = JSON.readTree(lines[lines.length - 1]);
        for (String f : List.of("pairs", "positive_pairs", "tp", "fp", "tn", "fn", "accuracy", "precision", "recall",
                "oracle_recall", "recall_of_oracle", "frames", "sampled_frames", "seconds")) {
            assertTrue(last.has(f), f);
        }
        assertEquals(last.get("tp").asLong() + last.get("fn").asLong(), last.get("positive_pairs").asLong());
        assertEquals(7680, last.get("frames").asLong());
        assertEquals(768, last.get("sampled_frames").asLong());
    }

    @Test
    void durationsTakeOneSyntaxWithPlainSecondsAsBefore() {
        CliRun seconds = CliRun.of("analyze", SAMPLE.toString(), "--period", "0.5", "--horizon", "600");
        CliRun units = CliRun.of("analyze", SAMPLE.toString(), "--period", "500ms", "--horizon", "10m");
        assertEquals(0, seconds.exit(), seconds.err());
        assertEquals(seconds.out(), units.out());
        CliRun wrong = CliRun.of("analyze", SAMPLE.toString(), "--idle-timeout", "soon");
        assertTrue(wrong.exit() != 0);
        assertTrue(wrong.err().contains("--idle-timeout") && wrong.err().contains("'soon'"), wrong.err());
    }

    @Test
    void aWrongJobSettingFailsBeforeAnythingStartsAndNamesItsKey() {
        CliRun typo = CliRun.of("up", "--home", "target/never-started", "--set", "sampo.perod=1s");
        assertEquals(1, typo.exit());
        assertTrue(typo.err().contains("unknown setting sampo.perod"), typo.err());
        CliRun wrong = CliRun.of("up", "--home", "target/never-started", "--set", "sampo.horizon=forever");
        assertTrue(wrong.err().contains("sampo.horizon") && wrong.err().contains("'forever'"), wrong.err());
        assertFalse(Files.exists(Path.of("target/never-started")), "nothing was started");
    }

    @Test
    void wrongInputGivesAClearErrorAndNonZeroExit() throws Exception {
        Path notCapture = Files.createTempFile("sampo", ".pcap");
        Files.writeString(notCapture, "hello, not a capture");
        CliRun r = CliRun.of("analyze", notCapture.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("is not a pcap or pcapng capture"), r.err());
        CliRun bad = CliRun.of("analyze", SAMPLE.toString(), "--sample", "every:3");
        assertTrue(bad.exit() != 0);
        assertTrue(bad.err().contains("count:N"), bad.err());
    }
}
