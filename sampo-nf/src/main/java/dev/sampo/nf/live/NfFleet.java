package dev.sampo.nf.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The NF instances of a run, each an OS process ({@link NfProcess}) on this JVM's class path,
 * its output in {@code DIR/INSTANCE.log}. A process that exits is reported to the listener.
 */
public final class NfFleet implements AutoCloseable {
    private final Map<String, Process> processes = new LinkedHashMap<>();

    private NfFleet() {
    }

    /**
     * @param capacities each instance's capacity in packets/s, by name
     * @param settings the {@link LiveConfig} keys every instance gets
     * @param exited told the name of an instance whose process ended
     */
    public static NfFleet start(Map<String, Double> capacities, Map<String, String> settings, Path logs,
            Consumer<String> exited) throws IOException {
        Files.createDirectories(logs);
        NfFleet fleet = new NfFleet();
        try {
            for (Map.Entry<String, Double> e : capacities.entrySet()) {
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                        System.getProperty("java.class.path"), NfProcess.class.getName(), e.getKey(),
                        Double.toString(e.getValue())));
                settings.forEach((k, v) -> command.add(k + "=" + v));
                Path log = logs.resolve(e.getKey() + ".log");
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                fleet.processes.put(e.getKey(), p);
                p.onExit().thenRun(() -> exited.accept(e.getKey()));
            }
            return fleet;
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /** Kills an instance's process at once, as a crash would. */
    public void kill(String instance) {
        processes.get(instance).destroyForcibly();
    }

    /** Waits a little for the instances to exit after FINISH, then kills what is left. */
    @Override
    public void close() {
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
