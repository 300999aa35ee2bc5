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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
    void evalExplainsItsMissesAndTablesItsCalibration() throws Exception {
        CliRun r = CliRun.of("eval", SAMPLE.toString(), "--truth", SAMPLE_TRUTH.toString(), "--sample", "count:100",
                "--no-token", "--dsn-bits", "32", "--misses", "--calibration");
        assertEquals(0, r.exit(), r.err());
        JsonNode last = JSON.readTree(r.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        long missed = Long.parseLong(r.out().lines().filter(l -> l.startsWith("missed pairs"))
                .findFirst().orElseThrow().replaceAll("\\D", ""));
        assertTrue(missed > 0, r.out());
        assertEquals(missed, r.out().lines().filter(l -> l.startsWith("  miss ")).count());
        // Every missed pair is one the oracle counts that the grouping left apart.
        long oracle = Math.round(last.get("oracle_recall").asDouble() * last.get("positive_pairs").asLong());
        assertEquals(oracle - last.get("tp").asLong(), missed);
        // Per subflow left out of its session's largest group, its evidence in bits; the summary counts them.
        String leftOut = r.out().lines().filter(l -> l.startsWith("subflows left out")).findFirst().orElseThrow();
        List<String> bits = r.out().lines().filter(l -> l.startsWith("  bits ")).toList();
        assertFalse(bits.isEmpty(), r.out());
        assertTrue(leftOut.contains(" " + bits.size() + " with DSN evidence"), leftOut);
        long enoughAgainstSibling = bits.stream().filter(l -> number(l, "best-sibling") >= number(l, "needed")).count();
        assertTrue(leftOut.endsWith("against the best sibling " + enoughAgainstSibling), leftOut);
        bits.forEach(l -> assertEquals(26.6, number(l, "needed"), 0.05, l));
        assertTrue(r.out().contains("[0.9999, 1.0000]"), r.out());
    }

    /** The number after {@code name=} in a line. */
    private static double number(String line, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=([0-9.]+)").matcher(line);
        assertTrue(m.find(), line);
        return Double.parseDouble(m.group(1));
    }

    /** picocli lists each command with its header, or else the first line of its description: a whole sentence. */
    @Test
    void helpListsEveryCommandWithAWholeSentence() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.exit());
        String list = help.out().substring(help.out().indexOf("Commands:"));
        for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
            String name = sub.getCommandName();
            String[] header = sub.getCommandSpec().usageMessage().header();
            String summary = header.length > 0 ? header[0] : sub.getCommandSpec().usageMessage().description()[0];
            assertTrue(summary.matches("[A-Z].*[.)]"), name + ": not a sentence: " + summary);
            // The rendered entry: the name, then the summary wrapped over indented lines.
            Matcher entry = Pattern.compile("\\n  " + Pattern.quote(name) + " +(.+(\\n {10,}.+)*)").matcher(list);
            assertTrue(entry.find(), name + " missing in\n" + list);
            // picocli may wrap inside a word after punctuation ("truth.json"), so the spacing is not compared.
            assertEquals(summary.replaceAll("\\s+", ""), entry.group(1).replaceAll("\\s+", ""), name);
        }
    }

    @Test
    void aMissingFileIsNamedWithItsReasonAndNoStackTrace() {
        for (String cmd : List.of("analyze", "dump", "eval", "sweep", "replay")) {
            CliRun r = CliRun.of(cmd, "/nonexistent.pcap", "--truth", SAMPLE_TRUTH.toString(), "--kafka", "localhost:1");
            if (cmd.equals("analyze") || cmd.equals("dump")) {
                r = CliRun.of(cmd, "/nonexistent.pcap");
            }
            assertEquals(2, r.exit(), cmd);
            assertTrue(r.err().startsWith("sampo " + cmd + ": Invalid value for positional parameter at index 0 (FILE): "
                    + "/nonexistent.pcap: no such file or directory\n"), cmd + ": " + r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void aTruthFileThatIsNotJsonSaysSoInOneLine() {
        Path readme = ROOT.resolve("README.md");
        CliRun r = CliRun.of("eval", SAMPLE.toString(), "--truth", readme.toString());
        assertEquals(1, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("sampo eval: " + readme + ": not JSON (line 1, column 1); expected the lab's"
                + " truth.json"), r.err());
        CliRun traced = CliRun.of("eval", SAMPLE.toString(), "--truth", readme.toString(), "--stacktrace");
        assertTrue(traced.err().lines().count() > 3 && traced.err().contains("\tat dev.sampo.eval.Truth.read"),
                traced.err());
    }

    @Test
    void sweepHasNoSampleOptionAndDocumentsTruthAndRates() {
        CliRun r = CliRun.of("sweep", SAMPLE.toString(), "--truth", SAMPLE_TRUTH.toString(), "--sample", "count:5");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("sampo sweep: Unknown options: '--sample'"), r.err());
        String help = CliRun.of("sweep", "--help").out();
        assertTrue(help.contains("--rates=N[,N…]  "), help);
        assertFalse(help.contains("...]]"), help);
        assertTrue(Pattern.compile("--truth=TRUTH.json +Kernel ground truth").matcher(help).find(), help);
    }

    @Test
    void badValuesAreUsageErrorsAtParseTime() {
        CliRun sample = CliRun.of("replay", SAMPLE.toString(), "--kafka", "localhost:1", "--sample", "every:3");
        assertEquals(2, sample.exit());
        assertTrue(sample.err().startsWith("sampo replay: Invalid value for option '--sample': bad sampling spec"),
                sample.err());
        CliRun speed = CliRun.of("demo", "--speed", "fast");
        assertEquals(2, speed.exit());
        assertTrue(speed.err().contains("'fast' is not a speed: a positive number or max"), speed.err());
        CliRun address = CliRun.of("up", "--kafka", "localhost:http");
        assertEquals(2, address.exit());
        assertTrue(address.err().startsWith("sampo up: Invalid value for option '--kafka': bad port in 'localhost:http'"), address.err());
        CliRun sflow = CliRun.of("up", "--sflow", "[::1]");
        assertEquals(2, sflow.exit());
        assertTrue(sflow.err().contains("use [V6]:PORT"), sflow.err());
        CliRun both = CliRun.of("sflow", "--kafka", "localhost:9092", "--sink", "jsonl");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
    }

    @Test
    void durationsTakeOneSyntaxWithPlainSecondsAsBefore() {
        CliRun seconds = CliRun.of("analyze", SAMPLE.toString(), "--period", "0.5", "--horizon", "600");
        CliRun units = CliRun.of("analyze", SAMPLE.toString(), "--period", "500ms", "--horizon", "10m");
        assertEquals(0, seconds.exit(), seconds.err());
        assertEquals(seconds.out(), units.out());
        CliRun wrong = CliRun.of("analyze", SAMPLE.toString(), "--idle-timeout", "soon");
        assertEquals(ErrorReport.USAGE, wrong.exit());
        assertTrue(wrong.err().startsWith("sampo analyze: Invalid value for option '--idle-timeout': 'soon'"), wrong.err());
        assertFalse(wrong.err().contains("IllegalArgumentException"), wrong.err());
    }

    @Test
    void aWrongJobSettingFailsBeforeAnythingStartsAndNamesItsKey() {
        Path home = Path.of("target/never-started");
        try {
            CliRun typo = CliRun.of("up", "--home", home.toString(), "--set", "sampo.perod=1s");
            assertEquals(1, typo.exit());
            assertTrue(typo.err().contains("unknown setting sampo.perod"), typo.err());
            CliRun wrong = CliRun.of("up", "--home", home.toString(), "--set", "sampo.horizon=forever");
            assertTrue(wrong.err().contains("sampo.horizon") && wrong.err().contains("'forever'"), wrong.err());
            // up names its log before the check (which may log); nothing of the stack exists.
            for (String started : List.of("sampo.lock", "kafka", "checkpoints")) {
                assertFalse(Files.exists(home.resolve(started)), started + " was created");
            }
        } finally {
            // This JVM goes on with other tests: their logging is not this up's.
            System.clearProperty("sampo.log");
        }
    }

    @Test
    void wrongInputGivesAClearErrorAndNonZeroExit() throws Exception {
        Path notCapture = Files.createTempFile("sampo", ".pcap");
        Files.writeString(notCapture, "hello, not a capture");
        CliRun r = CliRun.of("analyze", notCapture.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("is not a pcap or pcapng capture"), r.err());
        CliRun bad = CliRun.of("analyze", SAMPLE.toString(), "--sample", "every:3");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("count:N"), bad.err());
    }
}
