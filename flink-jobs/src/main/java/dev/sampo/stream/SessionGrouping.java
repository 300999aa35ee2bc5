package dev.sampo.stream;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationResult;
import dev.sampo.association.Fnv1a;
import dev.sampo.association.Associator;
import dev.sampo.association.PairDecision;
import dev.sampo.association.Session;
import dev.sampo.association.SubflowEvidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * Stage 3, one instance: groups every live subflow with the period's pair decisions (token links
 * are joined here, over the whole population) and emits what changed since the last period:
 * sessions and subflows as upserts with tombstones for those that ended or merged, pairs whose
 * verdict or Φ moved. What was last sent is checkpointed state, so after a restore the outputs
 * continue as idempotent upserts: no session is lost or duplicated.
 */
final class SessionGrouping extends PeriodicAssociation<Output> {
    private static final long serialVersionUID = 1L;

    private final JobConfig job;
    private transient Associator associator;
    private transient MapState<String, Long> sentSessions;
    private transient MapState<String, Long> sentSubflows;
    private transient MapState<String, String> sentPairs;

    SessionGrouping(JobConfig job) {
        super(job.association());
        this.job = job;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        associator = new Associator(config);
        sentSessions = getRuntimeContext().getMapState(new MapStateDescriptor<>("sent-sessions", Types.STRING, Types.LONG));
        sentSubflows = getRuntimeContext().getMapState(new MapStateDescriptor<>("sent-subflows", Types.STRING, Types.LONG));
        sentPairs = getRuntimeContext().getMapState(new MapStateDescriptor<>("sent-pairs", Types.STRING, Types.STRING));
    }

    @Override
    void associate(long timer, long boundaryMicros, List<SubflowEvidence> live, List<Update> pairUpdates,
                   OnTimerContext ctx, Collector<Output> out) throws Exception {
        List<PairDecision> pairs = new ArrayList<>(pairUpdates.size());
        for (Update u : pairUpdates) {
            pairs.add(OutputRecords.MAPPER.readValue(u.payload, PairDecision.class));
        }
        // Buckets' decisions arrive in an order that depends on the parallelism; grouping must not.
        pairs.sort(Comparator.comparing(PairDecision::a).thenComparing(PairDecision::b));
        AssociationResult result = associator.group(boundaryMicros, live, pairs);
        Set<String> sessions = new HashSet<>();
        Set<String> subflows = new HashSet<>();
        for (Session s : result.sessions()) {
            sessions.add(s.id());
            upsert(sentSessions, job.sessionsTopic(), s.id(), OutputRecords.session(s), OutputRecords.SESSION_V1, out);
            for (Session.Member m : s.subflows()) {
                String id = m.id().toString();
                subflows.add(id);
                upsert(sentSubflows, job.subflowsTopic(), id, OutputRecords.subflow(s, m), OutputRecords.SUBFLOW_V1, out);
            }
        }
        tombstoneAllBut(sessions, sentSessions, job.sessionsTopic(), OutputRecords.SESSION_V1, out);
        tombstoneAllBut(subflows, sentSubflows, job.subflowsTopic(), OutputRecords.SUBFLOW_V1, out);
        pairChanges(result.pairs(), boundaryMicros, out);
    }

    private static void upsert(MapState<String, Long> sent, String topic, String key, String value, String schema,
                               Collector<Output> out) throws Exception {
        long fingerprint = Fnv1a.hash64(value);
        Long before = sent.get(key);
        if (before == null || before != fingerprint) {
            sent.put(key, fingerprint);
            out.collect(Output.of(topic, key, value, schema));
        }
    }

    private static void tombstoneAllBut(Set<String> live, MapState<String, Long> sent, String topic, String schema,
                                        Collector<Output> out) throws Exception {
        Iterator<Map.Entry<String, Long>> it = sent.iterator();
        while (it.hasNext()) {
            String key = it.next().getKey();
            if (!live.contains(key)) {
                it.remove();
                out.collect(Output.of(topic, key, null, schema));
            }
        }
    }

    /** A pair is sent when first decided and whenever its verdict, evidence or Φ (to 3 places) changes. */
    private void pairChanges(List<PairDecision> pairs, long atMicros, Collector<Output> out) throws Exception {
        Set<String> current = new HashSet<>();
        for (PairDecision d : pairs) {
            String key = d.a() + "|" + d.b();
            current.add(key);
            String summary = d.verdict() + " " + d.evidence() + " " + Math.round(d.phi() * 1000);
            if (!summary.equals(sentPairs.get(key))) {
                sentPairs.put(key, summary);
                out.collect(Output.of(job.pairsTopic(), key, OutputRecords.pair(d, atMicros), OutputRecords.PAIR_V1));
            }
        }
        Iterator<Map.Entry<String, String>> it = sentPairs.iterator();
        while (it.hasNext()) {
            if (!current.contains(it.next().getKey())) {
                it.remove();
            }
        }
    }
}
