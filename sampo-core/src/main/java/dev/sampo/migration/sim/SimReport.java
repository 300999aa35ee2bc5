package dev.sampo.migration.sim;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sampo.migration.nf.NfKind;
import dev.sampo.migration.plan.MigrationProtocol;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one run: violations per property (all of them, promised or not), what the
 * protocol promised, and the costs.
 *
 * @param violations count per {@link Property}, by its JSON name
 * @param promised the properties this protocol promises for this NF kind
 * @param maxControllerBuffer most packets ever held at the controller, all sessions together
 * @param maxNfBuffer most packets ever held at the NF instances, all sessions together
 * @param p99AddedLatencyMs 99th percentile, over packets that reached the switch during their
 *     session's migration, of their latency beyond the plain path to the instance that processed them
 * @param maxSplitMs longest time a session ran on both instances at once
 * @param maxRerouteMs longest measured reroute (rule command to the switch's flip)
 * @param p90MigrationMs 90th percentile of migration durations (decision to completion)
 * @param migrations migrations completed
 */
@JsonPropertyOrder({"protocol", "nf", "packets", "violations", "promised", "max_buffer", "max_controller_buffer",
    "max_nf_buffer", "p99_added_latency_ms", "max_split_ms", "max_reroute_ms", "p90_migration_ms", "migrations",
    "broken_promises"})
public record SimReport(MigrationProtocol protocol, @JsonIgnore NfKind nf, long packets, Map<String, Long> violations,
        List<String> promised, @JsonProperty("max_controller_buffer") long maxControllerBuffer,
        @JsonProperty("max_nf_buffer") long maxNfBuffer, @JsonProperty("p99_added_latency_ms") double p99AddedLatencyMs,
        @JsonProperty("max_split_ms") double maxSplitMs, @JsonProperty("max_reroute_ms") double maxRerouteMs,
        @JsonProperty("p90_migration_ms") double p90MigrationMs, long migrations) {

    @JsonProperty("max_buffer")
    public long maxBuffer() {
        return Math.max(maxControllerBuffer, maxNfBuffer);
    }

    @JsonProperty("nf")
    public String nfName() {
        return nf.cliName();
    }

    public long violations(Property p) {
        return violations.get(p.jsonName());
    }

    /** Violations of the properties the protocol promised: zero in a correct run. */
    @JsonProperty("broken_promises")
    public long brokenPromises() {
        return promised.stream().mapToLong(violations::get).sum();
    }
}
