package dev.sampo.migration.sim;

import dev.sampo.migration.nf.NfInstance;
import dev.sampo.migration.nf.Packet;
import dev.sampo.migration.nf.SessionState;
import dev.sampo.migration.plan.MigrationProtocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Judges a finished run against every {@link Property}, from what the fabric recorded. */
final class Checker {
    private final SimSettings settings;
    private final Workload workload;
    private final Fabric fabric;
    private final Handover[] handovers;
    private final List<List<Processing>> bySession = new ArrayList<>();
    private final Map<Property, Long> violations = new EnumMap<>(Property.class);

    Checker(SimSettings settings, Workload workload, Fabric fabric, Handover[] handovers) {
        this.settings = settings;
        this.workload = workload;
        this.fabric = fabric;
        this.handovers = handovers;
        for (int i = 0; i < settings.sessions(); i++) {
            bySession.add(new ArrayList<>());
        }
        for (Processing p : fabric.processings) {
            bySession.get(p.packet().session()).add(p);
        }
        for (Property p : Property.values()) {
            violations.put(p, 0L);
        }
    }

    SimReport report() {
        List<Double> addedLatencyMs = new ArrayList<>();
        List<Double> migrationMs = new ArrayList<>();
        double maxSplitMs = 0;
        double maxRerouteMs = 0;
        long packets = 0;
        for (int session = 0; session < settings.sessions(); session++) {
            List<Packet> sent = workload.packets().get(session);
            List<Processing> done = bySession.get(session);
            MigrationLog log = handovers[session] == null ? null : handovers[session].log;
            packets += sent.size();
            checkExactlyOnce(sent, done);
            checkOrder(done);
            checkFinalState(session, sent, log);
            long firstAtDestination = done.stream().filter(p -> p.side() == Side.DESTINATION && p.output())
                    .mapToLong(Processing::order).min().orElse(Long.MAX_VALUE);
            checkNoReturn(done, firstAtDestination, log);
            if (log == null) {
                continue;
            }
            if (!log.completed()) {
                count(Property.INCOMPLETE);
                continue;
            }
            migrationMs.add((log.endMicros - log.startMicros) / 1000.0);
            maxRerouteMs = Math.max(maxRerouteMs, log.rerouteMicros() / 1000.0);
            maxSplitMs = Math.max(maxSplitMs, checkSplit(done, firstAtDestination, log));
            for (Processing p : done) {
                long atSwitch = p.packet().atSwitchMicros();
                if (p.output() && atSwitch >= log.startMicros && atSwitch <= log.endMicros) {
                    long plainPath = p.side() == Side.SOURCE ? fabric.srcDelay : fabric.dstDelay;
                    addedLatencyMs.add((p.atMicros() - atSwitch - plainPath) / 1000.0);
                }
            }
        }
        violations.merge(Property.CSS_MISSING,
                fabric.processings.stream().filter(p -> !p.hadCriticalState()).count(), Long::sum);
        long bound = settings.protocol() == MigrationProtocol.WEAK_O ? 0 : settings.bufferLimit();
        violations.merge(Property.BUFFER_BOUND, (fabric.controllerBuffer.max() > bound ? 1L : 0L)
                + (fabric.nfBuffer.max() > bound ? 1L : 0L), Long::sum);
        Map<String, Long> named = new LinkedHashMap<>();
        violations.forEach((p, n) -> named.put(p.jsonName(), n));
        List<String> promised = Property.promisedBy(settings.protocol(), settings.nf()).stream()
                .map(Property::jsonName).toList();
        return new SimReport(settings.protocol(), settings.nf(), packets, named, promised, fabric.controllerBuffer.max(),
                fabric.nfBuffer.max(), percentile(addedLatencyMs, 0.99), maxSplitMs, maxRerouteMs,
                percentile(migrationMs, 0.90), migrationMs.size());
    }

    private void checkExactlyOnce(List<Packet> sent, List<Processing> done) {
        int[] outputs = new int[sent.size()];
        for (Processing p : done) {
            if (p.output()) {
                outputs[(int) p.packet().seq()]++;
            }
        }
        for (int n : outputs) {
            if (n == 0) {
                count(Property.LOSS);
            } else if (n > 1) {
                count(Property.DUPLICATE);
            }
        }
    }

    private void checkOrder(List<Processing> done) {
        long maxSeq = -1;
        Map<Integer, Integer> maxSubflowSeq = new HashMap<>();
        for (Processing p : done) {
            if (!p.output()) {
                continue;
            }
            Packet packet = p.packet();
            if (packet.seq() < maxSeq) {
                count(Property.REORDER);
            }
            maxSeq = Math.max(maxSeq, packet.seq());
            int later = maxSubflowSeq.merge(packet.subflow(), packet.subflowSeq(), Math::max);
            if (packet.cohesive() && packet.subflowSeq() < later) {
                count(Property.COHESIVE_REORDER);
            }
        }
    }

    private void checkFinalState(int session, List<Packet> sent, MigrationLog log) {
        NfInstance holder = log != null && log.completed() ? fabric.destination : fabric.source;
        SessionState actual = holder.holds(session) ? holder.state(session) : new SessionState();
        if (!actual.sameAs(SessionState.fold(sent), settings.nf())) {
            count(Property.FINAL_STATE);
        }
    }

    /** After the destination's first packet, nothing at the source; joined subflows are counted apart too. */
    private void checkNoReturn(List<Processing> done, long firstAtDestination, MigrationLog log) {
        BitSet strayJoins = new BitSet();
        for (Processing p : done) {
            if (p.side() == Side.SOURCE && p.order() > firstAtDestination) {
                count(Property.RETURN_TO_SOURCE);
                if (log != null && joinedAfter(p.packet(), log.startMicros)) {
                    strayJoins.set(p.packet().subflow());
                }
            }
        }
        violations.merge(Property.JOIN_STRAY, (long) strayJoins.cardinality(), Long::sum);
    }

    private boolean joinedAfter(Packet p, long startMicros) {
        return workload.packets().get(p.session()).stream()
                .filter(q -> q.subflow() == p.subflow() && q.opensSubflow())
                .anyMatch(q -> q.atSwitchMicros() >= startMicros);
    }

    /** The time both instances ran the session; a violation when longer than the measured reroute. */
    private double checkSplit(List<Processing> done, long firstAtDestination, MigrationLog log) {
        long firstDestinationMicros = done.stream().filter(p -> p.order() == firstAtDestination)
                .mapToLong(Processing::atMicros).findFirst().orElse(Long.MAX_VALUE);
        long lastSourceMicros = done.stream().filter(p -> p.side() == Side.SOURCE)
                .mapToLong(Processing::atMicros).max().orElse(Long.MIN_VALUE);
        long split = Math.max(0, lastSourceMicros - firstDestinationMicros);
        if (split > log.rerouteMicros()) {
            count(Property.SPLIT);
        }
        return split / 1000.0;
    }

    private void count(Property p) {
        violations.merge(p, 1L, Long::sum);
    }

    private static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(q * sorted.length) - 1];
    }
}
