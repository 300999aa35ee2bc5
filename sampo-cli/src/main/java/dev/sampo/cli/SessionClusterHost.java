package dev.sampo.cli;

import dev.sampo.cluster.FlinkRest;
import dev.sampo.cluster.SessionCluster;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The job as it runs in production ({@code up --cluster}): flink-jobs' shaded job jar, uploaded
 * and run through the REST API of a local session cluster whose JobManager and TaskManager are
 * processes of their own ({@link SessionCluster}, the same that cluster-tests runs).
 */
final class SessionClusterHost implements FlinkHost {
    private final SessionCluster cluster;
    private final Path jobJar;

    private SessionClusterHost(SessionCluster cluster, Path jobJar) {
        this.cluster = cluster;
        this.jobJar = jobJar;
    }

    /** Starts the processes under {@code dir} and returns once a TaskManager has registered. */
    static SessionClusterHost start(Path dir, int slots, int restPort, Path jobJar) throws IOException {
        SessionCluster cluster = SessionCluster.launch(dir, slots, restPort);
        try {
            cluster.awaitReady();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return new SessionClusterHost(cluster, jobJar);
    }

    /**
     * The job jar the build leaves in {@code ROOT/flink-jobs/target} (the README's "Cluster
     * deployment" names the same file).
     *
     * @throws IllegalStateException when there is none, or more than one
     */
    static Path jobJar(Path root) throws IOException {
        Path target = root.resolve("flink-jobs/target");
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(target, "flink-jobs-*-job.jar")) {
                found.forEach(jars::add);
            }
        }
        if (jars.size() != 1) {
            throw new IllegalStateException("expected one job jar flink-jobs-*-job.jar in " + target + ", found "
                    + jars.size() + ": mvn -B -ntp -DskipTests package builds it");
        }
        return jars.get(0);
    }

    /** What is running, and where it logs, for the operator's terminal. */
    String describe() {
        List<ProcessHandle> processes = cluster.processes();
        return "flink: session cluster, JobManager pid " + processes.get(0).pid() + ", TaskManager pid "
                + processes.get(1).pid() + ", logs in " + cluster.logs() + ", job jar " + jobJar;
    }

    @Override
    public URI rest() {
        return cluster.rest().base();
    }

    /** As {@code flink run JAR --key value …} does: the settings become the program's arguments. */
    @Override
    public String submit(Map<String, String> settings) {
        List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> {
            args.add("--" + key);
            args.add(value);
        });
        FlinkRest rest = cluster.rest();
        return rest.run(rest.upload(jobJar), args);
    }

    @Override
    public String state(String job) {
        return cluster.rest().job(job).path("state").asText();
    }

    @Override
    public void cancel(String job) {
        cluster.rest().cancel(job);
    }

    /** Stops the TaskManager and the JobManager processes (SIGTERM, then SIGKILL after 20 s). */
    @Override
    public void close() {
        cluster.close();
    }
}
