package dev.sampo.migration.nf;

/**
 * One packet of a session as the switch stamps it.
 *
 * @param session the session it belongs to
 * @param seq its position in the session's packet order at the switch (0, 1, 2, …): the ideal order
 * @param subflow which subflow of the session carries it
 * @param subflowSeq its position within the subflow; the first {@link #HANDSHAKE} packets are the
 *     subflow's handshake, a cohesive subsequence whose first packet creates the critical state
 * @param bytes payload length
 * @param atSwitchMicros when it reached the switch
 */
public record Packet(int session, long seq, int subflow, int subflowSeq, int bytes, long atSwitchMicros) {
    /** SYN, SYN/ACK, ACK: the packets that set up a subflow's mapping and must not be split or reordered. */
    public static final int HANDSHAKE = 3;

    /** Part of a cohesive subsequence (Weak-O's CSP): the subflow's handshake. */
    public boolean cohesive() {
        return subflowSeq < HANDSHAKE;
    }

    /** Creates the subflow's critical state (the SYN: a NAT's mapping, an IDS's stream entry). */
    public boolean opensSubflow() {
        return subflowSeq == 0;
    }
}
