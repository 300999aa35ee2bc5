package dev.sampo.nf.live;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sampo.migration.nf.NfKind;
import dev.sampo.migration.nf.Packet;
import dev.sampo.migration.nf.SessionState;
import dev.sampo.migration.plan.MigrationProtocol;
import dev.sampo.migration.sim.Property;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A live run judged against a single-instance run over the same packets: the reference is one
 * reference NF that applies every packet the steering point forwarded, per session in the order
 * the steering point stamped them ({@link SessionState#fold}). The properties are the
 * simulator's ({@link Property}), those a live run can tell: every packet output once
 * (no loss, no duplicate), each instance's outputs of a session in order and, after a handover,
 * none at the source once the destination has output one, the critical state present, each session's
 * final state held by one instance and equal to the reference, handovers finished. {@code split}
 * counts sessions that ended held by two instances, or that two instances output without a
 * handover between them, unless the first died holding it ({@code orphaned_sessions}: what it held
 * is lost, and shows as loss and final state).
 */
@JsonPropertyOrder({"protocol", "nf", "packets", "sessions", "violations", "promised", "broken_promises",
    "migrations", "handovers_completed", "handovers_aborted", "aborts", "max_handover_ms", "max_controller_buffer",
    "bad_load_reports", "failed_sends", "orphaned_sessions"})
public record LiveVerdict(MigrationProtocol protocol, String nf, long packets, int sessions,
        Map<String, Long> violations, List<String> promised, @JsonProperty("broken_promises") long brokenPromises,
        Map<String, Long> migrations, @JsonProperty("handovers_completed") long handoversCompleted,
        @JsonProperty("handovers_aborted") long handoversAborted, List<String> aborts,
        @JsonProperty("max_handover_ms") double maxHandoverMs,
        @JsonProperty("max_controller_buffer") long maxControllerBuffer,
        @JsonProperty("bad_load_reports") long badLoadReports, @JsonProperty("failed_sends") long failedSends,
        @JsonProperty("orphaned_sessions") int orphanedSessions) {

    /** What a live run can tell; buffer bounds and joins are the simulator's to check. */
    private static final Set<Property> CHECKED = EnumSet.of(Property.LOSS, Property.DUPLICATE,
            Property.RETURN_TO_SOURCE, Property.FINAL_STATE, Property.SPLIT, Property.REORDER, Property.COHESIVE_REORDER,
            Property.CSS_MISSING, Property.INCOMPLETE);

    /** The NF kind a protocol's run keeps, as the simulator's defaults: counters for Weak-O, the IDS otherwise. */
    public static NfKind kindFor(MigrationProtocol protocol) {
        return protocol == MigrationProtocol.WEAK_O ? NfKind.COUNTERS : NfKind.STREAM_IDS;
    }

    /** Collects what the finishing instances applied and judges the run. */
    public static LiveVerdict judge(LiveConfig config, LiveRun run, MigrationProtocol protocol, Duration timeout) {
        return judge(run, Outputs.collect(config, run.finishing(), timeout), protocol);
    }

    static LiveVerdict judge(LiveRun run, List<Output> outputs, MigrationProtocol protocol) {
        NfKind kind = kindFor(protocol);
        Map<Property, Long> violations = new EnumMap<>(Property.class);
        CHECKED.forEach(p -> violations.put(p, 0L));
        Map<Integer, List<Output>> applied = new HashMap<>();
        Map<Integer, Map<String, SessionState>> finals = new HashMap<>();
        for (Output o : outputs) {
            if (o.kind() == Output.Kind.APPLIED) {
                applied.computeIfAbsent(o.session(), s -> new ArrayList<>()).add(o);
            } else {
                finals.computeIfAbsent(o.session(), s -> new HashMap<>()).put(o.instance(), SessionState.of(o.state()));
            }
        }
        Map<Integer, SwitchHandover> completed = new HashMap<>();
        double maxHandoverMs = 0;
        for (SwitchHandover h : run.handovers()) {
            if (h.phase() == SwitchHandover.Phase.COMPLETED) {
                completed.put(h.session, h);
                maxHandoverMs = Math.max(maxHandoverMs, (h.endMicros - h.startMicros) / 1000.0);
            } else if (h.phase() != SwitchHandover.Phase.ABORTED) {
                violations.merge(Property.INCOMPLETE, 1L, Long::sum);
            }
        }
        long packets = 0;
        Stamper stamper = run.stamper();
        for (int s = 0; s < stamper.sessions(); s++) {
            List<Packet> sent = stamper.sent(s);
            packets += sent.size();
            SessionCheck check = new SessionCheck(sent, applied.getOrDefault(s, List.of()), completed.get(s),
                    run.orphans().contains(stamper.key(s)));
            check.count(violations);
            Map<String, SessionState> held = finals.getOrDefault(s, Map.of());
            if (held.size() > 1) {
                violations.merge(Property.SPLIT, 1L, Long::sum);
            }
            SessionState state = held.size() == 1 ? held.values().iterator().next() : new SessionState();
            if (!sent.isEmpty() && (held.size() != 1 || !state.sameAs(SessionState.fold(sent), kind))) {
                violations.merge(Property.FINAL_STATE, 1L, Long::sum);
            }
        }
        Map<String, Long> named = new LinkedHashMap<>();
        violations.forEach((p, n) -> named.put(p.jsonName(), n));
        List<Property> promised = Property.promisedBy(protocol, kind).stream().filter(CHECKED::contains).toList();
        long broken = promised.stream().mapToLong(violations::get).sum();
        long aborted = run.handovers().stream().filter(h -> h.phase() == SwitchHandover.Phase.ABORTED).count();
        return new LiveVerdict(protocol, kind.cliName(), packets, stamper.sessions(), named,
                promised.stream().map(Property::jsonName).toList(), broken, run.steps(), completed.size(), aborted,
                run.aborts(), maxHandoverMs, run.maxControllerBuffer(), run.badLoadReports(), run.failedSends(),
                run.orphans().size());
    }
}
