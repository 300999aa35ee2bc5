package dev.sampo.packet;

import java.util.EnumMap;
import java.util.Map;

/** Counters of decoded frames and of every kind of decode error. Not thread-safe. */
public final class DecodeStats {
    private final long[] counts = new long[DecodeError.values().length];
    private long frames;
    private long tcp;
    private long mptcp;
    private long truncatedHeaders;

    void frame(DecodeError error, boolean isTcp, boolean hasMptcp, boolean truncated) {
        frames++;
        counts[error.ordinal()]++;
        if (isTcp) {
            tcp++;
        }
        if (hasMptcp) {
            mptcp++;
        }
        if (truncated) {
            truncatedHeaders++;
        }
    }

    public long frames() {
        return frames;
    }

    public long tcpSegments() {
        return tcp;
    }

    public long mptcpSegments() {
        return mptcp;
    }

    /** Frames whose headers were cut short (decoded as far as the bytes went). */
    public long truncatedHeaders() {
        return truncatedHeaders;
    }

    public long count(DecodeError error) {
        return counts[error.ordinal()];
    }

    /** Every error kind with a non-zero count, {@link DecodeError#NONE} excluded. */
    public Map<DecodeError, Long> errors() {
        Map<DecodeError, Long> m = new EnumMap<>(DecodeError.class);
        for (DecodeError e : DecodeError.values()) {
            if (e != DecodeError.NONE && counts[e.ordinal()] > 0) {
                m.put(e, counts[e.ordinal()]);
            }
        }
        return m;
    }
}
