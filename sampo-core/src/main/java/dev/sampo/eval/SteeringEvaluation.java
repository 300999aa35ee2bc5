package dev.sampo.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sampo.flow.SubflowId;
import dev.sampo.steering.NfInstance;
import dev.sampo.steering.Rendezvous;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Scores steering against kernel ground truth, packet by packet, next to the baseline of plain
 * 5-tuple hashing (rendezvous over the subflow id, on the same instances). A subflow sits, at the
 * end, where the steering table has it, or where its last packet went if it has left the table; a
 * session's final instance is where its busiest subflow (in packets) sits.
 */
public final class SteeringEvaluation {
    private final Truth truth;
    private final List<NfInstance> instances;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<SubflowId, Integer> sessionOf;
    private final Map<SubflowId, String> baseline = new HashMap<>();
    private final Map<SubflowId, long[]> truthPackets = new HashMap<>();
    private final Map<SubflowId, String> lastDelivered = new HashMap<>();
    private final long[] load;
    private final long[] baselineLoad;
    private long packets;

    public SteeringEvaluation(Truth truth, List<NfInstance> instances) {
        this.truth = truth;
        this.instances = List.copyOf(instances);
        for (int i = 0; i < instances.size(); i++) {
            index.put(instances.get(i).id(), i);
        }
        this.sessionOf = truth.sessionOf();
        this.load = new long[instances.size()];
        this.baselineLoad = new long[instances.size()];
    }

    /** One packet of {@code subflow}, delivered to {@code instance}. */
    public void observe(SubflowId subflow, String instance) {
        packets++;
        int at = index.get(instance);
        load[at]++;
        baselineLoad[index.get(baselineOf(subflow))]++;
        if (sessionOf.containsKey(subflow)) {
            long[] perInstance = truthPackets.computeIfAbsent(subflow, k -> new long[instances.size() + 1]);
            perInstance[at]++;
            perInstance[instances.size()]++; // the subflow's total
            lastDelivered.put(subflow, instance);
        }
    }

    /**
     * @param entryOf each subflow's entry in the steering table at the end, null for none
     * @param moves subflows moved during the run
     */
    public Report report(Function<SubflowId, String> entryOf, long moves) {
        Function<SubflowId, String> finalInstance = sf -> {
            String entry = entryOf.apply(sf);
            return entry != null ? entry : lastDelivered.getOrDefault(sf, baselineOf(sf));
        };
        int multi = 0;
        int split = 0;
        int baselineSplit = 0;
        long multiPackets = 0;
        long misrouted = 0;
        long baselineMisrouted = 0;
        for (List<SubflowId> session : truth.sessions()) {
            if (session.size() < 2) {
                continue;
            }
            multi++;
            split += distinct(session, finalInstance) > 1 ? 1 : 0;
            baselineSplit += distinct(session, this::baselineOf) > 1 ? 1 : 0;
            SubflowId busiest = session.get(0);
            long total = 0;
            for (SubflowId sf : session) {
                total += packetsOf(sf)[instances.size()];
                if (packetsOf(sf)[instances.size()] > packetsOf(busiest)[instances.size()]) {
                    busiest = sf;
                }
            }
            multiPackets += total;
            misrouted += total - packetsOn(session, index.get(finalInstance.apply(busiest)));
            baselineMisrouted += total - baselinePacketsOn(session, baselineOf(busiest));
        }
        return new Report(truth.sessions().size(), multi, ratio(split, multi), ratio(baselineSplit, multi),
                ratio(misrouted, multiPackets), ratio(baselineMisrouted, multiPackets), moves,
                maxOverMean(load), maxOverMean(baselineLoad), packets, instances.size());
    }

    private String baselineOf(SubflowId subflow) {
        return baseline.computeIfAbsent(subflow, sf -> Rendezvous.owner(sf.toString(), instances).id());
    }

    private long[] packetsOf(SubflowId subflow) {
        return truthPackets.getOrDefault(subflow, new long[instances.size() + 1]);
    }

    private long packetsOn(List<SubflowId> session, int instance) {
        return session.stream().mapToLong(sf -> packetsOf(sf)[instance]).sum();
    }

    /** Under hashing a subflow never changes instance: all its packets are on its hash or none. */
    private long baselinePacketsOn(List<SubflowId> session, String instance) {
        return session.stream().filter(sf -> baselineOf(sf).equals(instance))
                .mapToLong(sf -> packetsOf(sf)[instances.size()]).sum();
    }

    private static int distinct(List<SubflowId> session, Function<SubflowId, String> instanceOf) {
        Set<String> at = new HashSet<>();
        session.forEach(sf -> at.add(instanceOf.apply(sf)));
        return at.size();
    }

    private static double maxOverMean(long[] perInstance) {
        long max = 0;
        long sum = 0;
        for (long v : perInstance) {
            max = Math.max(max, v);
            sum += v;
        }
        return sum == 0 ? 0 : max * (double) perInstance.length / sum;
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /**
     * @param splitRate truth multi-subflow sessions whose subflows end on more than one instance
     * @param misroutedPacketShare packets of those sessions that reached another instance than the session's final one
     * @param maxLoadRatio the busiest instance's packets over the mean
     */
    public record Report(
            int sessions,
            @JsonProperty("multi_subflow_sessions") int multiSubflowSessions,
            @JsonProperty("split_rate") double splitRate,
            @JsonProperty("baseline_split_rate") double baselineSplitRate,
            @JsonProperty("misrouted_packet_share") double misroutedPacketShare,
            @JsonProperty("baseline_misrouted_packet_share") double baselineMisroutedPacketShare,
            long moves,
            @JsonProperty("max_load_ratio") double maxLoadRatio,
            @JsonProperty("baseline_max_load_ratio") double baselineMaxLoadRatio,
            long packets,
            int instances) {
    }
}
