package dev.sampo.stream;

import dev.sampo.wire.PacketWire;

/**
 * A {@code sampo.packets} record as read from Kafka, still encoded: the source only takes the key
 * (the subflow id) and, as the event timestamp, the Kafka record's timestamp; the value is decoded
 * once, where it is used, instead of being decoded, re-encoded for the shuffle and decoded again.
 * A Flink POJO: public fields and a no-argument constructor.
 */
public class WirePacket {
    /** The record key: the canonical subflow id, or "" when the record had none. */
    public String subflow;
    /** Version byte and CBOR ({@code PacketWire}). */
    public byte[] value;
    public int partition;
    public long offset;

    public WirePacket() {
    }

    static WirePacket of(String subflow, byte[] value, int partition, long offset) {
        WirePacket w = new WirePacket();
        w.subflow = subflow;
        w.value = value;
        w.partition = partition;
        w.offset = offset;
        return w;
    }
}
