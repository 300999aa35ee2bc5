package dev.sampo.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A standalone Flink session cluster on this machine, started as {@code bin/start-cluster.sh}
 * starts one: Flink's own entrypoints, each in a JVM of its own, on the class path of a
 * distribution's {@code lib/} ({@link #distributionClassPath()}, see this module's pom), with a
 * {@code config.yaml} in a configuration directory. The JobManager and every TaskManager get their
 * memory options from {@code BashJavaUtils}, as {@code jobmanager.sh} and {@code taskmanager.sh} do.
 */
public final class SessionCluster implements AutoCloseable {
    /** The class path resource this module's build writes: the jars a distribution's lib/ stands for. */
    private static final String LIB_CLASS_PATH = "flink-lib.classpath";
    private static final String JOB_MANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    /** The prefix {@code BashJavaUtils} marks its result lines with (config.sh reads the same). */
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    /**
     * The module openings a distribution's {@code config.yaml} passes every Flink JVM on Java 17
     * ({@code env.java.opts.all}): Kryo and Flink's serializers reflect into these packages.
     */
    private static final List<String> JAVA_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");
    private static final Duration STARTUP = Duration.ofSeconds(90);
    /** util-linux's setsid: run as it, the program keeps the process id Java started. */
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final Path dir;
    private final String classPath;
    private final FlinkRest rest;
    private final Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();
    /** {@code BashJavaUtils GET_TM_RESOURCE_PARAMS}: the same for every TaskManager of one configuration. */
    private List<String> taskManagerResources;

    private SessionCluster(Path dir, String classPath, FlinkRest rest, Process jobManager) {
        this.dir = dir;
        this.classPath = classPath;
        this.rest = rest;
        this.jobManager = jobManager;
    }

