package dev.sampo.association;

/**
 * What the sampled packets of one direction imply about its initial sequence number. A DSS
 * mapping gives a subflow-relative sequence number (ssn) for the first byte of a mapping that may
 * span many segments, so a packet bounds the ISN to {@code [seq − ssn − (dll − len), seq − ssn]}
 * (mod 2^32); intersecting those arcs narrows it, and a sampled SYN fixes it.
 */
final class IsnBounds {
    private static final long UNKNOWN = 1L << 32;

    private long low;
    /** Arc length minus one (0: exact); {@link #UNKNOWN} before any evidence. */
    private long width = UNKNOWN;

    void fromSyn(long synSeq) {
        low = synSeq & 0xFFFF_FFFFL;
        width = 0;
    }

    void fromMapping(long seq, long ssn, int dll, int len) {
        if (len > dll) {
            return; // the segment is not inside this mapping (e.g. a DATA_FIN-only mapping)
        }
        long hi = (seq - ssn) & 0xFFFF_FFFFL;
        long w = dll - len;
        long lo = (hi - w) & 0xFFFF_FFFFL;
        if (width == UNKNOWN) {
            low = lo;
            width = w;
            return;
        }
        // Intersect arc [low, low+width] with [lo, lo+w], both short compared to 2^32.
        long start = Math.max(0, (lo - low) << 32 >> 32);
        long end = Math.min(width, ((lo - low) << 32 >> 32) + w);
        if (start > end) {
            // Disjoint: a new mapping space after a wrap, or a retransmission with a new map.
            low = lo;
            width = w;
            return;
        }
        low = (low + start) & 0xFFFF_FFFFL;
        width = end - start;
    }

    /** Reads the fixed-width form of {@link EvidenceCodec} version 1, which older builds wrote. */
    void readFrom(java.io.DataInput in) throws java.io.IOException {
        low = in.readLong();
        width = in.readLong();
        if (width < 0 || width > UNKNOWN || low < 0 || low > 0xFFFF_FFFFL) {
            throw new java.io.IOException("corrupt ISN bounds");
        }
    }

    /** The compact form ({@link EvidenceCodec} version 2): the same fields as variable-length integers. */
    void writeCompact(CompactBytes.Writer out) {
        out.writeVarint(low);
        out.writeVarint(width);
    }

    void readCompact(CompactBytes.Reader in) {
        low = in.readVarint();
        width = in.readVarint();
        if (width < 0 || width > UNKNOWN || low < 0 || low > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("corrupt subflow evidence: ISN bounds");
        }
    }

    boolean exact() {
        return width == 0;
    }

    /** Offset of a segment inside its mapping once the ISN is exact; −1 if it does not fit. */
    long offsetInMapping(long seq, long ssn, int dll, int len) {
        long off = (seq - low - ssn) & 0xFFFF_FFFFL;
        return off + len <= dll ? off : -1;
    }
}
