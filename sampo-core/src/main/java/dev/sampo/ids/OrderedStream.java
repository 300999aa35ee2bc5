package dev.sampo.ids;

import java.util.Map;
import java.util.TreeMap;

/**
 * One direction of a byte stream put back in order by position (data sequence number across a
 * session's subflows, or a subflow's own sequence number), each byte delivered once to its
 * {@link StreamScanner}: retransmitted and reinjected ranges are cut off, segments ahead of a
 * hole wait. What waits is capped ({@code windowBytes}); past the cap the oldest hole is given
 * up, counted in {@link ReassemblyStats#skippedBytes}, and matching restarts after it.
 * Positions are relative to the first one, so the arithmetic never wraps.
 */
final class OrderedStream {
    private record Piece(byte[] bytes, int subflow, long tsMicros) {
    }

    private final StreamScanner scanner;
    private final long windowBytes;
    private final ReassemblyStats stats;
    private final TreeMap<Long, Piece> pending = new TreeMap<>();
    private long pendingBytes;
    private boolean started;
    private long base;
    /** Relative position of the next byte to deliver. */
    private long next;
    /** Absolute position of the latest byte seen, for extending 32-bit sequence numbers. */
    private long latest;
    /** Capture time of the last segment offered, for idle eviction. */
    private long lastOfferMicros;

    /** @param createdMicros capture time of the segment that made the stream: its idle clock starts there */
    OrderedStream(StreamScanner scanner, long windowBytes, ReassemblyStats stats, long createdMicros) {
        this.scanner = scanner;
        this.lastOfferMicros = createdMicros;
        this.windowBytes = windowBytes;
        this.stats = stats;
    }

    /** Declares where the stream begins, when the handshake says so (before any data). */
    void startAt(long absolute) {
        if (!started) {
            started = true;
            base = absolute;
            latest = absolute;
        }
    }

    boolean started() {
        return started;
    }

    /** The latest absolute position seen; only meaningful once {@link #started()}. */
    long latest() {
        return latest;
    }

    /** The absolute position of a relative one. */
    long absolute(long relative) {
        return base + relative;
    }

    long lastOfferMicros() {
        return lastOfferMicros;
    }

    void offer(long absolute, byte[] b, int off, int len, int subflow, long tsMicros, StreamScanner.Matches out) {
        startAt(absolute);
        lastOfferMicros = tsMicros;
        long rel = absolute - base;
        if (rel - next + len <= 0) {
            stats.duplicateBytes += len;
            return;
        }
        if (rel < next) {
            int cut = (int) (next - rel);
            stats.duplicateBytes += cut;
            off += cut;
            len -= cut;
            rel = next;
        }
        if (absolute + len - latest > 0) {
            latest = absolute + len;
        }
        if (rel == next) {
            deliver(rel, b, off, len, subflow, tsMicros, out);
            drain(out);
            return;
        }
        Piece old = pending.get(rel);
        if (old != null && old.bytes.length >= len) {
            stats.duplicateBytes += len;
            return;
        }
        byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
        pending.put(rel, new Piece(copy, subflow, tsMicros));
        pendingBytes += len - (old == null ? 0 : old.bytes.length);
        while (pendingBytes > windowBytes) {
            skipHole(out);
        }
    }

    /** Delivers what waits, holes skipped and counted: the end of the capture or of the stream. */
    void finish(StreamScanner.Matches out) {
        while (!pending.isEmpty()) {
            skipHole(out);
        }
    }

    private void skipHole(StreamScanner.Matches out) {
        long first = pending.firstKey();
        if (first > next) {
            stats.skippedBytes += first - next;
            next = first;
            scanner.gap();
        }
        drain(out);
    }

    private void drain(StreamScanner.Matches out) {
        while (!pending.isEmpty() && pending.firstKey() <= next) {
            Map.Entry<Long, Piece> e = pending.pollFirstEntry();
            Piece p = e.getValue();
            pendingBytes -= p.bytes.length;
            long rel = e.getKey();
            int cut = (int) Math.min(p.bytes.length, next - rel);
            stats.duplicateBytes += cut;
            if (cut < p.bytes.length) {
                deliver(next, p.bytes, cut, p.bytes.length - cut, p.subflow, p.tsMicros, out);
            }
        }
    }

    private void deliver(long rel, byte[] b, int off, int len, int subflow, long tsMicros, StreamScanner.Matches out) {
        scanner.deliver(rel, b, off, len, subflow, tsMicros, out);
        stats.deliveredBytes += len;
        next = rel + len;
    }
}
