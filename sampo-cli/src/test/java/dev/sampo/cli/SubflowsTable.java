package dev.sampo.cli;

import dev.sampo.association.AssociationResult;
import dev.sampo.kafka.TopicView;
import dev.sampo.kafka.Topics;
import dev.sampo.stream.OutputRecords;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

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
    static Set<Set<String>> settle(String bootstrap, Set<Set<String>> expected) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        try (TopicView subflows = new TopicView(bootstrap, Topics.SUBFLOWS)) {
            Set<Set<String>> groups = Set.of();
            while (System.nanoTime() < deadline) {
                if (subflows.poll(Duration.ofMillis(200)) > 0) {
                    groups = groupsOf(subflows.table());
                }
                if (subflows.unchangedFor().compareTo(SETTLED) > 0 && groups.equals(expected)) {
                    break;
                }
            }
            return groups;
        }
    }

    /** Each session as the set of its subflow ids. */
    static Set<Set<String>> groupsOf(AssociationResult result) {
        return result.sessions().stream()
                .map(s -> s.subflows().stream().map(m -> m.id().toString()).collect(Collectors.toCollection(TreeSet::new)))
                .collect(Collectors.toSet());
    }

    private static Set<Set<String>> groupsOf(Map<String, String> table) {
        return groupsOf(OutputRecords.resultOf(0, table));
    }
}
