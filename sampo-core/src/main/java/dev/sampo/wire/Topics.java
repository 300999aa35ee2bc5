package dev.sampo.wire;

/**
 * The names of Sampo's Kafka topics, declared once for every producer and consumer. Only strings:
 * a module can name a topic without depending on a Kafka client. What each topic carries is in
 * {@code docs/TOPICS.md}.
 */
public final class Topics {
    /** Input: one {@link PacketWire} record per sampled packet, keyed by canonical subflow id. */
    public static final String PACKETS = "sampo.packets";
    /** {@link #PACKETS} records the association job could not read, byte for byte (headers {@link HeaderNames#ERROR}, {@link HeaderNames#SOURCE}). */
    public static final String PACKETS_DLQ = "sampo.packets.dlq";
    /** Pair decisions of the association job ({@link PairRecord}), keyed {@code A|B}. */
    public static final String PAIRS = "sampo.pairs";
    /** Sessions, the latest {@link SessionRecord} per session id (compacted). */
    public static final String SESSIONS = "sampo.sessions";
    /** The lookup table of NF controllers: the latest {@link SubflowRecord} per subflow id (compacted). */
    public static final String SUBFLOWS = "sampo.subflows";

    /** Load reports of the network-function instances, read by steering and migration. */
    public static final String NF_LOAD = "nf.load";
    /** Which NF instance each session is steered to. */
    public static final String STEERING = "sampo.steering";
    /** Commands to the NF data plane: IDS decisions per subflow ({@link DirectiveRecord}), keyed by subflow id. */
    public static final String DIRECTIVES = "sampo.directives";
    /** Input from an IDS: Suricata EVE JSON records, one per message (only {@code event_type} "alert" is used). */
    public static final String IDS_ALERTS = "ids.alerts";
    /**
     * Content matches of the association job's IDS stage on full-payload {@link #PACKETS}, one JSON
     * object per alert as {@code ./sampo ids} prints it ({@code dev.sampo.ids.IdsAlert}), keyed by session.
     */
    public static final String ALERTS = "sampo.alerts";
    /** Session migrations between NF instances ({@link MigrationRecord}), as they are planned, run and end, keyed by session. */
    public static final String MIGRATIONS = "sampo.migrations";

    /**
     * Health of the ingest agents (capture agents, sFlow collectors): the latest {@link AgentRecord}
     * per agent id, written every stats period (compacted), read by the dashboard.
     */
    public static final String AGENTS = "sampo.agents";

    private Topics() {
    }
}
