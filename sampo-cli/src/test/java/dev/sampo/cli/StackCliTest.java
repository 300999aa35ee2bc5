package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command, {@code demo}, and {@code up} as an operator runs and stops it. */
class StackCliTest {
    private static final Path ROOT = Path.of(System.getProperty("sampo.root", "..")).toAbsolutePath().normalize();
    private static final Path LAB_SMALL = ROOT.resolve("samples/lab-small.pcap.gz");
    private static final Path TRUTH = ROOT.resolve("samples/lab-small.truth.json");

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void demoScoresTheStreamedTableAsEvalScoresTheOfflineRun() {
        CliRun offline = CliRun.of("eval", LAB_SMALL.toString(), "--truth", TRUTH.toString(), "--sample", "count:100");
        assertEquals(0, offline.exit(), offline.err());
        CliRun demo = CliRun.of("demo", "--capture", LAB_SMALL.toString(), "--truth", TRUTH.toString(),
                "--speed", "max", "--home", dir.resolve("demo").toString());
        assertEquals(0, demo.exit(), demo.err());
        assertTrue(demo.out().contains("sampo ready: kafka=localhost:"), demo.out());
        assertTrue(demo.out().lines().anyMatch(l -> l.startsWith("+ session ")), demo.out());
        Matcher streamed = Pattern.compile("tp=(\\d+) fp=(\\d+) fn=(\\d+)").matcher(demo.out());
        Matcher eval = Pattern.compile("tp=(\\d+) fp=(\\d+) tn=\\d+ fn=(\\d+)").matcher(offline.out());
        assertTrue(streamed.find() && eval.find(), demo.out() + offline.out());
        assertEquals(eval.group(1) + " " + eval.group(2) + " " + eval.group(3),
                streamed.group(1) + " " + streamed.group(2) + " " + streamed.group(3),
                "streamed tp fp fn must equal the offline run's");
        assertTrue(Integer.parseInt(streamed.group(1)) > 0, "nothing grouped: " + demo.out());
    }

    @Test
    @Timeout(120)
    void upSaysReadyOnceAndStopsCleanlyOnSigterm() throws Exception {
        Path home = dir.resolve("up");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The CLI's own logging, not a test configuration some test dependency brings along.
                "-Dlog4j2.configurationFile=log4j2.xml",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "up", "--kafka-port", "0",
                "--web-ui-port", "0", "--sflow", "127.0.0.1:0", "--dashboard", "off", "--home", home.toString()));
        Process up = new ProcessBuilder(command).redirectError(dir.resolve("up.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = out.readLine();
            assertTrue(ready != null && ready.matches("sampo ready: kafka=localhost:\\d+ flink-ui=http://\\S+ "
                    + "sflow=udp://127\\.0\\.0\\.1:\\d+ topics=\\S+ home=\\S+"), ready + "\n" + err());
            up.destroy(); // SIGTERM, as Ctrl-C's SIGINT runs the same shutdown hook
            assertTrue(up.waitFor(60, TimeUnit.SECONDS), "up did not stop within 60 s");
            assertEquals(143, up.exitValue());
            assertTrue(err().contains("sampo: stopping"), err());
            assertTrue(Files.size(home.resolve("sampo.log")) > 0, "no log in the home directory");
        } finally {
            up.destroyForcibly();
        }
    }

    private String err() throws Exception {
        return Files.readString(dir.resolve("up.err"));
    }
}
