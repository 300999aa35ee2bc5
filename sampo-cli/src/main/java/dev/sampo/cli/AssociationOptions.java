package dev.sampo.cli;

import dev.sampo.association.AssociationConfig;
import picocli.CommandLine.Option;

/** Association settings shared by every command that runs association over a file. */
final class AssociationOptions {
    @Option(names = "--no-token", description = "Ignore keys and tokens: DSN evidence only.")
    boolean noToken;

    @Option(names = "--dsn-bits", paramLabel = "32|64", defaultValue = "64",
            description = "Truncate DSNs and DATA_ACKs to 32 bits (the paper's setting) or keep 64 (default).")
    int dsnBits;

    @Option(names = "--period", paramLabel = "SECONDS", defaultValue = "1",
            description = "Run association every this many seconds of packet time (default: ${DEFAULT-VALUE}).")
    double periodSeconds;

    @Option(names = "--horizon", paramLabel = "SECONDS", defaultValue = "600",
            description = "Keep evidence this long (default: ${DEFAULT-VALUE}).")
    double horizonSeconds;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Forget a subflow idle this long (default: ${DEFAULT-VALUE}).")
    double idleSeconds;

    AssociationConfig config() {
        return AssociationConfig.DEFAULTS
                .withDsnBits(dsnBits)
                .withTokens(!noToken)
                .withTiming(micros(periodSeconds), micros(horizonSeconds), micros(idleSeconds));
    }

    private static long micros(double seconds) {
        return Math.round(seconds * 1e6);
    }
}
