package dev.sampo.capture.decap;

/**
 * The frame inside an encapsulation, as a window on the captured bytes (nothing is copied), and
 * what the encapsulation said about where and how it was observed. Refilled for every frame.
 */
public final class InnerFrame {
    /** LINKTYPE of the inner frame: Ethernet for bridged payloads, RAW for IP payloads. */
    public int linkType;
    public int offset;
    /** Captured bytes of the inner frame: what the snaplen left, not the original length. */
    public int length;
    /** The capture timestamp, or the mirror's own when it stamps Unix time (P4 shim). */
    public long timestampNanos;
    /** N of a 1-in-N sampler applied before the frame reached us (P4 shim); 1 otherwise. */
    public int upstreamSamplingRate;
    public final ObservationPoint point = new ObservationPoint();

    void reset(int linkType, int offset, int length, long timestampNanos) {
        this.linkType = linkType;
        this.offset = offset;
        this.length = length;
        this.timestampNanos = timestampNanos;
        this.upstreamSamplingRate = 1;
        point.reset();
    }

    /** Records an inner frame at {@code [offset, end)}, or TRUNCATED when not one byte of it was captured. */
    Outcome found(Outcome kind, int linkType, int offset, int end) {
        if (offset >= end) {
            return Outcome.TRUNCATED;
        }
        point.kind = kind;
        this.linkType = linkType;
        this.offset = offset;
        this.length = end - offset;
        return kind;
    }
}
