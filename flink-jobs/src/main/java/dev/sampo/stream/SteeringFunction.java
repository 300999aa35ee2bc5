package dev.sampo.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.control.MigrationController;
import dev.sampo.flow.SubflowId;
import dev.sampo.steering.Decision;
import dev.sampo.steering.LoadReport;
import dev.sampo.steering.Steering;
import dev.sampo.wire.MigrationRecord;
import dev.sampo.wire.Schemas;
import dev.sampo.wire.SessionRecord;
import dev.sampo.wire.SteeringRecord;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The steering stage, one instance: the grouping's session and subflow outputs on one side, the NF
 * instances' load reports on the other, and every change of the {@link Steering} table out as a
 * {@code sampo.steering} upsert (a tombstone when a subflow ends). Instances that stay silent
 * longer than the configured time leave, on a processing-time timer. Bad load reports are counted
 * ({@code sampoSteeringBadLoadReports}, {@code sampoSteeringUnknownInstances},
 * {@code sampoSteeringZeroCapacity}) and skipped. The table is checkpointed whole: it holds one
 * entry per live subflow, as the grouping stage does.
 *
 * <p>With {@code sampo.topic.migrations} set, every accepted report also runs a planning round
 * ({@link MigrationController}): plans move whole sessions in the table (their subflows' move
 * records go out together) and each step of a plan goes to that topic, counted by status
 * ({@code sampoMigrationsPlanned}, {@code …Moved}, {@code …Done}, {@code …Aborted},
 * {@code …NoSolution}). The plans under way are checkpointed with the table.
 */
final class SteeringFunction extends KeyedCoProcessFunction<Integer, Output, byte[], Output>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JobConfig job;
    private transient Steering steering;
    private transient MigrationController migrations;
    private transient ListState<String> checkpoint;
    private transient ListState<String> migrationsCheckpoint;
    private transient Map<MigrationRecord.Status, Counter> migrationSteps;
    private transient Counter badReports;
    private transient Counter unknownInstances;
    private transient Counter zeroCapacity;
    private transient Counter badGroupings;

    SteeringFunction(JobConfig job) {
        this.job = job;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpoint = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("steering", Types.STRING));
        steering = new Steering(job.steering().placement());
        for (String json : checkpoint.get()) {
            steering = Steering.restore(job.steering().placement(), MAPPER.readValue(json, Steering.State.class));
        }
        MigrationSettings m = job.steering().migration();
        if (m.enabled()) {
            migrationsCheckpoint = context.getOperatorStateStore()
                    .getListState(new ListStateDescriptor<>("migrations", Types.STRING));
            migrations = new MigrationController(m.planner(), m.protocol(), job.steering().placement().instances(),
                    job.steering().placement().silenceMillis(), m.backoff());
            for (String json : migrationsCheckpoint.get()) {
                migrations = MigrationController.restore(m.planner(), m.protocol(),
                        job.steering().placement().instances(), job.steering().placement().silenceMillis(),
                        m.backoff(), MAPPER.readValue(json, MigrationController.State.class));
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpoint.update(List.of(MAPPER.writeValueAsString(steering.snapshot())));
        if (migrations != null) {
            migrationsCheckpoint.update(List.of(MAPPER.writeValueAsString(migrations.snapshot())));
        }
    }

    @Override
    public void open(OpenContext context) {
        var metrics = getRuntimeContext().getMetricGroup();
        badReports = metrics.counter("sampoSteeringBadLoadReports");
        unknownInstances = metrics.counter("sampoSteeringUnknownInstances");
        zeroCapacity = metrics.counter("sampoSteeringZeroCapacity");
        badGroupings = metrics.counter("sampoSteeringBadGroupings");
        migrationSteps = new EnumMap<>(MigrationRecord.Status.class);
        for (MigrationRecord.Status status : MigrationRecord.Status.values()) {
            StringBuilder name = new StringBuilder("sampoMigrations"); // no-solution → sampoMigrationsNoSolution
            for (String word : status.wireName().split("-")) {
                name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
            migrationSteps.put(status, metrics.counter(name.toString()));
        }
    }

    @Override
    public void processElement1(Output o, Context ctx, Collector<Output> out) throws Exception {
        try {
            if (o.topic.equals(job.sessionsTopic())) {
                emit(o.value == null ? steering.endSession(o.key) : steering.session(SessionRecord.parse(o.value).toSession()), out);
            } else if (o.topic.equals(job.subflowsTopic()) && o.value == null) {
                emit(steering.forget(SubflowId.parse(o.key)), out);
            }
        } catch (IllegalArgumentException e) {
            badGroupings.inc(); // the grouping stage's own output: only a bug gets here, and it must not stop steering
        }
    }

    @Override
    public void processElement2(byte[] value, Context ctx, Collector<Output> out) throws Exception {
        LoadReport report;
        try {
            report = LoadReport.parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString());
        } catch (IllegalArgumentException | CharacterCodingException e) {
            badReports.inc();
            return;
        }
        Steering.Rejection rejection = steering.check(report);
        if (rejection == Steering.Rejection.UNKNOWN_INSTANCE) {
            unknownInstances.inc();
        } else if (rejection == Steering.Rejection.ZERO_CAPACITY) {
            zeroCapacity.inc();
        } else {
            long now = ctx.timerService().currentProcessingTime();
            if (migrations == null) {
                emit(steering.report(report, now), out);
            } else {
                emit(migrations.report(steering, report, now), out);
            }
            // One timer per second of silence deadline at most: timers on the same millisecond coalesce.
            long deadline = now + job.steering().placement().silenceMillis() + 1;
            ctx.timerService().registerProcessingTimeTimer((deadline / 1000 + 1) * 1000);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Output> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        if (migrations == null) {
            emit(steering.expire(now), out);
        } else {
            emit(migrations.expire(steering, now), out);
        }
    }

    /** The table's changes first, so a plan's {@code moved} step follows its subflows' move records. */
    private void emit(MigrationController.Step step, Collector<Output> out) throws Exception {
        emit(step.steering(), out);
        for (MigrationRecord r : step.migrations()) {
            migrationSteps.get(r.status()).inc();
            out.collect(Output.of(job.steering().migration().topic(), r.key(), r.toJson(), Schemas.MIGRATION_V1));
        }
    }

    private void emit(List<Decision> decisions, Collector<Output> out) throws Exception {
        for (Decision d : decisions) {
            String value = d.action() == Decision.Action.REMOVE ? null : SteeringRecord.of(d).toJson();
            out.collect(Output.of(job.steering().steeringTopic(), d.subflow().toString(), value,
                    Schemas.STEERING_V1));
        }
    }
}
