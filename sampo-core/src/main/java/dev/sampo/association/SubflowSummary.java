package dev.sampo.association;

import java.util.Arrays;

import dev.sampo.flow.SubflowId;

/**
 * What grouping needs of a subflow, without its DSN evidence: its tokens (links, and the
 * session's name) and what a session reports of it. A stream processor's grouping stage holds
 * this per live subflow instead of a copy of the whole evidence.
 *
 * @param tokens the tokens seen on the subflow (at most {@code SubflowEvidence.MAX_TOKENS}), never modified
 * @param responderToken the passive opener's token, or -1
 */
public record SubflowSummary(SubflowId id, long[] tokens, long responderToken, long packets, long payloadBytes,
                             long firstSeen, long lastSeen) {

    private static final long[] NO_TOKENS = {};

    public static SubflowSummary of(SubflowEvidence s) {
        // The evidence allocates its token array with the first token: most subflows never show one.
        long[] tokens = s.tokenCount == 0 ? NO_TOKENS : Arrays.copyOf(s.tokens, s.tokenCount);
        return new SubflowSummary(s.id, tokens, s.responderToken, s.packets, s.payloadBytes, s.firstSeen, s.lastSeen);
    }

    /**
     * An array for {@code n} tokens, to be filled before it goes into a summary: for none, one
     * shared empty array (most subflows never show a token, and a grouping holds a summary per
     * live subflow).
     */
    public static long[] tokenArray(int n) {
        return n == 0 ? NO_TOKENS : new long[n];
    }

    /** Estimated heap bytes: the record, its token array, and the subflow id it shares with other state. */
    public static long retainedBytes(int tokens) {
        return 64 + 16 + 8L * tokens;
    }
}
