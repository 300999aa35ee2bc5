package dev.sampo.cli;

import dev.sampo.flow.SubflowId;
import dev.sampo.kafka.KafkaClientConfig;
import dev.sampo.kafka.TopicView;
import dev.sampo.wire.SubflowRecord;
import dev.sampo.wire.Topics;
import java.time.Duration;
import java.util.Set;

/** The {@code sampo.subflows} table of a running stack, read as the groups of subflow ids it describes. */
final class SubflowsTable {
    /** How long the table must stay unchanged before a test believes the job is done with it. */
    private static final Duration SETTLED = Duration.ofSeconds(4);
    /** Generous: the machine is shared, and a MiniCluster job on it can be slow to catch up. */
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private SubflowsTable() {
    }

    /**
     * Reads the table until it equals {@code expected} and has not changed for a while, or the
     * limit passes; returns its groups then, for the caller to compare with what it expected.
     */
    static Set<Set<SubflowId>> settle(String bootstrap, Set<Set<SubflowId>> expected) {
        return settle(bootstrap, KafkaClientConfig.NONE, expected);
    }

    /** As {@link #settle(String, Set)}, reading with a client properties file's settings (TLS, SASL). */
    static Set<Set<SubflowId>> settle(String bootstrap, KafkaClientConfig client, Set<Set<SubflowId>> expected) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        try (TopicView subflows = new TopicView(bootstrap, client, Topics.SUBFLOWS)) {
            Set<Set<SubflowId>> groups = Set.of();
            while (System.nanoTime() < deadline) {
                if (subflows.poll(Duration.ofMillis(200)) > 0) {
                    groups = SubflowRecord.resultOf(0, subflows.table()).groups();
                }
                if (subflows.unchangedFor().compareTo(SETTLED) > 0 && groups.equals(expected)) {
                    break;
                }
            }
            return groups;
        }
    }
}
