package dev.sampo.stream;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Cross-subflow signature matching as a stage of the job, on when {@code sampo.ids.rules} is set:
 * the packet records (with payload, from a full mirror) are tagged with their subflow's session
 * from the grouping's {@code sampo.subflows} output ({@link SessionOfSubflow}, keyed by subflow),
 * then reassembled per session and matched ({@link IdsMatching}, keyed by session stream); alerts
 * go to {@code sampo.alerts}.
 */
public final class IdsStage {
    private IdsStage() {
    }

    public static void attach(DataStream<WirePacket> packets, DataStream<Output> groupings, JobConfig config,
                              Sink<Output> sink) {
        IdsSettings settings = config.ids();
        if (!settings.enabled()) {
            return;
        }
        String subflowsTopic = config.subflowsTopic();
        DataStream<Output> subflows = groupings.filter(o -> o.topic.equals(subflowsTopic))
                .uid("ids-subflows").name("to IDS").setParallelism(1);
        packets.connect(subflows)
                .keyBy(new SubflowKey(), o -> SubflowKey.parse(o.key), SubflowIdCodec.TYPE)
                .process(new SessionOfSubflow(settings), SessionSegment.TYPE)
                .uid("ids-session-of").name("IDS: session of each subflow")
                .keyBy(SessionSegment::stream, StreamKey.TYPE)
                .process(new IdsMatching(settings), TypeInformation.of(Output.class))
                .uid("ids-matching").name("IDS: session streams matched")
                .sinkTo(sink).uid("ids-alerts").name(settings.alertsTopic());
    }
}
