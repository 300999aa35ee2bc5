package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nf-run} end to end, as a user runs it: the real embedded broker, the association job on a
 * MiniCluster, two NF instances as separate processes (started on this JVM's class path), the
 * bundled capture replayed at a tenth of its pace with nf-0 throttled into overload. The job's
 * plans move whole sessions and SHarP runs between the processes; the verdict against a
 * single-instance run over the same packets has no broken promise.
 */
class NfRunCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LAB = Path.of("../samples/lab-small.pcap.gz");

    @TempDir
    Path home;

    @Test
    void sharpBetweenTwoProcessesMatchesASingleInstanceRun() throws Exception {
        CliRun run = CliRun.of("nf-run", "--protocol", "sharp", "--capture", LAB.toString(), "--home",
                home.toString(), "--speed", "0.1");
        String[] lines = run.out().strip().split("\n");
        JsonNode verdict = JSON.readTree(lines[lines.length - 1]);
        assertEquals(0, run.exit(), run.out() + run.err());
        assertEquals(mptcpPackets(), verdict.get("packets").asLong(), "every packet of the capture was forwarded");
        assertEquals(0, verdict.get("broken_promises").asLong(), verdict.toString());
        verdict.get("violations").forEach(n -> assertEquals(0, n.asLong(), verdict.toString()));
        assertTrue(verdict.get("handovers_completed").asLong() >= 1, "no session moved between the processes: "
                + run.err());
        assertTrue(verdict.get("migrations").path("moved").asLong() >= 1, "the job planned no move: " + run.err());
        assertTrue(run.err().contains("nf-0 throttled to 120 packets/s"), run.err());
        assertTrue(run.out().contains("handovers " + verdict.get("handovers_completed").asLong() + " completed"),
                run.out());
    }

    /**
     * The destination's process killed as the first handover starts: the handover is aborted, an
     * {@code aborted} step on {@code sampo.migrations} says why and where the session is whole, and
     * no session is on two instances without saying so: none ends held by two, and those the dead
     * one held are named (their state is lost with it, and counted).
     */
    @Test
    void aDestinationKilledMidMigrationIsReportedAndLeavesNoSessionHalfOnEach() throws Exception {
        CliRun run = CliRun.of("nf-run", "--protocol", "sharp", "--capture", LAB.toString(), "--home",
                home.toString(), "--limit", "4000", "--kill-destination");
        String[] lines = run.out().strip().split("\n");
        JsonNode verdict = JSON.readTree(lines[lines.length - 1]);
        assertTrue(verdict.get("handovers_aborted").asLong() >= 1, run.out() + run.err());
        String abort = verdict.get("aborts").get(0).asText();
        assertTrue(abort.matches("destination-died: nf-\\d exited mid-migration \\(sharp, before the switch\\);"
                + " the session is whole on nf-\\d, nothing lost"), abort);
        assertTrue(run.err().contains("nf-run: migration aborted: session") && run.err().contains("(destination-died: "),
                "the abort is on sampo.migrations: " + run.err());
        assertEquals(0, verdict.get("violations").get("split").asLong(), verdict.toString());
        long orphaned = verdict.get("orphaned_sessions").asLong();
        assertEquals(orphaned > 0, run.err().contains("which died holding it: it went on elsewhere without its state"),
                "every session the dead instance held is named: " + run.err());
        assertEquals(4000, verdict.get("packets").asLong());
    }

    private static long mptcpPackets() throws Exception {
        long n = 0;
        try (CapturePacketSource source = new CapturePacketSource(LAB, Sampler.parse("none"), true)) {
            while (source.next() != null) {
                n++;
            }
        }
        return n;
    }
}
