package dev.sampo.ids;

import dev.sampo.flow.SubflowId;

/**
 * What reassembly knows of one subflow: who opened it, each direction's initial sequence number
 * and recent DSS mappings, and (in per-subflow mode, or for plain TCP) each direction's own stream.
 * Directions are {@link SubflowId#direction}'s: 0 from endpoint a to b, 1 back.
 */
final class SubflowState {
    static final long MASK32 = 0xFFFF_FFFFL;
    static final int CLIENT_TO_SERVER = 0;
    static final int SERVER_TO_CLIENT = 1;

    final int index;
    final SubflowId id;
    /** The MPTCP session, or null for a connection association did not see as MPTCP. */
    final String session;
    /** The session's token (the passive opener's, 8 hex digits), or null. */
    final String sessionToken;
    /** The direction of the SYN (the opener's), -1 until seen. */
    int opener = -1;
    /** The token an MP_JOIN SYN carried (the receiver's), 8 hex digits, or null. */
    String joinToken;
    final long[] isn = {-1, -1};
    final DssMappings[] mappings = {new DssMappings(), new DssMappings()};
    final Lane[] own = new Lane[2];
    /** Capture time of its last segment, for idle eviction. */
    long lastMicros;

    SubflowState(int index, SubflowId id, String session, String sessionToken) {
        this.index = index;
        this.id = id;
        this.session = session;
        this.sessionToken = sessionToken;
    }

    /**
     * The session direction of this subflow's direction {@code d}: the opener sends client to
     * server, unless it opened a join with a token other than the session's (the passive opener's):
     * then the server opened it, toward the client's token. Without a SYN seen, the endpoint with
     * the higher port is taken as the client (an ephemeral port against a service port).
     */
    int sessionDirection(int d) {
        if (opener >= 0) {
            boolean serverOpened = joinToken != null && sessionToken != null && !joinToken.equals(sessionToken);
            return (d == opener) != serverOpened ? CLIENT_TO_SERVER : SERVER_TO_CLIENT;
        }
        int senderPort = d == 0 ? id.aPort() : id.bPort();
        int receiverPort = d == 0 ? id.bPort() : id.aPort();
        return senderPort > receiverPort ? CLIENT_TO_SERVER : SERVER_TO_CLIENT;
    }

    static String directionName(int sessionDirection) {
        return sessionDirection == CLIENT_TO_SERVER ? "client_to_server" : "server_to_client";
    }

    /** The last DSS mappings of one direction (a ring): subflow sequence (relative) → DSN, length. */
    static final class DssMappings {
        private static final int KEPT = 32;
        private final long[] ssn = new long[KEPT];
        private final long[] dsn = new long[KEPT];
        private final int[] length = new int[KEPT];
        private int count;
        private int newest = -1;

        void add(long relativeSsn, long dataSeq, int len) {
            if (len <= 0 || newest >= 0 && ssn[newest] == relativeSsn && dsn[newest] == dataSeq && length[newest] >= len) {
                return; // an infinite mapping (0) carries nothing to place; a repeat changes nothing
            }
            newest = (newest + 1) % KEPT;
            ssn[newest] = relativeSsn & MASK32;
            dsn[newest] = dataSeq;
            length[newest] = len;
            count = Math.min(count + 1, KEPT);
        }

        /** The slot of the newest mapping covering {@code relativeSsn}, or -1. */
        int find(long relativeSsn) {
            for (int i = 0, slot = newest; i < count; i++, slot = (slot - 1 + KEPT) % KEPT) {
                if (((relativeSsn - ssn[slot]) & MASK32) < length[slot]) {
                    return slot;
                }
            }
            return -1;
        }

        long offsetIn(int slot, long relativeSsn) {
            return (relativeSsn - ssn[slot]) & MASK32;
        }

        long dsn(int slot) {
            return dsn[slot];
        }

        int length(int slot) {
            return length[slot];
        }
    }
}
