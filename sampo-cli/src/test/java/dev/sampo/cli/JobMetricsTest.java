package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The first stage's task, as the REST API names it at parallelism 1 (chained to the source) and above. */
class JobMetricsTest {
    @Test
    void findsTheFirstStageAloneOrChainedAfterTheSource() {
        assertTrue(JobMetrics.runsFirstStage("subflow evidence"));
        assertTrue(JobMetrics.runsFirstStage("Source: sampo.packets at localhost:9092 -> subflow evidence"
                + " -> sampo.packets.dlq: Writer -> sampo.packets.dlq: Committer"));
        assertFalse(JobMetrics.runsFirstStage("Source: sampo.packets at localhost:9092"));
        assertFalse(JobMetrics.runsFirstStage("DSN bucket pair decisions"));
    }
}
