package dev.sampo.enforcement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to change on a switch so that it holds the plan: the enforcer's rules (its cookie tag)
 * that are missing or differ are added, those no unit wants any more are deleted, and nothing
 * else is touched. Applying the same plan twice changes nothing the second time; adding a rule
 * whose table, priority and match a rule already has replaces it, so there are never two.
 */
public final class Reconciliation {

    /** The changes of one unit, to apply at once ({@code ovs-ofctl --bundle add-flows}). */
    public record Batch(String unit, List<FlowRule> deleted, List<FlowRule> added) {
        /** The {@code delete_strict …} lines, then the {@code add …} lines. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            deleted.forEach(r -> lines.add(r.deleteLine()));
            added.forEach(r -> lines.add(r.addLine()));
            return lines;
        }
    }

    private Reconciliation() {
    }

    /** @param onSwitch every rule the switch holds (others' rules are left alone) */
    public static List<Batch> diff(RuleBook.Plan plan, List<FlowRule> onSwitch, RuleSettings settings) {
        Map<String, FlowRule> actual = new HashMap<>();
        for (FlowRule r : onSwitch) {
            if (settings.ours(r.cookie())) {
                actual.put(r.key(), r);
            }
        }
        Map<String, List<FlowRule>> deletes = new LinkedHashMap<>();
        Map<String, List<FlowRule>> adds = new LinkedHashMap<>();
        Map<Long, String> unitOfCookie = new HashMap<>();
        Set<String> wanted = new HashSet<>();
        plan.units().forEach((unit, rules) -> {
            for (FlowRule r : rules) {
                unitOfCookie.put(r.cookie(), unit);
                wanted.add(r.key());
                FlowRule there = actual.get(r.key());
                if (there == null || !there.sameAs(r)) {
                    adds.computeIfAbsent(unit, u -> new ArrayList<>()).add(r);
                }
            }
        });
        for (FlowRule r : actual.values()) {
            if (!wanted.contains(r.key())) {
                // a rule of a unit still planned goes with that unit's changes; others by cookie
                String unit = unitOfCookie.getOrDefault(r.cookie(),
                        String.format(Locale.ROOT, "stale cookie 0x%x", r.cookie()));
                deletes.computeIfAbsent(unit, u -> new ArrayList<>()).add(r);
            }
        }
        List<Batch> batches = new ArrayList<>();
        Set<String> units = new TreeSet<>(adds.keySet());
        units.addAll(deletes.keySet());
        for (String unit : units) {
            batches.add(new Batch(unit, List.copyOf(deletes.getOrDefault(unit, List.of())),
                    List.copyOf(adds.getOrDefault(unit, List.of()))));
        }
        return batches;
    }
}
