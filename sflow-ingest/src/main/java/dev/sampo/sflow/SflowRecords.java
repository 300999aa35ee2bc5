package dev.sampo.sflow;

import dev.sampo.packet.PacketRecord;

/** Turns decoded flow samples into the packet records association and publishers take. */
final class SflowRecords {
    private final ObservationPoints points = new ObservationPoints();

    /**
     * The sample's packet as a record whose ϱ is the sample's own: {@code samplingRate} of the
     * sample, times {@code extraRate} when the caller samples the samples again.
     */
    PacketRecord of(SflowDatagram d, FlowSample s, int extraRate) {
        long rate = s.samplingRate * extraRate;
        return PacketRecord.of(s.packet, (int) Math.min(rate, Integer.MAX_VALUE), points.of(d, s));
    }
}
