package dev.sampo.migration.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.migration.plan.MigrationProtocol;
import org.junit.jupiter.api.Test;

/** The papers' qualitative results, reproduced in the simulator (the README's figures come from the same runs). */
class PaperResultsTest {
    private static final double[] TRANSFER_MS = {10, 50, 100, 200};

    private static SimReport run(MigrationProtocol protocol, int sessions, double rate, double transferMs) {
        return MigrationSimulator.run(SimSettings.defaults(protocol).withLoad(sessions, rate, transferMs));
    }

    /** SHarP: the controller holds packets for a few control round trips, the destination for the transfer. */
    @Test
    void sharpControllerBufferIsConstantInTransferTimeWhileTheDestinationsGrows() {
        SimReport[] reports = new SimReport[TRANSFER_MS.length];
        for (int i = 0; i < TRANSFER_MS.length; i++) {
            reports[i] = run(MigrationProtocol.SHARP, 1, 1000, TRANSFER_MS[i]);
            assertEquals(0, reports[i].brokenPromises(), reports[i]::toString);
        }
        for (int i = 1; i < reports.length; i++) {
            assertEquals(reports[0].maxControllerBuffer(), reports[i].maxControllerBuffer(), "controller buffer");
            assertTrue(reports[i].maxNfBuffer() > reports[i - 1].maxNfBuffer(), "destination buffer grows");
        }
        double slope = (reports[3].maxNfBuffer() - reports[0].maxNfBuffer()) / (TRANSFER_MS[3] - TRANSFER_MS[0]);
        assertEquals(1.0, slope, 0.25, "about rate × transfer time: 1000 pps is one packet per ms");
        SimReport openNf = run(MigrationProtocol.CONTROLLER_BUFFER, 1, 1000, 200);
        assertTrue(openNf.maxControllerBuffer() > 5 * reports[3].maxControllerBuffer(),
                "OpenNF's controller holds the transfer's worth instead: " + openNf);
    }

    /** Reprocessing: the source keeps producing output, so packets wait only for the last few copies. */
    @Test
    void reprocessingAddsLessLatencyThanBuffering() {
        for (double transfer : TRANSFER_MS) {
            SimReport reprocess = run(MigrationProtocol.REPROCESS, 20, 400, transfer);
            SimReport controller = run(MigrationProtocol.CONTROLLER_BUFFER, 20, 400, transfer);
            SimReport sharp = run(MigrationProtocol.SHARP, 20, 400, transfer);
            assertEquals(0, reprocess.brokenPromises() + controller.brokenPromises() + sharp.brokenPromises());
            assertTrue(controller.p99AddedLatencyMs() >= transfer, "buffered packets wait for the transfer: " + controller);
            assertTrue(reprocess.p99AddedLatencyMs() < controller.p99AddedLatencyMs() / 2,
                    "reprocessing " + reprocess.p99AddedLatencyMs() + " ms vs " + controller.p99AddedLatencyMs());
            assertTrue(reprocess.p99AddedLatencyMs() < sharp.p99AddedLatencyMs() / 2);
            assertTrue(reprocess.p99AddedLatencyMs() < 10, "independent of the transfer: " + reprocess);
        }
    }
}
