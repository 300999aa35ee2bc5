package dev.sampo.cli;

import dev.sampo.stream.EmbeddedFlink;
import dev.sampo.stream.JobConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.api.common.JobID;

/** The job on a Flink MiniCluster in this process (the default of {@code up}). */
final class MiniClusterHost implements FlinkHost {
    private final EmbeddedFlink flink;

    private MiniClusterHost(EmbeddedFlink flink) {
        this.flink = flink;
    }

    static MiniClusterHost start(int slots, int restPort, Path checkpoints) throws Exception {
        return new MiniClusterHost(EmbeddedFlink.start(slots, restPort, checkpoints));
    }

    @Override
    public URI rest() throws Exception {
        return flink.webUi();
    }

    @Override
    public String submit(Map<String, String> settings) throws Exception {
        return flink.submit(JobConfig.defaultsWith(settings)).toHexString();
    }

    @Override
    public String state(String job) throws Exception {
        return flink.status(JobID.fromHexString(job)).name();
    }

    @Override
    public void cancel(String job) throws Exception {
        flink.cancel(JobID.fromHexString(job));
    }

    @Override
    public void close() throws Exception {
        flink.close();
    }
}
