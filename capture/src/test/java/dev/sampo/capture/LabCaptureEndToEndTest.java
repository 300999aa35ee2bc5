package dev.sampo.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.OfflineRun;
import dev.sampo.capture.decap.Decapsulation;
import dev.sampo.eval.Evaluation;
import dev.sampo.eval.Truth;
import dev.sampo.packet.DecodeStats;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.sampling.Sampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    private static final Path LAB = Path.of(System.getProperty("sampo.root", ".."), "lab", "mptcp_lab.py")
            .toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @BeforeAll
    static void labCanRun() throws Exception {
        assumeTrue(run("id", "-u").strip().equals("0"), "needs root");
        assumeTrue(!run("ip", "netns", "list").startsWith("!"), "needs `ip netns`");
        for (String tool : new String[] {"python3", "tc", "ethtool", "tcpdump", "tshark"}) {
            assumeTrue(!run("sh", "-c", "command -v " + tool).isBlank(), "needs " + tool);
        }
        Path mptcp = Path.of("/proc/sys/net/mptcp/enabled");
        assumeTrue(Files.exists(mptcp) && Files.readString(mptcp).strip().equals("1"), "needs net.mptcp.enabled=1");
        assumeTrue(Files.exists(LAB), "needs the lab at " + LAB);
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
        Path out = dir.resolve("lab");
        Path ready = dir.resolve("ready.json");
        Path log = dir.resolve("lab.log");
        run("python3", LAB.toString(), "--clean", "--prefix", prefix); // what a killed earlier run left
        Process lab = new ProcessBuilder("python3", LAB.toString(), "--out", out.toString(), "--prefix", prefix,
                "--mirror", mirror, "--mptcp-clients", "3", "--tcp-clients", "1", "--paths", "2",
                "--bytes", "300000", "--spread", "1", "--rates", "8mbit,4mbit", "--seed", "11",
                "--no-tcpdump", "--no-verify", "--hold", "--start-delay", "2", "--ready-file", ready.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<PacketRecord> records = new ArrayList<>();
        try {
            await(() -> Files.exists(ready), lab, log, 90);
            JsonNode collector = new ObjectMapper().readTree(ready.toFile());
            CaptureConfig config = new CaptureConfig(collector.get("iface").asText(), collector.get("netns").asText(),
                    null, CaptureConfig.DEFAULT_SNAPLEN, CaptureConfig.DEFAULT_BUFFER, decap, true, 0);
            CaptureAgent agent = new CaptureAgent(config, Sampler.parse("none"), records::add, report -> { });
            agent.start();
            try {
                await(() -> Files.readString(log).contains("holding the namespaces"), lab, log, 150);
            } finally {
                agent.stop();
            }
            CaptureReport report = agent.await();
            assertEquals(0, report.pcap().dropped(), report.line());
            assertEquals(0, report.pcap().interfaceDropped(), report.line());
            assertTrue(report.records() > 1000, report.line());
            return new Result(records, report, Truth.read(out.resolve("truth.json")));
        } finally {
            lab.destroy(); // SIGTERM: the lab tears its namespaces down
            if (!lab.waitFor(60, TimeUnit.SECONDS)) {
                lab.destroyForcibly();
                run("python3", LAB.toString(), "--clean", "--prefix", prefix);
            }
        }
    }

    private static void assertExactGrouping(Result r) throws IOException {
        AssociationEngine engine = new AssociationEngine(AssociationConfig.DEFAULTS);
        Evaluation evaluation = new Evaluation(r.truth);
        OfflineRun.Outcome outcome = OfflineRun.run(new ListSource(r.records), engine, evaluation::observe);
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

    private interface Check {
        boolean done() throws IOException;
    }

    /** Polls until done, failing early when the lab exits. */
    private static void await(Check check, Process lab, Path log, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (check.done()) {
                return;
            }
            if (!lab.isAlive()) {
                throw new AssertionError("the lab exited with " + lab.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out; lab log:\n" + Files.readString(log));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes());
            return p.waitFor() == 0 ? text : "!" + text;
        } catch (IOException e) {
            return "!" + e.getMessage();
        }
    }

    /** Captured records, in capture order, as a packet source for {@link OfflineRun}. */
    private static final class ListSource implements PacketSource {
        private final Iterator<PacketRecord> it;
        private final long size;

        ListSource(List<PacketRecord> records) {
            this.it = records.iterator();
            this.size = records.size();
        }

        @Override
        public PacketRecord next() {
            return it.hasNext() ? it.next() : null;
        }

        @Override
        public long frames() {
            return size;
        }

        @Override
        public long sampledFrames() {
            return size;
        }

        @Override
        public DecodeStats decodeStats() {
            return new DecodeStats();
        }

        @Override
        public String warnings() {
            return "";
        }

        @Override
        public void close() {
        }
    }
}
