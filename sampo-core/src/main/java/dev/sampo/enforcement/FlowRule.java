package dev.sampo.enforcement;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One OpenFlow rule as {@code ovs-ofctl} writes and prints it.
 *
 * @param match the match fields, comma-separated ({@code tcp,nw_src=…}), in any order
 * @param actions the actions, as {@code ovs-ofctl dump-flows} prints them
 */
public record FlowRule(int table, int priority, String match, String actions, long cookie) {

    /**
     * What identifies a rule on a switch: table, priority and the match, its fields sorted (a
     * switch holds at most one rule per key; adding one with the same key replaces it).
     */
    public String key() {
        String fields = Arrays.stream(match.split(",")).map(String::strip).filter(f -> !f.isEmpty()).sorted()
                .collect(Collectors.joining(","));
        return table + "/" + priority + "/" + fields;
    }

    /** Same key, cookie and actions: nothing to change. */
    public boolean sameAs(FlowRule other) {
        return key().equals(other.key()) && cookie == other.cookie && actions.equals(other.actions);
    }

    /** The line of an {@code ovs-ofctl add-flows} file that adds (or replaces) this rule. */
    public String addLine() {
        return String.format(Locale.ROOT, "add cookie=0x%x,table=%d,priority=%d,%s actions=%s", cookie, table, priority,
                match, actions);
    }

    /** The line that deletes exactly this rule, and only while it still carries this cookie. */
    public String deleteLine() {
        return String.format(Locale.ROOT, "delete_strict cookie=0x%x/-1,table=%d,priority=%d,%s", cookie, table,
                priority, match);
    }
}
