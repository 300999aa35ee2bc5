package dev.sampo.nf.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sampo.migration.nf.Packet;
import dev.sampo.migration.nf.SessionState;
import dev.sampo.migration.plan.MigrationProtocol;

/**
 * What goes into an NF instance's input topic, in the order it must be handled: packets from the
 * steering point and the protocols' messages from the steering point and the peer instance.
 *
 * @param kind what it is
 * @param handover the handover it belongs to (the steering point numbers them), for the protocol kinds
 * @param session the session it is about (the steering point's number for it)
 * @param packet the packet, for the packet kinds
 * @param state the exported state, for {@link Kind#STATE}
 * @param peer the other instance of the handover, for {@link Kind#START}
 * @param protocol the handover's protocol, for {@link Kind#START}, {@link Kind#PREPARE} and {@link Kind#STATE}
 * @param count for {@link Kind#END}: the copies the source sent; for {@link Kind#CAPACITY}: packets/s
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Message(Kind kind, long handover, int session, Packet packet, SessionState.Snapshot state, String peer,
        MigrationProtocol protocol, long count) {

    /** The message kinds; the packet kinds cost processing capacity, the others do not. */
    public enum Kind {
        /** A packet from the switch. */
        PACKET,
        /** SHarP: a packet the controller held and released, marked. */
        RELEASED,
        /** Weak-O: a packet the source processed, as a state update. */
        UPDATE,
        /** Reprocessing: a copy of a packet the source processed, to replay with output suppressed. */
        COPY,
        /** To the source: export the session's state to {@code peer}. */
        START,
        /** To a SHarP destination: the session comes; buffer it until its state and the sentinel are in. */
        PREPARE,
        /** From the source: the session's state. */
        STATE,
        /** SHarP: the end-of-release sentinel. */
        SENTINEL,
        /** To the source, behind the last packet the switch sent it: hand the rest over and forget the session. */
        STOP,
        /** From the source: nothing more comes; {@code count} copies were sent. */
        END,
        /**
         * The handover is given up: the source keeps (or takes back) the session, the destination
         * forgets what it got of it, now and when it comes later.
         */
        ABORT,
        /** Out of band: the instance's capacity changes to {@code count} packets/s. */
        CAPACITY,
        /** Report every session's final state, then exit. */
        FINISH
    }

    static Message of(Kind kind, long handover, int session) {
        return new Message(kind, handover, session, null, null, null, null, 0);
    }

    static Message packet(Kind kind, long handover, Packet p) {
        return new Message(kind, handover, p.session(), p, null, null, null, 0);
    }

    boolean costsCapacity() {
        return kind == Kind.PACKET || kind == Kind.RELEASED || kind == Kind.COPY;
    }
}
