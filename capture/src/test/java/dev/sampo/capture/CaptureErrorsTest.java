package dev.sampo.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sampo.capture.decap.Decapsulation;
import dev.sampo.sampling.Sampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a user is told when a capture cannot start: what is missing and how to fix it. */
class CaptureErrorsTest {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private static CaptureConfig config(String iface, String netns, String filter) {
        return new CaptureConfig(iface, netns, filter, CaptureConfig.DEFAULT_SNAPLEN, 1 << 20,
                Decapsulation.of(Decapsulation.Mode.NONE), true, false, 0);
    }

    private static String startFailure(CaptureConfig config) {
        CaptureAgent agent = new CaptureAgent(config, Sampler.parse("none"), r -> { }, r -> { });
        return assertThrows(CaptureException.class, agent::start).getMessage();
    }

    /** Starts a capture of lo in a fresh JVM, with extra JVM options and a command prefix; its output. */
    private static Child child(List<String> prefix, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Child(p.waitFor(), out);
    }

    private record Child(int exit, String output) {
    }

    /** The child: capture on lo, print why it could not start. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            try {
                CaptureAgent agent = new CaptureAgent(config("lo", null, null), Sampler.parse("none"), r -> { },
                        r -> { });
                agent.start();
                agent.stop();
                agent.await();
                System.out.println("opened");
            } catch (CaptureException e) {
                System.out.println(e.getMessage());
                System.exit(2);
            }
        }
    }

    @Test
    void missingLibpcapSaysWhatToInstall() throws Exception {
        Child c = child(List.of(), "-Dorg.pcap4j.core.pcapLibName=libpcap-that-is-not-installed");
        assertEquals(2, c.exit(), c.output());
        assertTrue(c.output().contains("libpcap is not installed or cannot be loaded"), c.output());
        assertTrue(c.output().contains("apt-get install libpcap0.8"), c.output());
    }

    @Test
    void missingCaptureRightsSaySudoOrSetcap() throws Exception {
        List<String> prefix = List.of();
        if (ROOT) {
            // Root without CAP_NET_RAW/CAP_NET_ADMIN in its bounding set cannot open a packet socket.
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv to drop capabilities");
            prefix = List.of("/usr/bin/setpriv", "--bounding-set", "-net_raw,-net_admin", "--inh-caps", "-all");
        }
        Child c = child(prefix);
        assertEquals(2, c.exit(), c.output());
        assertTrue(c.output().contains("no permission to capture on lo"), c.output());
        assertTrue(c.output().contains("Run as root") && c.output().contains("setcap cap_net_raw"), c.output());
    }

    @Test
    void unknownInterface() {
        assumeTrue(ROOT, "libpcap reports a missing interface only once it may open sockets");
        assertTrue(startFailure(config("sampo-nosuch0", null, null)).startsWith("no interface sampo-nosuch0"));
    }

    @Test
    void unknownNetworkNamespace() {
        assertTrue(startFailure(config("lo", "sampo-no-such-netns", null))
                .contains("no network namespace 'sampo-no-such-netns'"));
    }

    @Test
    void badFilter() {
        assumeTrue(ROOT, "opening lo needs root");
        assertTrue(startFailure(config("lo", null, "tcp and and")).startsWith("BPF filter 'tcp and and' rejected"));
    }
}
