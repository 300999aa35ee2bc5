package dev.sampo.cli;

import dev.sampo.association.AssociationConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Association settings shared by every command that runs association over a file. */
final class AssociationOptions {
    @Option(names = "--no-token", description = "Ignore keys and tokens: DSN evidence only.")
    boolean noToken;

    @Option(names = "--dsn-bits", paramLabel = "32|64", defaultValue = "64",
            description = "Truncate DSNs and DATA_ACKs to 32 bits (the paper's setting) or keep 64 (default).")
    int dsnBits;

    @Option(names = "--period", paramLabel = "DURATION", defaultValue = "1s",
            description = "Run association this often in packet time, e.g. 500ms, 2s (default: ${DEFAULT-VALUE}).")
    Duration period;

    @Option(names = "--horizon", paramLabel = "DURATION", defaultValue = "600s",
            description = "Keep evidence this long (default: ${DEFAULT-VALUE}).")
    Duration horizon;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "120s",
            description = "Forget a subflow idle this long (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--population", paramLabel = "N", defaultValue = "10000",
            description = "Concurrent subflows a DSN coincidence could come from (default: ${DEFAULT-VALUE}); "
                    + "every coincidence's chance is multiplied by it.")
    long population;

    AssociationConfig config() {
        return AssociationConfig.builder()
                .dsnBits(dsnBits)
                .useTokens(!noToken)
                .period(period)
                .horizon(horizon)
                .idleTimeout(idleTimeout)
                .population(population)
                .build();
    }
}
