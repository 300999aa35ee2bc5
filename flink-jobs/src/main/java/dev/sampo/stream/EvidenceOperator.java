package dev.sampo.stream;

import dev.sampo.flow.SubflowId;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * The evidence stage's operator: Flink's keyed process operator, which also lets its function
 * reach the keyed state of subflows other than the one at hand. A {@code KeyedProcessFunction}
 * sees only its current key's state, yet evicting a subflow past the cap clears that subflow's
 * state and timers, and ranking the live subflows again after a restore reads every subflow's.
 * It also refuses state written under another DSN bucket count ({@link #BUCKET_COUNT}).
 */
final class EvidenceOperator extends KeyedProcessOperator<SubflowId, WirePacket, BucketUpdate>
        implements SubflowEvidenceFunction.OtherSubflows {
    private static final long serialVersionUID = 1L;

    /**
     * The {@code sampo.buckets} the state was written under, one entry per subtask. The buckets'
     * keyed state is by bucket number, and this stage sends a subflow's removals to the buckets of
     * its stored evidence: under another count both would name the wrong buckets and decisions
     * would silently go missing, so a restore into another count fails, saying so. State of builds
     * before this one holds no entry and is taken as it is.
     */
    static final ListStateDescriptor<Integer> BUCKET_COUNT = new ListStateDescriptor<>("bucket-count", Types.INT);

    EvidenceOperator(SubflowEvidenceFunction function) {
        super(function);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        int buckets = ((SubflowEvidenceFunction) userFunction).bucketCount();
        ListState<Integer> written = context.getOperatorStateStore().getUnionListState(BUCKET_COUNT);
        for (int restored : written.get()) {
            if (restored != buckets) {
                throw new IllegalStateException("the restored state was written with " + JobOptions.BUCKETS.key()
                        + "=" + restored + " and this job has " + buckets + ": pair decisions are kept by DSN bucket, "
                        + "so restore with " + JobOptions.BUCKETS.key() + "=" + restored
                        + ", or start without the savepoint to rebuild them");
            }
        }
        written.update(List.of(buckets));
    }

    @Override
    public void open() throws Exception {
        super.open();
        ((SubflowEvidenceFunction) userFunction).attach(this);
    }

    @Override
    public void withStateOf(SubflowId subflow, SubflowEvidenceFunction.SubflowAction action) throws Exception {
        Object current = getCurrentKey();
        setCurrentKey(subflow);
        try {
            action.run();
        } finally {
            setCurrentKey(current);
        }
    }

    @Override
    public void withEachKeyOf(StateDescriptor<?, ?> state, SubflowEvidenceFunction.SubflowAction action)
            throws Exception {
        KeyedStateBackend<SubflowId> backend = getKeyedStateBackend();
        List<SubflowId> keys;
        try (Stream<SubflowId> held = backend.getKeys(state.getName(), VoidNamespace.INSTANCE)) {
            keys = held.toList();
        }
        for (SubflowId subflow : keys) {
            withStateOf(subflow, action);
        }
    }

    @Override
    public void forEachStored(ValueStateDescriptor<byte[]> state, BiConsumer<SubflowId, byte[]> action)
            throws Exception {
        KeyedStateBackend<SubflowId> backend = getKeyedStateBackend();
        backend.applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, state,
                (SubflowId subflow, ValueState<byte[]> value) -> action.accept(subflow, value.value()));
    }
}
