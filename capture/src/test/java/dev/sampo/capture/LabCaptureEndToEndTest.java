package dev.sampo.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.OfflineRun;
import dev.sampo.capture.decap.Decapsulation;
import dev.sampo.eval.Evaluation;
import dev.sampo.eval.Truth;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.sampling.Sampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture agent on real kernel MPTCP traffic: the project's lab builds network namespaces with
 * MPTCP clients behind a router whose ports are mirrored to a collector namespace; the agent runs
 * in this JVM and captures inside the collector namespace (its capture thread enters it with
 * setns(2), see {@link NetworkNamespace}); association over the captured records must group the
 * subflows exactly as the kernel's own events say (the lab's truth.json).
 *
 * <p>Needs root, {@code ip netns}, an MPTCP kernel and the lab's tools; skipped otherwise.
 */
class LabCaptureEndToEndTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void labCanRun() throws Exception {
        MptcpLab.assumeRunnable();
    }

    @Test
    void localMirrorGroupsSubflowsAsTheKernelSays() throws Exception {
        Result r = captureLab("sce-l", "local", Decapsulation.of(Decapsulation.Mode.NONE));
        assertTrue(r.records.stream().allMatch(p -> p.observationPoint().equals("if=mirror0")));
        assertExactGrouping(r);
    }

    @Test
    void vxlanMirrorDecapsulatedGroupsSubflowsAsTheKernelSays() throws Exception {
        Result r = captureLab("sce-v", "vxlan", Decapsulation.of(Decapsulation.Mode.VXLAN));
        assertTrue(r.records.stream().allMatch(p -> p.observationPoint()
                .equals("if=ul0 encap=vxlan vni=4242 from=172.31.255.1")), r.records.get(0).observationPoint());
        assertExactGrouping(r);
    }

    private record Result(List<PacketRecord> records, CaptureReport report, Truth truth) {
    }

    private Result captureLab(String prefix, String mirror, Decapsulation decap) throws Exception {
        List<PacketRecord> records = new ArrayList<>();
        try (MptcpLab lab = MptcpLab.start(dir, prefix, mirror, 2)) {
            CaptureConfig config = new CaptureConfig(lab.iface(), lab.netns(), null, CaptureConfig.DEFAULT_SNAPLEN,
                    CaptureConfig.DEFAULT_BUFFER, decap, true, false, 0);
            CaptureAgent agent = new CaptureAgent(config, Sampler.parse("none"), records::add, report -> { });
            agent.start();
            try {
                lab.awaitTrafficDone();
            } finally {
                agent.stop();
            }
            CaptureReport report = agent.await();
            assertEquals(0, report.pcap().dropped(), report.line());
            assertEquals(0, report.pcap().interfaceDropped(), report.line());
            assertTrue(report.records() > 1000, report.line());
            return new Result(records, report, lab.truth());
        }
    }

    private static void assertExactGrouping(Result r) throws IOException {
        AssociationEngine engine = new AssociationEngine(AssociationConfig.DEFAULTS);
        Evaluation evaluation = new Evaluation(r.truth);
        OfflineRun.Outcome outcome = OfflineRun.run(PacketSource.of(r.records.iterator()), engine, evaluation::observe);
        Evaluation.Report e = evaluation.report(outcome.result(), outcome.firstSampled(), r.report.frames(),
                r.report.sampled(), 0);
        int subflows = r.truth.sessions().stream().mapToInt(List::size).sum();
        System.out.printf("%s%n  truth: %d sessions, %d subflows; pairs %d, same-session %d: tp %d fp %d fn %d%n",
                r.report.line(), r.truth.sessions().size(), subflows, e.pairs(), e.positivePairs(), e.tp(), e.fp(),
                e.fn());
        assertEquals(3, r.truth.sessions().size());
        assertTrue(subflows >= 12, "subflows: " + subflows);
        assertEquals(0, e.fp(), e.toString());
        assertEquals(0, e.fn(), e.toString());
        assertEquals(e.positivePairs(), e.tp(), e.toString());
    }
}
