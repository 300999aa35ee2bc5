package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;

class SteerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("sampo.root", "..")).toAbsolutePath().normalize();
    private static final Path SAMPLE = ROOT.resolve("samples/lab-small.pcap.gz");
    private static final Path SAMPLE_TRUTH = ROOT.resolve("samples/lab-small.truth.json");

    @Test
    void onlySessionsTheSampleCouldNotShowWholeAreSplit() throws Exception {
        JsonNode r = steer(SAMPLE, SAMPLE_TRUTH, "--sample", "count:10", "--instances", "4");
        for (String f : List.of("sessions", "multi_subflow_sessions", "split_rate", "baseline_split_rate",
                "misrouted_packet_share", "baseline_misrouted_packet_share", "moves", "max_load_ratio",
                "baseline_max_load_ratio", "packets", "instances")) {
            assertTrue(r.has(f), f);
        }
        Truth truth = Truth.read(SAMPLE_TRUTH);
        int multi = (int) truth.sessions().stream().filter(s -> s.size() > 1).count();
        assertEquals(multi, r.get("multi_subflow_sessions").asInt());
        long shownWhole = truth.sessions().stream().filter(s -> s.size() > 1).filter(wholeIn(groups(SAMPLE))).count();
        assertTrue(shownWhole > 0, "association at count:10 groups no session whole: a useless check");
        long split = Math.round(r.get("split_rate").asDouble() * multi);
        assertTrue(split <= multi - shownWhole, split + " split, but association showed " + shownWhole + " of " + multi
                + " whole");
        assertTrue(r.get("baseline_split_rate").asDouble() >= 0.9, r.toString());
        assertTrue(r.get("moves").asLong() > 0, "sessions formed from hashed subflows: some must move");
        assertEquals(7663, r.get("packets").asLong(), "every TCP frame of the capture is steered");
    }

    @Test
    void oneInstanceSplitsNothingAndCarriesAllTheLoad() throws Exception {
        JsonNode r = steer(SAMPLE, SAMPLE_TRUTH, "--instances", "1");
        assertEquals(0.0, r.get("split_rate").asDouble());
        assertEquals(0.0, r.get("baseline_split_rate").asDouble());
        assertEquals(0.0, r.get("misrouted_packet_share").asDouble());
        assertEquals(1.0, r.get("max_load_ratio").asDouble());
        assertEquals(0, r.get("moves").asLong());
    }

    @Test
    void badSettingsAreUsageErrors() {
        CliRun none = CliRun.of("steer", SAMPLE.toString(), "--truth", SAMPLE_TRUTH.toString(), "--instances", "0");
        assertEquals(ErrorReport.USAGE, none.exit());
        assertTrue(none.err().startsWith("sampo steer: --instances must be ≥ 1"), none.err());
        CliRun sflow = CliRun.of("steer", SAMPLE.toString(), "--truth", SAMPLE_TRUTH.toString(), "--input", "sflow");
        assertEquals(ErrorReport.USAGE, sflow.exit());
        assertTrue(sflow.err().contains("--input pcap only"), sflow.err());
        CliRun noTruth = CliRun.of("steer", SAMPLE.toString(), "--truth", "/nonexistent.json");
        assertEquals(ErrorReport.USAGE, noTruth.exit());
        assertTrue(noTruth.err().contains("/nonexistent.json: no such file or directory"), noTruth.err());
    }

    /** The acceptance run of the steering issue, on the paper's setting. */
    @Test
    void paper40AtOneInHundredOverFourInstances() throws Exception {
        String shared = System.getProperty("sampo.shared");
        Path dir = shared == null ? null : Path.of(shared, "datasets", "paper40");
        assumeTrue(dir != null && Files.exists(dir.resolve("full.pcap.gz")), "no ../shared datasets");
        JsonNode r = steer(dir.resolve("full.pcap.gz"), dir.resolve("truth.json"), "--instances", "4", "--sample",
                "count:100");
        assertTrue(r.get("split_rate").asDouble() <= 0.01, r.toString());
        assertTrue(r.get("baseline_split_rate").asDouble() >= 0.9, r.toString());
        assertTrue(r.get("max_load_ratio").asDouble() <= 1.25, r.toString());
        assertTrue(r.get("misrouted_packet_share").asDouble() < r.get("baseline_misrouted_packet_share").asDouble(),
                r.toString());
    }

    private static JsonNode steer(Path capture, Path truth, String... flags) throws Exception {
        String[] args = new String[flags.length + 4];
        args[0] = "steer";
        args[1] = capture.toString();
        args[2] = "--truth";
        args[3] = truth.toString();
        System.arraycopy(flags, 0, args, 4, flags.length);
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exit(), run.err());
        String[] lines = run.out().strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    /** The groups {@code analyze} finds at the same sampling, as sets of subflow ids. */
    private static List<Set<SubflowId>> groups(Path capture) throws Exception {
        CliRun run = CliRun.of("analyze", capture.toString(), "--sample", "count:10", "--format", "jsonl");
        assertEquals(0, run.exit(), run.err());
        return run.out().lines().map(line -> {
            try {
                Set<SubflowId> g = new HashSet<>();
                for (JsonNode m : JSON.readTree(line).get("subflows")) {
                    g.add(SubflowId.parse(m.get("a").asText() + "-" + m.get("b").asText()));
                }
                return g;
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).toList();
    }

    private static java.util.function.Predicate<List<SubflowId>> wholeIn(List<Set<SubflowId>> groups) {
        return session -> groups.stream().anyMatch(g -> g.containsAll(session));
    }
}
