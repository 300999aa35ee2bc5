package dev.sampo.directory;

/**
 * The names the directory reads from the topic contract (README, "Topic contract"). Kept here
 * rather than taken from {@code dev.sampo.kafka.Topics} because that module brings the broker with
 * it, which an NF must not link.
 */
final class OutputTopics {
    static final String SESSIONS = "sampo.sessions";
    static final String SUBFLOWS = "sampo.subflows";
    /** The header that names a value's schema; a record without it is read as the current version. */
    static final String SCHEMA_HEADER = "sampo.schema";
    static final String SESSION_V1 = "session.v1";
    static final String SUBFLOW_V1 = "subflow.v1";

    private OutputTopics() {
    }
}
