package dev.sampo.wire;

/**
 * The schema ids of the JSON output values, sent in the {@link HeaderNames#SCHEMA} header so that
 * a consumer can tell versions apart without parsing. A new field keeps the version (readers skip
 * fields they do not know); a renamed, retyped or removed field makes a new one.
 */
public final class Schemas {
    /** A {@link SessionRecord}, on {@link Topics#SESSIONS}. */
    public static final String SESSION_V1 = "session.v1";
    /** A {@link SubflowRecord}, on {@link Topics#SUBFLOWS}. */
    public static final String SUBFLOW_V1 = "subflow.v1";
    /** A {@link PairRecord}, on {@link Topics#PAIRS}. */
    public static final String PAIR_V1 = "pair.v1";
    /** A {@link DirectiveRecord}, on {@link Topics#DIRECTIVES}. */
    public static final String DIRECTIVE_V1 = "directive.v1";
    /** {@link Topics#STEERING} values ({@link SteeringRecord}). */
    public static final String STEERING_V1 = "steering.v1";
    /** {@link Topics#MIGRATIONS} values ({@link MigrationRecord}). */
    public static final String MIGRATION_V1 = "migration.v1";
    /** {@link Topics#ALERTS} values ({@code dev.sampo.ids.IdsAlert}). */
    public static final String ALERT_V1 = "alert.v1";

    /** {@link Topics#AGENTS} values ({@link AgentRecord}). */
    public static final String AGENT_V1 = "agent.v1";

    private Schemas() {
    }
}
