package dev.sampo.bench;

import dev.sampo.association.AssociationConfig;

/**
 * What {@code PeriodCost} and {@code JobPeriodCost} run: N live subflows copied from a capture, C
 * of them changed a period, for a number of periods; their first five positional arguments.
 */
record PeriodLoad(int subflows, int changed, int periods, String capture, String sampling) {
    static PeriodLoad of(PositionalArgs arguments) {
        return new PeriodLoad(arguments.intAt(0, 100_000), arguments.intAt(1, 10_000), arguments.intAt(2, 5),
                arguments.at(3, PositionalArgs.PAPER40), arguments.at(4, "count:100"));
    }

    /** DSN evidence only, and a cap that keeps every copied subflow live. */
    AssociationConfig config() {
        return AssociationConfig.builder().useTokens(false)
                .maxSubflows(Math.max(subflows, AssociationConfig.DEFAULTS.maxSubflows())).build();
    }
}
