package dev.sampo.sflow;

/** Receives what {@link SflowDecoder} decodes, sample by sample, on the decoding thread. */
public interface SflowListener {
    /**
     * Called once for every datagram whose header decoded, before its samples.
     *
     * @return false to skip the datagram's samples (an agent that is not allowed, say)
     */
    default boolean datagram(SflowDatagram datagram) {
        return true;
    }

    /** A flow sample whose structure decoded; its header may or may not be a TCP segment. */
    void flowSample(SflowDatagram datagram, FlowSample sample);

    default void counterSample(SflowDatagram datagram, CounterSample sample) {
    }
}
