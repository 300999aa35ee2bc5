package dev.sampo.stream;

/**
 * What flows between the association stages: a subflow's evidence (to the DSN buckets it touches
 * and to the grouping), its removal from a bucket it no longer touches, or a bucket's pair
 * decision (to the grouping). A Flink POJO: public fields and a no-argument constructor.
 */
public class Update {
    public enum Kind { EVIDENCE, REMOVE, PAIR }

    /** Bucket for EVIDENCE and REMOVE bound to a DSN bucket; −1 for the grouping stage. */
    public static final int GROUPING = -1;

    public Kind kind;
    public int bucket;
    /** Event time (ms) of the period this belongs to: the last millisecond before its boundary. */
    public long period;
    /** Canonical subflow id (EVIDENCE, REMOVE) or "a|b" (PAIR). */
    public String id;
    /** SubflowEvidence bytes (EVIDENCE) or the decision as {@code pair.v1} JSON (PAIR). */
    public byte[] payload;

    public Update() {
    }

    static Update of(Kind kind, int bucket, long period, String id, byte[] payload) {
        Update u = new Update();
        u.kind = kind;
        u.bucket = bucket;
        u.period = period;
        u.id = id;
        u.payload = payload;
        return u;
    }
}
