package dev.sampo.ids;

/**
 * What reassembly did with the payload it was given: each byte on the wire is delivered,
 * duplicate, uncaptured or unmapped; skipped counts stream positions given up.
 */
public final class ReassemblyStats {
    /** TCP segments with payload. */
    public long segments;
    /** Their payload on the wire. */
    public long payloadBytes;
    /** Scanned once, in order. */
    public long deliveredBytes;
    /** Retransmitted or reinjected: already delivered or already waiting. */
    public long duplicateBytes;
    /** Holes given up: bytes never seen (a missed segment, or the window cap). */
    public long skippedBytes;
    /** Payload the capture did not keep (snaplen), or frames whose TCP header could not be found. */
    public long uncapturedBytes;
    /** MPTCP payload that no DSS mapping seen covers. */
    public long unmappedBytes;
    /** Streams and subflows forgotten after the idle timeout ({@link Reassembler#DEFAULT_IDLE_MICROS}) without a segment. */
    public long idleEvictions;
    /** Alerts whose rule header fits none of the subflows the match spans. */
    public long headerMismatches;

    public String line() {
        return "segments=" + segments + " payload_bytes=" + payloadBytes + " delivered=" + deliveredBytes
                + " duplicate=" + duplicateBytes + " skipped=" + skippedBytes + " uncaptured=" + uncapturedBytes
                + " unmapped=" + unmappedBytes + " idle_evictions=" + idleEvictions + " header_mismatches=" + headerMismatches;
    }
}
