package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.capture.MptcpLab;
import dev.sampo.flow.SubflowId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture end to end through the streaming path: {@code sampo capture --kafka} runs as its own
 * process in the lab's collector namespace and publishes into the {@code sampo.packets} of a stack
 * started as {@code sampo up} starts it; the Flink job's {@code sampo.subflows} table must group
 * the subflows exactly as the kernel's own events say (the lab's truth.json), for a local port
 * mirror and for a VXLAN remote mirror decapsulated on the collector's underlay.
 *
 * <p>The command runs as its own JVM on this test's class path, so that it is stopped as an
 * operator stops it (SIGTERM, like Ctrl-C) and its flush on the way out is part of what is tested.
 *
 * <p>Needs root, {@code ip netns}, an MPTCP kernel and the lab's tools; skipped otherwise.
 */
@Timeout(600)
class LabCaptureStreamEndToEndTest {
    /** Time for the capture process to start (a JVM, a Kafka producer, libpcap) before the traffic does. */
    private static final int START_DELAY_SECONDS = 20;
    private static final Pattern STOPPED = Pattern.compile("sampo capture: stopped; (\\d+) records to the kafka sink");
    private static final Pattern COUNTERS = Pattern.compile("kernel-dropped (\\d+) if-dropped (\\d+) \\| frames (\\d+) ");

    @TempDir
    Path dir;

    @BeforeAll
    static void labCanRun() throws Exception {
        MptcpLab.assumeRunnable();
    }

    @Test
    void localMirrorGroupsSubflowsAsTheKernelSays() throws Exception {
        captureThroughKafka("ssk-l", "local", "none");
    }

    @Test
    void vxlanMirrorDecapsulatedGroupsSubflowsAsTheKernelSays() throws Exception {
        captureThroughKafka("ssk-v", "vxlan", "vxlan");
    }

    private void captureThroughKafka(String prefix, String mirror, String decap) throws Exception {
        // A short quiet time closes the last period soon after the capture stops, as demo does.
        Stack.Settings settings = new Stack.Settings(null, 0, 1, 0, null, dir.resolve("home"),
                Map.of("sampo.watermark.quiet", "1s"));
        try (Stack stack = Stack.start(settings, new PrintWriter(System.err, true));
             MptcpLab lab = MptcpLab.start(dir, prefix, mirror, START_DELAY_SECONDS)) {
            Path said = dir.resolve("capture.log");
            Process capture = new ProcessBuilder(java(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "capture", "--iface", lab.iface(), "--netns", lab.netns(),
                    "--decap", decap, "--kafka", stack.bootstrap(), "--stats-every", "1")
                    .redirectErrorStream(true).redirectOutput(said.toFile()).start();
            try {
                lab.await(() -> running(capture, said).contains("sampo capture: listening on"), 60);
                assertFalse(lab.log().matches("(?s).*starting \\d+ connections.*"),
                        "the traffic started before the capture did; raise START_DELAY_SECONDS");
                lab.awaitTrafficDone();
                // Stopping drops what libpcap holds but the command has not read yet, and on this
                // busy machine it can trail the traffic by seconds: stop once it has read everything.
                lab.await(() -> Counters.of(running(capture, said)).idle(), 60);
            } finally {
                capture.destroy(); // SIGTERM, as Ctrl-C: the command flushes its sink before it exits
                assertTrue(capture.waitFor(60, TimeUnit.SECONDS), "capture did not stop");
                System.out.print(Files.readString(said));
            }
            String output = Files.readString(said);
            Matcher stopped = STOPPED.matcher(output);
            assertTrue(stopped.find(), output);
            assertTrue(Long.parseLong(stopped.group(1)) > 1000, output);
            Counters counters = Counters.of(output);
            assertEquals(0, counters.kernelDropped(), output);
            assertEquals(0, counters.ifDropped(), output);

            Set<Set<SubflowId>> truth = lab.truth().sessions().stream().map(Set::copyOf).collect(Collectors.toSet());
            assertEquals(3, truth.size(), truth.toString());
            assertTrue(truth.stream().mapToInt(Set::size).sum() >= 12, truth.toString());
            assertEquals(truth, SubflowsTable.settle(stack.bootstrap(), truth));
        }
    }

    /** The counters of the command's last reports, one a second. */
    private record Counters(long kernelDropped, long ifDropped, List<Long> frames) {
        static Counters of(String output) {
            Matcher m = COUNTERS.matcher(output);
            long kernelDropped = 0;
            long ifDropped = 0;
            List<Long> frames = new ArrayList<>();
            while (m.find()) {
                kernelDropped = Long.parseLong(m.group(1));
                ifDropped = Long.parseLong(m.group(2));
                frames.add(Long.parseLong(m.group(3)));
            }
            return new Counters(kernelDropped, ifDropped, frames);
        }

        /**
         * The command read no frame in its last three reports. (libpcap's received count is no
         * guide: it also counts what arrived before the filter was set, which is never read.)
         */
        boolean idle() {
            int n = frames.size();
            return n >= 3 && frames.get(n - 1) > 0 && frames.get(n - 1).equals(frames.get(n - 3));
        }
    }

    /** What the capture command has printed so far; fails at once if it has exited. */
    private static String running(Process capture, Path said) throws IOException {
        if (!capture.isAlive()) {
            throw new AssertionError("capture exited with " + capture.exitValue() + ":\n" + Files.readString(said));
        }
        return Files.readString(said);
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
