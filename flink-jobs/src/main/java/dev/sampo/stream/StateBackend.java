package dev.sampo.stream;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * Where the job's keyed state lives ({@code sampo.state-backend}), as Flink's own
 * {@code state.backend.type} names it. The heap is fastest while the state fits in it; RocksDB
 * keeps it on the TaskManagers' local disks, so state may outgrow the heap, and checkpoints
 * only what changed since the last one (incremental), at a cost per state access.
 */
public enum StateBackend {
    /** Whatever the cluster's configuration says (Flink's default: the heap). */
    CLUSTER(""),
    HASHMAP("hashmap"),
    ROCKSDB("rocksdb");

    private final String key;

    StateBackend(String key) {
        this.key = key;
    }

    /** @throws IllegalArgumentException naming the setting and the values it takes */
    public static StateBackend of(String key) {
        return Arrays.stream(values()).filter(b -> b.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(JobOptions.STATE_BACKEND.key() + " must be "
                        + Arrays.stream(values()).map(b -> b.key.isEmpty() ? "empty" : b.key)
                                .collect(Collectors.joining(", ")) + ", not " + key));
    }

    /** The job-level Flink settings that select it; none for {@link #CLUSTER}. */
    Configuration flinkSettings() {
        Configuration conf = new Configuration();
        if (this != CLUSTER) {
            conf.set(StateBackendOptions.STATE_BACKEND, key);
        }
        if (this == ROCKSDB) {
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        }
        return conf;
    }
}
