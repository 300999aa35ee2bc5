package dev.sampo.stream;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.KeyedStateFunction;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;

/**
 * The bucket stage's operator: Flink's keyed co-process operator, which also tells its function
 * which buckets the subtask holds (those whose key group is in its range) and lets it read the
 * keyed state of all of them: the buckets of a subtask share an index, which a start or a restore
 * builds from every bucket's state.
 */
final class BucketOperator extends KeyedCoProcessOperator<Integer, BucketUpdate, BucketRemoval, DecidedPair>
        implements BucketDecisions.SubtaskBuckets {
    private static final long serialVersionUID = 1L;

    private transient int maxParallelism;
    private transient KeyGroupRange keyGroups;

    BucketOperator(BucketDecisions function) {
        super(function);
    }

    @Override
    public void open() throws Exception {
        super.open();
        TaskInfo task = getRuntimeContext().getTaskInfo();
        maxParallelism = task.getMaxNumberOfParallelSubtasks();
        keyGroups = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism,
                task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
        ((BucketDecisions) userFunction).attach(this);
    }

    @Override
    public boolean holds(int bucket) {
        return keyGroups.contains(KeyGroupRangeAssignment.assignToKeyGroup(bucket, maxParallelism));
    }

    @Override
    public boolean sharesValues() {
        return getKeyedStateBackend() instanceof HeapKeyedStateBackend;
    }

    @Override
    public <S extends State> void forEachBucket(StateDescriptor<S, ?> state, KeyedStateFunction<Integer, S> action)
            throws Exception {
        KeyedStateBackend<Integer> backend = getKeyedStateBackend();
        backend.applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, state, action);
    }
}
