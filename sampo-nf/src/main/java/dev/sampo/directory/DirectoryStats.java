package dev.sampo.directory;

/**
 * A snapshot of the directory's counters.
 *
 * @param sessions sessions held now
 * @param subflows {@code sampo.subflows} entries held now
 * @param records records read from both topics, good or bad
 * @param malformed records skipped: not JSON, the wrong schema, a key that does not match the value
 * @param unknownFields records read whose values carried fields this version does not know (the
 *     fields are skipped, the record is used)
 * @param refusedSessions new sessions not taken because {@code max.sessions} were held
 * @param refusedSubflows new subflows not taken because {@code max.subflows} were held
 * @param listenerErrors listener calls that threw
 */
public record DirectoryStats(
        int sessions,
        int subflows,
        long records,
        long malformed,
        long unknownFields,
        long refusedSessions,
        long refusedSubflows,
        long listenerErrors) {
}
