package dev.sampo.association;

import dev.sampo.flow.SubflowId;

/**
 * Everything association keeps about one subflow: two {@link Track}s (one per DSN space, indexed
 * by the direction its data flows), ISN bounds per direction, tokens, and counters. Its size is
 * bounded by the tracks' box capacity, whatever the subflow's length. It serializes to a
 * versioned binary form ({@link #toBytes()}) for keyed state and shuffles in a stream processor.
 */
public final class SubflowEvidence {
    static final int MAX_TOKENS = 4;

    final SubflowId id;
    final Track[] tracks;
    final IsnBounds[] isn;

    long firstSeen = Long.MAX_VALUE;
    long lastSeen = Long.MIN_VALUE;
    /** First time a DSN-space evidence box was added (for time-to-decision). */
    long firstEvidence = Long.MAX_VALUE;
    long packets;
    long payloadBytes;
    /** Largest 1-in-N sampling rate among this subflow's packets (ϱ = 1/N). */
    int samplingRate = 1;
    boolean backup;

    /** The first {@link #tokenCount} hold tokens; allocated with the first, since most subflows show none. */
    long[] tokens;
    int tokenCount;
    /** The token of the passive opener's key (what MP_JOIN SYNs from the client carry), or -1. */
    long responderToken = -1;

    public SubflowEvidence(SubflowId id, int boxesPerTrack) {
        this(id, new Track[] {new Track(boxesPerTrack), new Track(boxesPerTrack)},
                new IsnBounds[] {new IsnBounds(), new IsnBounds()});
    }

    SubflowEvidence(SubflowId id, Track[] tracks, IsnBounds[] isn) {
        this.id = id;
        this.tracks = tracks;
        this.isn = isn;
    }

    void addToken(long token) {
        for (int i = 0; i < tokenCount; i++) {
            if (tokens[i] == token) {
                return;
            }
        }
        if (tokenCount < MAX_TOKENS) {
            if (tokens == null) {
                tokens = new long[MAX_TOKENS];
            }
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

    public SubflowId id() {
        return id;
    }

    public long firstSeen() {
        return firstSeen;
    }

    public long lastSeen() {
        return lastSeen;
    }

    public long packets() {
        return packets;
    }

    public long payloadBytes() {
        return payloadBytes;
    }

    /** Drops evidence boxes that ended before {@code cutoff} (the horizon). */
    public void expire(long cutoff) {
        tracks[0].expire(cutoff);
        tracks[1].expire(cutoff);
    }

    public byte[] toBytes() {
        return EvidenceCodec.encode(this);
    }

    public static SubflowEvidence fromBytes(byte[] bytes) {
        return EvidenceCodec.decode(bytes);
    }

    /** Estimated heap bytes held by this subflow's state. */
    public long retainedBytes() {
        return 160 + tracks[0].retainedBytes() + tracks[1].retainedBytes() + 2 * 32 + (tokens == null ? 0 : 16 + 8L * MAX_TOKENS);
    }
}
