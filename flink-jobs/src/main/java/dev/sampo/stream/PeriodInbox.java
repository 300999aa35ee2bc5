package dev.sampo.stream;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A two-input stage that works period by period: each input record waits in state until the
 * timer of its period, then the period's records of both inputs are handed over together, in
 * arrival order per input, so the order in which the two inputs arrive does not matter. A stage
 * runs only in the periods that brought it something: the subflow stage sends every change
 * (new packets, expired boxes, a subflow leaving), so nothing needs looking at otherwise.
 */
abstract class PeriodInbox<K, IN1, IN2, OUT> extends KeyedCoProcessFunction<K, IN1, IN2, OUT> {
    private static final long serialVersionUID = 1L;

    private final TypeInformation<IN1> firstType;
    private final TypeInformation<IN2> secondType;
    private transient ListState<IN1> firstInbox;
    private transient ListState<IN2> secondInbox;

    PeriodInbox(TypeInformation<IN1> firstType, TypeInformation<IN2> secondType) {
        this.firstType = firstType;
        this.secondType = secondType;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        firstInbox = getRuntimeContext().getListState(firstInboxState());
        secondInbox = getRuntimeContext().getListState(secondInboxState());
    }

    /** The state that holds a key's input-1 records until their period: for an operator that reads every key's. */
    ListStateDescriptor<IN1> firstInboxState() {
        return new ListStateDescriptor<>("first-inbox", firstType);
    }

    /** The state that holds a key's input-2 records until their period. */
    ListStateDescriptor<IN2> secondInboxState() {
        return new ListStateDescriptor<>("second-inbox", secondType);
    }

    /** The period timer of an input-1 record. */
    abstract long periodOf1(IN1 in);

    /** The period timer of an input-2 record. */
    abstract long periodOf2(IN2 in);

    /** The period's work, on the records of both inputs whose period is at most {@code timer}. */
    abstract void period(long timer, List<IN1> first, List<IN2> second, OnTimerContext ctx, Collector<OUT> out)
            throws Exception;

    @Override
    public void processElement1(IN1 in, Context ctx, Collector<OUT> out) throws Exception {
        firstInbox.add(in);
        ctx.timerService().registerEventTimeTimer(periodOf1(in));
    }

    @Override
    public void processElement2(IN2 in, Context ctx, Collector<OUT> out) throws Exception {
        secondInbox.add(in);
        ctx.timerService().registerEventTimeTimer(periodOf2(in));
    }

    @Override
    public void onTimer(long timer, OnTimerContext ctx, Collector<OUT> out) throws Exception {
        List<IN1> first = new ArrayList<>();
        List<IN1> laterFirst = new ArrayList<>();
        for (IN1 in : firstInbox.get()) {
            (periodOf1(in) > timer ? laterFirst : first).add(in);
        }
        firstInbox.update(laterFirst);
        List<IN2> second = new ArrayList<>();
        List<IN2> laterSecond = new ArrayList<>();
        for (IN2 in : secondInbox.get()) {
            (periodOf2(in) > timer ? laterSecond : second).add(in);
        }
        secondInbox.update(laterSecond);
        period(timer, first, second, ctx, out);
    }
}