    /**
     * Writes the configuration into {@code dir/conf} and launches the JobManager and one TaskManager
     * side by side, without waiting for them ({@link #awaitReady}): each JVM takes seconds to start.
     * Logs go to {@code dir/log}, checkpoints to {@code dir/checkpoints}.
     *
     * @param restPort the port of the REST API and web UI; 0 for any free one
     */
    public static SessionCluster launch(Path dir, int slotsPerTaskManager, int restPort) throws IOException {
        String classPath = distributionClassPath();
        Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("log"));
        Files.createDirectories(dir.resolve("tmp"));
        try (InputStream log4j = SessionCluster.class.getResourceAsStream("flink-log4j.properties")) {
            Files.copy(log4j, dir.resolve("conf/log4j.properties"), StandardCopyOption.REPLACE_EXISTING);
        }
        int port = restPort == 0 ? freePort() : restPort;
        Files.writeString(dir.resolve("conf/config.yaml"), String.join("\n",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + freePortOtherThan(port),
                "jobmanager.bind-host: localhost",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.memory.process.size: 1280m",
                "taskmanager.numberOfTaskSlots: " + slotsPerTaskManager,
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + port,
                "io.tmp.dirs: " + dir.resolve("tmp"),
                "web.tmpdir: " + dir.resolve("tmp"),
                // A dead TaskManager is noticed after 5 s instead of 50 s: failover within the test's time.
                "heartbeat.interval: 1000",
                "heartbeat.timeout: 5000",
                "execution.checkpointing.dir: " + dir.resolve("checkpoints").toUri(),
                "restart-strategy.type: fixed-delay",
                "restart-strategy.fixed-delay.attempts: 1000",
                "restart-strategy.fixed-delay.delay: 1 s",
                ""), StandardCharsets.UTF_8);
        Process jobManager = launch(dir, classPath, "jobmanager", JOB_MANAGER,
                bashJavaUtils(dir, classPath, "GET_JM_RESOURCE_PARAMS"));
        SessionCluster cluster = new SessionCluster(dir, classPath, new FlinkRest(port), jobManager);
        try {
            cluster.launchTaskManager();
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * The class path of the Flink processes, the jars this module's build resolved from Maven
     * (they stand for a distribution's {@code lib/}; see this module's pom for what and why).
     *
     * @throws IllegalStateException when a jar is no longer where the build found it
     */
    private static String distributionClassPath() throws IOException {
        try (InputStream in = SessionCluster.class.getResourceAsStream(LIB_CLASS_PATH)) {
            if (in == null) {
                throw new IllegalStateException(LIB_CLASS_PATH + " is not beside " + SessionCluster.class.getName()
                        + ": flink-cluster's build writes it (mvn -pl flink-cluster package)");
            }
            String classPath = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            for (String jar : classPath.split(File.pathSeparator)) {
                if (!Files.isRegularFile(Path.of(jar))) {
                    throw new IllegalStateException("the Flink class path names " + jar
                            + ", which is gone: rebuild flink-cluster against this Maven repository");
                }
            }
            return classPath;
        }
    }

    /** Returns once the REST endpoint answers and counts a TaskManager. */
    public void awaitReady() {
        await("the JobManager's REST endpoint at " + rest.base() + " with a TaskManager", STARTUP, () -> {
            try {
                return rest.overview().path("taskmanagers").asInt() > 0;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    public FlinkRest rest() {
        return rest;
    }

    /** Starts one more TaskManager process and returns once it has registered with the JobManager. */
    public void startTaskManager() throws IOException {
        Set<String> known = taskManagerIds();
        launchTaskManager();
        await("TaskManager " + taskManagers.size() + " to register", STARTUP,
                () -> !known.containsAll(taskManagerIds()));
    }

    private void launchTaskManager() throws IOException {
        if (taskManagerResources == null) {
            taskManagerResources = bashJavaUtils(dir, classPath, "GET_TM_RESOURCE_PARAMS");
        }
        taskManagers.add(launch(dir, classPath, "taskmanager-" + taskManagers.size(), TASK_MANAGER,
                taskManagerResources));
    }

    private Set<String> taskManagerIds() {
        Set<String> ids = new HashSet<>();
        rest.get("taskmanagers").path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText()));
        return ids;
    }

    /** Kills the newest TaskManager process (SIGKILL: no shutdown hook, no goodbye to the JobManager). */
    public void killTaskManager() throws InterruptedException {
        Process victim = taskManagers.get(taskManagers.size() - 1);
        victim.destroyForcibly();
        if (!victim.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("TaskManager process " + victim.pid() + " did not die");
        }
    }

    /** Polls {@code condition} until it holds, or fails with what was awaited after {@code timeout}. */
    public void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!jobManager.isAlive()) {
                throw new IllegalStateException("the JobManager exited (" + jobManager.exitValue()
                        + ") while waiting for " + what + "; see " + dir.resolve("log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; see " + dir.resolve("log"));
            }
            try {
                Thread.sleep(250); // polling interval
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** The JobManager's and the TaskManagers' processes, the JobManager first. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(jobManager.toHandle());
        taskManagers.forEach(p -> all.add(p.toHandle()));
        return all;
    }

    /** Where the processes log ({@code jobmanager.log}, {@code taskmanager-N.log}). */
    public Path logs() {
        return dir.resolve("log");
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>(taskManagers);
        all.add(jobManager);
        all.forEach(Process::destroy);
        for (Process p : all) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    /**
     * Starts {@code mainClass} as the scripts do: the JVM memory options {@code BashJavaUtils} gave,
     * then {@code --configDir conf} and the dynamic properties it gave. In a session of its own
     * where {@code setsid} exists, as a daemon is: Ctrl-C in the terminal of whoever started the
     * cluster must not stop it behind their back, so that they stop it in order ({@link #close}).
     */
    private static Process launch(Path dir, String classPath, String name, String mainClass, List<String> resources)
            throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(java(dir, classPath, name));
        command.addAll(Arrays.asList(resources.get(0).split("\\s+")));
        command.add(mainClass);
        command.add("--configDir");
        command.add(dir.resolve("conf").toString());
        command.addAll(Arrays.asList(resources.get(1).strip().split("\\s+")));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log/" + name + ".out").toFile())
                .start();
    }

    /** The two result lines of {@code BashJavaUtils}: JVM options, then dynamic properties ({@code -D k=v …}). */
    private static List<String> bashJavaUtils(Path dir, String classPath, String command) throws IOException {
        List<String> java = java(dir, classPath, "bash-java-utils");
        java.addAll(List.of(BASH_JAVA_UTILS, command, "--configDir", dir.resolve("conf").toString()));
        Process p = new ProcessBuilder(java).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("BashJavaUtils " + command + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running BashJavaUtils " + command, e);
        }
        List<String> results = output.lines().filter(l -> l.startsWith(RESULT_PREFIX))
                .map(l -> l.substring(RESULT_PREFIX.length())).toList();
        if (results.size() != 2) {
            throw new IllegalStateException("BashJavaUtils " + command + " gave no JVM and dynamic options:\n" + output);
        }
        return results;
    }

    private static List<String> java(Path dir, String classPath, String logName) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JAVA_OPTS);
        command.add("-Dlog.file=" + dir.resolve("log/" + logName + ".log"));
        command.add("-Dlog4j.configurationFile=" + dir.resolve("conf/log4j.properties").toUri());
        command.add("-classpath");
        command.add(classPath);
        return command;
    }

    /** The REST port is not bound yet when the RPC port is chosen, so the system may offer it twice. */
    private static int freePortOtherThan(int taken) throws IOException {
        int port = freePort();
        while (port == taken) {
            port = freePort();
        }
        return port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
