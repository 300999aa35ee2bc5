package dev.sampo.nf.live;

/**
 * What an NF instance tells the steering point about a handover (topic {@code PREFIX.acks}).
 *
 * @param kind the step
 * @param instance who says it
 * @param session the session
 */
public record Ack(Kind kind, String instance, int session) {
    public enum Kind {
        /** The source took START (exported), or a SHarP destination is ready. */
        STARTED,
        /** The destination imported the state. */
        IMPORTED,
        /** The destination holds the whole session: every buffered, copied or streamed packet is in. */
        COMPLETED
    }
}
