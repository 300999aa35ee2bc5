package dev.sampo.cli;

import dev.sampo.ids.DirectivePolicy;
import java.time.Duration;
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

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "300s",
            description = "How long a decision covers subflows that join its session, e.g. 90s, 10m "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration ttl;

    DirectivePolicy policy() {
        return new DirectivePolicy(minConfidence, dsnOnlyAlert, blockSeverity, ttl.toNanos() / 1_000,
                DirectivePolicy.DEFAULT_MAX_DECISIONS);
    }
}
