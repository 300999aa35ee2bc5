package dev.sampo.cli;

import java.net.URI;
import java.util.Map;

/**
 * Where {@code up} runs the association job: the embedded MiniCluster ({@link MiniClusterHost}), or
 * a local session cluster of separate JobManager and TaskManager processes
 * ({@link SessionClusterHost}). Either way the job is watched through Flink's REST API.
 */
interface FlinkHost extends AutoCloseable {
    /** The REST API, which the web UI also serves. */
    URI rest() throws Exception;

    /**
     * Submits the association job with these job settings.
     *
     * @return the job's id, as the REST API names it
     */
    String submit(Map<String, String> settings) throws Exception;

    /** The job's state as Flink names it ({@code RUNNING}, {@code FAILED}, …). */
    String state(String job) throws Exception;

    void cancel(String job) throws Exception;

    /** Whether a job in this state will not run again. */
    static boolean terminal(String state) {
        return state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED");
    }
}
