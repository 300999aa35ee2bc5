package dev.sampo.stream;

import dev.sampo.association.AssociationResult;
import dev.sampo.association.Fnv1a;
import dev.sampo.association.Associator;
import dev.sampo.association.PairDecision;
import dev.sampo.association.Session;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.wire.PairRecord;
import dev.sampo.wire.Schemas;
import dev.sampo.wire.SessionRecord;
import dev.sampo.wire.SubflowRecord;
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
final class SessionGrouping extends PeriodicAssociation<Integer, SubflowUpdate, DecidedPair, Output> {
    private static final long serialVersionUID = 1L;

    private final JobConfig job;
    private transient Associator associator;
    private transient MapState<String, Long> sentSessions;
    private transient MapState<String, Long> sentSubflows;
    private transient MapState<PairKey, SentPair> sentPairs;
    /** The decisions of the period being grouped, from {@link #take} to {@link #associate}. */
    private transient List<PairDecision> decided;

    SessionGrouping(JobConfig job) {
        super(job.association(), DecidedPair.TYPE);
        this.job = job;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        super.open(context);
        associator = new Associator(config);
        sentSessions = getRuntimeContext().getMapState(new MapStateDescriptor<>("sent-sessions", Types.STRING, Types.LONG));
        sentSubflows = getRuntimeContext().getMapState(new MapStateDescriptor<>("sent-subflows", Types.STRING, Types.LONG));
        sentPairs = getRuntimeContext().getMapState(new MapStateDescriptor<>("sent-pairs", PairKey.TYPE, SentPair.TYPE));
    }

    @Override
    SubflowUpdate evidenceOf(SubflowUpdate in) {
        return in;
    }

    @Override
    long periodOf(DecidedPair in) {
        return in.period();
    }

    @Override
    void take(long timer, List<DecidedPair> due) {
        decided = new ArrayList<>(due.size());
        for (DecidedPair p : due) {
            if (p.period() == timer) {
                decided.add(p.decision());
            }
        }
        // Buckets' decisions arrive in an order that depends on the parallelism; grouping must not.
        decided.sort(Comparator.comparing(PairDecision::a).thenComparing(PairDecision::b));
    }

    @Override
    void associate(long timer, long boundaryMicros, List<SubflowEvidence> live, OnTimerContext ctx,
                   Collector<Output> out) throws Exception {
        AssociationResult result = associator.group(boundaryMicros, live, decided);
        Set<String> sessions = new HashSet<>();
        Set<String> subflows = new HashSet<>();
        for (Session s : result.sessions()) {
            sessions.add(s.id());
            upsert(sentSessions, job.sessionsTopic(), s.id(), SessionRecord.of(s).toJson(), Schemas.SESSION_V1, out);
            for (Session.Member m : s.subflows()) {
                String id = m.id().toString();
                subflows.add(id);
                upsert(sentSubflows, job.subflowsTopic(), id, SubflowRecord.of(s, m).toJson(), Schemas.SUBFLOW_V1,
                        out);
            }
        }
        tombstoneAllBut(sessions, sentSessions, job.sessionsTopic(), Schemas.SESSION_V1, out);
        tombstoneAllBut(subflows, sentSubflows, job.subflowsTopic(), Schemas.SUBFLOW_V1, out);
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
        Set<PairKey> current = new HashSet<>();
        for (PairDecision d : pairs) {
            PairKey key = PairKey.of(d);
            current.add(key);
            SentPair sent = SentPair.of(d);
            if (!sent.equals(sentPairs.get(key))) {
                sentPairs.put(key, sent);
                out.collect(Output.of(job.pairsTopic(), key.toString(), PairRecord.of(d, atMicros).toJson(),
                        Schemas.PAIR_V1));
            }
        }
        Iterator<Map.Entry<PairKey, SentPair>> it = sentPairs.iterator();
        while (it.hasNext()) {
            if (!current.contains(it.next().getKey())) {
                it.remove();
            }
        }
    }
}
