package dev.sampo.association;

/**
 * Everything association keeps about one subflow: two {@link Track}s (one per DSN space, indexed
 * by the direction its data flows), ISN bounds per direction, tokens, and counters. Its size is
 * bounded by the tracks' box capacity, whatever the subflow's length.
 */
final class SubflowState {
    static final int MAX_TOKENS = 4;

    final SubflowId id;
    final Track[] tracks;
    final IsnBounds[] isn = {new IsnBounds(), new IsnBounds()};

    long firstSeen = Long.MAX_VALUE;
    long lastSeen = Long.MIN_VALUE;
    /** First time a DSN-space evidence box was added (for time-to-decision). */
    long firstEvidence = Long.MAX_VALUE;
    long packets;
    long payloadBytes;
    /** Largest 1-in-N sampling rate among this subflow's packets (ϱ = 1/N). */
    int samplingRate = 1;
    boolean backup;

    final long[] tokens = new long[MAX_TOKENS];
    int tokenCount;
    /** The token of the passive opener's key (what MP_JOIN SYNs from the client carry), or -1. */
    long responderToken = -1;

    SubflowState(SubflowId id, int boxesPerTrack) {
        this.id = id;
        this.tracks = new Track[] {new Track(boxesPerTrack), new Track(boxesPerTrack)};
    }

    void addToken(long token) {
        for (int i = 0; i < tokenCount; i++) {
            if (tokens[i] == token) {
                return;
            }
        }
        if (tokenCount < MAX_TOKENS) {
            tokens[tokenCount++] = token;
        }
    }

    boolean hasToken(long token) {
        for (int i = 0; i < tokenCount; i++) {
            if (tokens[i] == token) {
                return true;
            }
        }
        return false;
    }

    boolean hasDsnEvidence() {
        return !tracks[0].isEmpty() || !tracks[1].isEmpty();
    }

    long retainedBytes() {
        return 160 + tracks[0].retainedBytes() + tracks[1].retainedBytes() + 2 * 32 + 8L * MAX_TOKENS + 16;
    }
}
