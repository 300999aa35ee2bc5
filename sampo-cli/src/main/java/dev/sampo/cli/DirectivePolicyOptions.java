package dev.sampo.cli;

import dev.sampo.ids.DirectivePolicy;
import picocli.CommandLine.Option;

/** How alerts become directives: shared by {@code directives} and {@code directive-service}. */
final class DirectivePolicyOptions {
    @Option(names = "--min-confidence", paramLabel = "Φ", defaultValue = "" + DirectivePolicy.DEFAULT_MIN_CONFIDENCE,
            description = "Below this weakest-link Φ, a session's other subflows get alert instead of block "
                    + "(default: ${DEFAULT-VALUE}).")
    double minConfidence;

    @Option(names = "--dsn-only-alert",
            description = "A session grouped by DSN evidence alone gets alert instead of block on its other subflows.")
    boolean dsnOnlyAlert;

    @Option(names = "--block-severity", paramLabel = "N", defaultValue = "1",
            description = "Alerts of Suricata severity N or more severe (lower) ask for block, as do alerts the IDS "
                    + "blocked (alert.action blocked); others ask for alert (default: ${DEFAULT-VALUE}).")
    int blockSeverity;

    @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long a decision covers subflows that join its session (default: ${DEFAULT-VALUE}).")
    double ttlSeconds;

    DirectivePolicy policy() {
        return new DirectivePolicy(minConfidence, dsnOnlyAlert, blockSeverity, Math.round(ttlSeconds * 1e6),
                DirectivePolicy.DEFAULT_MAX_DECISIONS);
    }
}
