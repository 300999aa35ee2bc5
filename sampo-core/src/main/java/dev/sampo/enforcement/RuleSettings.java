package dev.sampo.enforcement;

import java.util.Locale;

/**
 * Where and how the enforcer writes its OpenFlow rules.
 *
 * @param table the table its rules go to (default 0)
 * @param steerPriority the priority of a steering rule (default 40000): above the switch's own
 *     forwarding, so a listed subflow goes to its NF instance
 * @param dropPriority the priority of a drop rule (default 40100): above steering, so a blocked
 *     subflow is dropped whatever instance it was steered to
 * @param cookieTag the top 16 bits of every rule's cookie (default {@code 0x5a3e}): what makes a rule
 *     the enforcer's; rules with another tag are never read, changed or deleted
 * @param continueActions actions after the output to the NF port (default none: the NF is in the
 *     path and forwards the packet itself). Where NFs get a copy and the switch forwards, the
 *     actions that forward, in the form {@code ovs-ofctl dump-flows} prints them (the lab:
 *     {@code resubmit(,1)}), so that a rule on the switch compares equal to the one planned
 */
public record RuleSettings(int table, int steerPriority, int dropPriority, int cookieTag, String continueActions) {
    public static final RuleSettings DEFAULTS = new RuleSettings(0, 40_000, 40_100, 0x5a3e, "");
    private static final long LOW_48 = (1L << 48) - 1;

    public RuleSettings {
        if (table < 0 || table > 253) {
            throw new IllegalArgumentException("table must be 0..253, not " + table);
        }
        if (steerPriority < 1 || dropPriority <= steerPriority || dropPriority > 65_535) {
            throw new IllegalArgumentException("priorities must satisfy 0 < steer (" + steerPriority + ") < drop ("
                    + dropPriority + ") ≤ 65535");
        }
        if (cookieTag < 1 || cookieTag > 0xffff) {
            throw new IllegalArgumentException("cookie tag must be 0x0001..0xffff, not 0x" + Integer.toHexString(cookieTag));
        }
        continueActions = continueActions == null ? "" : continueActions.strip();
    }

    /** A cookie of the enforcer's: its tag over 48 bits of {@code low}. */
    public long cookie(long low) {
        return ((long) cookieTag << 48) | (low & LOW_48);
    }

    public boolean ours(long cookie) {
        return (cookie >>> 48) == cookieTag;
    }

    /** The {@code ovs-ofctl} flow filter that selects the enforcer's rules and no others. */
    public String cookieFilter() {
        return String.format(Locale.ROOT, "cookie=0x%x/0xffff000000000000", (long) cookieTag << 48);
    }
}
