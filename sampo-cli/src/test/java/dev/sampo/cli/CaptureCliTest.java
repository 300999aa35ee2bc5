package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CaptureCliTest {
    @Test
    void helpNamesEveryOption() {
        CliRun r = CliRun.of("capture", "--help");
        assertEquals(0, r.exit());
        for (String option : new String[] {"--iface", "--netns", "--bpf", "--snaplen", "--sample", "--decap", "--buffer",
            "--kafka", "--topic", "--sink", "--duration", "--all-tcp", "--stats-every"}) {
            assertTrue(r.out().contains(option), option + " missing from:\n" + r.out());
        }
    }

    @Test
    void badDecapsulationAndSamplingSpecsAreExplained() {
        CliRun decap = CliRun.of("capture", "--iface", "lo", "--decap", "mpls");
        assertEquals(1, decap.exit());
        assertTrue(decap.err().contains("use auto, none, erspan, vxlan, gre or p4:SHIM.properties"), decap.err());
        CliRun sample = CliRun.of("capture", "--iface", "lo", "--sample", "every:3");
        assertEquals(2, sample.exit(), "a usage error, found when the command line is parsed");
        assertTrue(sample.err().contains("count:N"), sample.err());
    }

    /** Root only: a namespace with a TCP transfer on its loopback, captured for a few seconds as JSON lines. */
    @Test
    void capturesInANetworkNamespaceForADuration() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        String ns = "sampo-cli-" + ProcessHandle.current().pid();
        assumeTrue(sh("ip netns add " + ns + " && ip -n " + ns + " link set lo up") == 0, "needs `ip netns`");
        try {
            Process traffic = new ProcessBuilder("ip", "netns", "exec", ns, "python3", "-c",
                    "import socket,threading,time\n"
                    + "time.sleep(2)\n"
                    + "s=socket.socket(); s.bind(('127.0.0.1',5000)); s.listen()\n"
                    + "def srv():\n"
                    + "    c,_=s.accept()\n"
                    + "    while c.recv(65536): pass\n"
                    + "threading.Thread(target=srv,daemon=True).start()\n"
                    + "c=socket.create_connection(('127.0.0.1',5000)); c.sendall(b'x'*50000); c.close()\n"
                    + "time.sleep(0.5)\n").start();
            int metricsPort;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                metricsPort = probe.getLocalPort();
            }
            CompletableFuture<CliRun> capture = CompletableFuture.supplyAsync(() -> CliRun.of("capture",
                    "--netns", ns, "--iface", "lo", "--all-tcp", "--sink", "jsonl", "--duration", "6",
                    "--stats-every", "200ms", "--metrics", "127.0.0.1:" + metricsPort));
            String url = "http://127.0.0.1:" + metricsPort + "/metrics";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            double scraped = 0;
            while (scraped == 0 && System.nanoTime() < deadline) { // polling until the transfer is counted
                TimeUnit.MILLISECONDS.sleep(100);
                scraped = MetricsCliTest.value(MetricsCliTest.scrape(url, deadline), "sampo_capture_records_total")
                        .orElse(0);
            }
            CliRun r = capture.get(30, TimeUnit.SECONDS);
            traffic.waitFor(10, TimeUnit.SECONDS);
            assertEquals(0, r.exit(), r.err());
            Matcher stopped = Pattern.compile("stopped; (\\d+) records").matcher(r.err());
            assertTrue(stopped.find(), r.err());
            assertTrue(scraped > 0 && scraped <= Long.parseLong(stopped.group(1)), scraped + " scraped; " + r.err());
            assertTrue(r.err().contains("sampo capture: listening on lo"), r.err());
            assertTrue(r.err().contains("kernel-dropped 0"), r.err());
            long lines = r.out().lines().filter(l -> l.contains("\"obs\":\"if=lo\"") && l.contains("\"dport\":5000"))
                    .count();
            assertTrue(lines >= 3, r.out());
        } finally {
            sh("ip netns del " + ns);
        }
    }

    private static int sh(String command) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start().waitFor();
    }
}
