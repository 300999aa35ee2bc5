package dev.sampo.stream;

import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * Keyed state that earlier builds kept and this one no longer reads. A savepoint of such a build
 * restores it, and Flink carries a restored state into every later checkpoint whether anyone reads
 * it or not; a stage clears each key's entries once after a restore, and the state is gone from
 * the checkpoints after.
 */
record RetiredState(List<? extends StateDescriptor<?, ?>> descriptors) {
    /** Clears the current key's entries of every retired state. */
    void clear(RuntimeContext context) {
        for (StateDescriptor<?, ?> d : descriptors) {
            if (d instanceof ValueStateDescriptor<?> value) {
                context.getState(value).clear();
            } else if (d instanceof MapStateDescriptor<?, ?> map) {
                context.getMapState(map).clear();
            } else {
                throw new IllegalArgumentException("no retired state of this kind yet: " + d);
            }
        }
    }
}
