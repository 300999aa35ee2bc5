package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.OfflineRun;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.sflow.SflowReplay;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * sFlow end to end through the streaming path: pmacct's export of paper40 (1 in 50) resent to the
 * collector of a stack started as {@code sampo up} starts it, published to {@code sampo.packets},
 * associated by the Flink job; the {@code sampo.subflows} table must group the subflows exactly as
 * {@code sampo analyze --input sflow} does over the same file.
 */
@Timeout(300)
class SflowStreamEndToEndTest {
    private static final Path EXPORT = Path.of(System.getProperty("sampo.shared", "../shared"),
            "datasets/paper40/sflow-1in50.pcap");
    /**
     * The collector timestamps every sample when its datagram arrives, the offline reader with the
     * datagram's capture time. Only at the captured pace do both see the same gaps between samples
     * (so the same periods, horizon and idle timeouts); the export spans 6.3 s, so that is cheap.
     * Unpaced, this export happened to group the same too (all of it lands in one or two periods,
     * far inside the 120 s idle timeout), but that is not the faithful comparison.
     */
    private static final double SPEED = 1;

    @TempDir
    Path home;

    @Test
    void subflowsTableGroupsAsTheOfflineSflowRun() throws Exception {
        assertTrue(Files.exists(EXPORT), "sFlow export missing: " + EXPORT);
        Set<Set<SubflowId>> offline;
        try (PacketSource samples = InputKind.sflow.open(EXPORT, Sampler.parse("none"), true)) {
            offline = OfflineRun.run(samples, new AssociationEngine(AssociationConfig.DEFAULTS), r -> { }).result()
                    .groups();
        }
        assertTrue(offline.stream().anyMatch(g -> g.size() > 1), "the offline run groups nothing: " + offline);

        // A short quiet time closes the last period soon after the replay ends, as demo does.
        Stack.Settings settings = new Stack.Settings(null, 0, 1, 0, new InetSocketAddress("127.0.0.1", 0), home,
                Map.of("sampo.watermark.quiet", "1s"));
        try (Stack stack = Stack.start(settings, new PrintWriter(System.err, true))) {
            SflowReplay.Result sent = SflowReplay.replay(EXPORT, stack.sflowAddress(), SPEED);
            assertEquals(1148, sent.datagrams());
            assertEquals(0, sent.truncatedSkipped());
            assertEquals(offline, SubflowsTable.settle(stack.bootstrap(), offline));
        }
    }
}
