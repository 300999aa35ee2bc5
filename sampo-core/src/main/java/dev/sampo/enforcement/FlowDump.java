package dev.sampo.enforcement;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the rules of {@code ovs-ofctl --no-names --no-stats dump-flows}: one rule per line,
 * {@code cookie=0x…, table=N, priority=P,MATCH actions=ACTIONS}, where OVS leaves out a zero
 * cookie, table 0 and the default priority 32768.
 */
public final class FlowDump {
    /** Fields and flags of a dump that are not part of the match. */
    private static final Set<String> NOT_MATCH = Set.of("duration", "n_packets", "n_bytes", "idle_age", "hard_age",
            "idle_timeout", "hard_timeout", "importance", "reset_counts", "send_flow_rem", "check_overlap",
            "no_packet_counts", "no_byte_counts", "out_port", "out_group");
    private static final String ACTIONS = " actions=";

    private FlowDump() {
    }

    /**
     * @throws IllegalArgumentException for a rule line whose cookie, table or priority is not a number
     */
    public static List<FlowRule> parse(String dump) {
        List<FlowRule> rules = new ArrayList<>();
        for (String line : dump.split("\n")) {
            int at = line.indexOf(ACTIONS);
            if (at < 0) {
                continue; // the reply header, or an empty line
            }
            long cookie = 0;
            int table = 0;
            int priority = 32_768;
            List<String> match = new ArrayList<>();
            for (String token : line.substring(0, at).split("[,\\s]+")) {
                String t = token.strip();
                int eq = t.indexOf('=');
                String name = eq < 0 ? t : t.substring(0, eq);
                String value = eq < 0 ? "" : t.substring(eq + 1);
                try {
                    switch (name) {
                        case "" -> { }
                        case "cookie" -> cookie = Long.parseUnsignedLong(value.replaceFirst("^0x", ""), 16);
                        case "table" -> table = Integer.parseInt(value);
                        case "priority" -> priority = Integer.parseInt(value);
                        default -> {
                            if (!NOT_MATCH.contains(name)) {
                                match.add(t);
                            }
                        }
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad " + name + " in the flow dump line: " + line.strip());
                }
            }
            rules.add(new FlowRule(table, priority, String.join(",", match), line.substring(at + ACTIONS.length()).strip(),
                    cookie));
        }
        return rules;
    }
}
