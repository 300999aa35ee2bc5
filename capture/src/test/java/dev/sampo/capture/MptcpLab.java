package dev.sampo.capture;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.eval.Truth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of the project's lab ({@code lab/mptcp_lab.py}) for an end-to-end test: MPTCP clients
 * behind a router whose ports are mirrored to a collector namespace, where the test captures.
 * Shared by the in-process capture test and the streaming one in sampo-cli (capture's test-jar).
 *
 * <p>The lab holds its namespaces after the traffic until {@link #close()}, so the capture can
 * be stopped after the last frame and the truth read before anything is torn down.
 */
public final class MptcpLab implements AutoCloseable {
    private static final Path SCRIPT = Path.of(System.getProperty("sampo.root", ".."), "lab", "mptcp_lab.py")
            .toAbsolutePath().normalize();

    private final Process process;
    private final String prefix;
    private final Path out;
    private final Path log;
    private String iface;
    private String netns;
    private JsonNode ready;

    private MptcpLab(Process process, String prefix, Path out, Path log) {
        this.process = process;
        this.prefix = prefix;
        this.out = out;
        this.log = log;
    }

    /** Skips the calling tests unless this machine can run the lab. */
    public static void assumeRunnable() throws Exception {
        assumeTrue(run("id", "-u").strip().equals("0"), "needs root");
        assumeTrue(!run("ip", "netns", "list").startsWith("!"), "needs `ip netns`");
        for (String tool : new String[] {"python3", "tc", "ethtool", "tcpdump", "tshark"}) {
            assumeTrue(!run("sh", "-c", "command -v " + tool).isBlank(), "needs " + tool);
        }
        Path mptcp = Path.of("/proc/sys/net/mptcp/enabled");
        assumeTrue(Files.exists(mptcp) && Files.readString(mptcp).strip().equals("1"), "needs net.mptcp.enabled=1");
        assumeTrue(Files.exists(SCRIPT), "needs the lab at " + SCRIPT);
    }

    /**
     * Starts 3 MPTCP clients and 1 TCP client over 2 paths and returns once the collector is up.
     *
     * @param mirror "local" or "vxlan"
     * @param startDelaySeconds how long the lab waits, once the collector is up, before traffic
     *     starts: the time the test has to start capturing
     */
    public static MptcpLab start(Path dir, String prefix, String mirror, int startDelaySeconds) throws Exception {
        return hold(dir, prefix, "--mirror", mirror, "--mptcp-clients", "3", "--tcp-clients", "1", "--paths", "2",
                "--bytes", "300000", "--spread", "1", "--rates", "8mbit,4mbit", "--seed", "11",
                "--no-tcpdump", "--no-verify", "--start-delay", Integer.toString(startDelaySeconds));
    }

    /** Skips the calling tests unless Open vSwitch's tools are installed too (for {@code --switch ovs}). */
    public static void assumeOpenVswitch() throws Exception {
        for (String tool : new String[] {"ovsdb-tool", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-ofctl"}) {
            assumeTrue(!run("sh", "-c", "command -v " + tool).isBlank(), "needs " + tool + " (openvswitch-switch)");
        }
    }

    /**
     * Starts the lab with {@code options} (beyond {@code --out}, {@code --prefix}, {@code --hold}
     * and {@code --ready-file}) and returns once its collector is up: the traffic starts after the
     * options' {@code --start-delay}.
     */
    public static MptcpLab hold(Path dir, String prefix, String... options) throws Exception {
        Path out = dir.resolve("lab");
        Path ready = dir.resolve("ready.json");
        Path log = dir.resolve("lab.log");
        run("python3", SCRIPT.toString(), "--clean", "--prefix", prefix); // what a killed earlier run left
        List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString(),
                "--out", out.toString(), "--prefix", prefix, "--hold", "--ready-file", ready.toString()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        MptcpLab lab = new MptcpLab(process, prefix, out, log);
        try {
            lab.await(() -> Files.exists(ready), 90);
            lab.ready = new ObjectMapper().readTree(ready.toFile());
            lab.iface = lab.ready.get("iface").asText();
            lab.netns = lab.ready.get("netns").asText();
            return lab;
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    /**
     * Runs the lab to completion with its own tcpdump on the mirror and returns its output directory
     * ({@code full.pcap}, {@code truth.json}, {@code logs/}).
     *
     * @param options the lab's options beyond {@code --out} and {@code --prefix}
     */
    public static Path record(Path dir, String prefix, String... options) throws Exception {
        Path out = dir.resolve("lab");
        Path log = dir.resolve("lab.log");
        run("python3", SCRIPT.toString(), "--clean", "--prefix", prefix);
        List<String> command = new ArrayList<>(List.of(
                "python3", SCRIPT.toString(), "--out", out.toString(), "--prefix", prefix));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(240, TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
            throw new AssertionError("the lab did not finish in 240 s:\n" + Files.readString(log));
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("the lab exited with " + process.exitValue() + ":\n" + Files.readString(log));
        }
        return out;
    }

    /** The interface to capture on, in {@link #netns()}. */
    public String iface() {
        return iface;
    }

    /** What the lab said about its collector once it was up (its {@code --ready-file}). */
    public JsonNode ready() {
        return ready;
    }

    /** The lab's output directory. */
    public Path out() {
        return out;
    }

    /** The collector's network namespace (an {@code ip netns} name). */
    public String netns() {
        return netns;
    }

    /** Waits until every connection has ended and the lab has written its truth. */
    public void awaitTrafficDone() throws Exception {
        await(() -> log().contains("holding the namespaces"), 150);
    }

    /** What the lab has printed so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** The kernel's own grouping of the subflows; complete once {@link #awaitTrafficDone()} returned. */
    public Truth truth() throws IOException {
        return Truth.read(out.resolve("truth.json"));
    }

    /** A condition {@link #await} polls. */
    public interface Check {
        boolean done() throws IOException;
    }

    /** Polls until done, failing early when the lab exits. */
    public void await(Check check, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (check.done()) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the lab exited with " + process.exitValue() + ":\n" + log());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out; lab log:\n" + log());
    }

    /** Stops the lab: SIGTERM makes it tear its namespaces down. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            run("python3", SCRIPT.toString(), "--clean", "--prefix", prefix);
        }
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
}
