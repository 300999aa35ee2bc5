package dev.sampo.enforcement;

import dev.sampo.association.Fnv1a;
import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.wire.DirectiveRecord;
import dev.sampo.wire.SteeringRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules a switch should hold for the steering table ({@code sampo.steering}) and the
 * directives ({@code sampo.directives}): per steered subflow, one rule per direction that outputs
 * it to its NF instance's port; per subflow of a blocked session, one drop rule per direction,
 * until the directive expires. Rules come in units, the set that is applied at once: a session's
 * steering ({@code steer SESSION}) and a session's block ({@code block SESSION}), so a switch never
 * holds half a session's change.
 */
public final class RuleBook {

    /**
     * @param units the rules of each unit, by unit name
     * @param skipped the subflows that get no steering rule, and why
     * @param nextExpiryMicros when the earliest live block expires (its rules then go), or
     *     {@link Long#MAX_VALUE}
     */
    public record Plan(Map<String, List<FlowRule>> units, List<Skip> skipped, long nextExpiryMicros) {
        /** The subflows of {@code unit} that have rules (two per subflow). */
        public int subflows(String unit) {
            return units.getOrDefault(unit, List.of()).size() / 2;
        }
    }

    /** A steering record the switch cannot follow: its instance has no port. */
    public record Skip(String unit, SubflowId subflow, String instance, String reason) {
    }

    private RuleBook() {
    }

    /**
     * @param ports the OpenFlow port of each NF instance the switch can reach
     * @param nowMicros the time directives expire against (µs since the epoch)
     */
    public static Plan plan(Collection<SteeringRecord> steering, Collection<DirectiveRecord> directives,
                            Map<String, Integer> ports, long nowMicros, RuleSettings settings) {
        Map<String, List<FlowRule>> units = new TreeMap<>();
        List<Skip> skipped = new ArrayList<>();
        for (SteeringRecord r : steering) {
            String unit = "steer " + (r.session() != null ? r.session() : r.subflow().toString());
            Integer port = ports.get(r.instance());
            if (port == null) {
                skipped.add(new Skip(unit, r.subflow(), r.instance(), "no port on the switch for instance " + r.instance()));
                continue;
            }
            String actions = "output:" + port
                    + (settings.continueActions().isEmpty() ? "" : "," + settings.continueActions());
            add(units, unit, r.subflow(), settings.steerPriority(), actions, settings);
        }
        long nextExpiry = Long.MAX_VALUE;
        for (DirectiveRecord d : directives) {
            if (!d.action().equals(DirectiveRecord.BLOCK) || d.expiresMicros() <= nowMicros) {
                continue;
            }
            nextExpiry = Math.min(nextExpiry, d.expiresMicros());
            add(units, "block " + d.session(), d.subflow(), settings.dropPriority(), "drop", settings);
        }
        return new Plan(units, skipped, nextExpiry);
    }

    private static void add(Map<String, List<FlowRule>> units, String unit, SubflowId subflow, int priority,
                            String actions, RuleSettings settings) {
        long cookie = settings.cookie(Fnv1a.hash64(unit));
        List<FlowRule> rules = units.computeIfAbsent(unit, u -> new ArrayList<>());
        for (String match : matches(subflow)) {
            rules.add(new FlowRule(settings.table(), priority, match, actions, cookie));
        }
    }

    /** Both directions of a subflow, as OpenFlow matches on the TCP 5-tuple. */
    static List<String> matches(SubflowId s) {
        return List.of(match(s.a(), s.aPort(), s.b(), s.bPort()), match(s.b(), s.bPort(), s.a(), s.aPort()));
    }

    private static String match(IpAddress src, int srcPort, IpAddress dst, int dstPort) {
        return src.isV4()
                ? "tcp,nw_src=" + src + ",nw_dst=" + dst + ",tp_src=" + srcPort + ",tp_dst=" + dstPort
                : "tcp6,ipv6_src=" + src + ",ipv6_dst=" + dst + ",tp_src=" + srcPort + ",tp_dst=" + dstPort;
    }
}
