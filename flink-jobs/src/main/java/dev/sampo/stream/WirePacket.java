package dev.sampo.stream;

import dev.sampo.flow.SubflowId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A {@code sampo.packets} record as read from Kafka, still encoded: the source only takes the key
 * (parsed once into the subflow it names, which keys the shuffle) and, as the event timestamp, the
 * Kafka record's timestamp; the value is decoded once, where it is used, instead of being decoded,
 * re-encoded for the shuffle and decoded again.
 *
 * @param key the record key as read (for a dead letter), empty when the record had none
 * @param subflow the subflow the key names, or {@link SubflowKey#UNKEYED}
 * @param value version byte and CBOR ({@code PacketWire})
 */
record WirePacket(byte[] key, SubflowId subflow, byte[] value, int partition, long offset) {
    static final TypeInformation<WirePacket> TYPE = CodecTypeInfo.of(WirePacket.class, Format.V1);

    static WirePacket of(byte[] key, byte[] value, int partition, long offset) {
        return new WirePacket(key, SubflowKey.parse(new String(key, StandardCharsets.UTF_8)), value, partition, offset);
    }

    static WirePacket of(String key, byte[] value, int partition, long offset) {
        return of(key.getBytes(StandardCharsets.UTF_8), value, partition, offset);
    }

    /** The key as text. */
    String keyText() {
        return new String(key, StandardCharsets.UTF_8);
    }

    enum Format implements Codec<WirePacket> {
        /**
         * The parsed subflow (36 bytes), the key and the value length-prefixed, partition and offset:
         * the shuffle carries no text to encode and parse again (as a POJO's String field was).
         */
        V1 {
            @Override
            public void write(WirePacket w, DataOutputView out) throws IOException {
                SubflowIdCodec.V1.write(w.subflow, out);
                out.writeInt(w.key.length);
                out.write(w.key);
                out.writeInt(w.value.length);
                out.write(w.value);
                out.writeInt(w.partition);
                out.writeLong(w.offset);
            }

            @Override
            public WirePacket read(DataInputView in) throws IOException {
                SubflowId subflow = SubflowIdCodec.V1.read(in);
                byte[] key = new byte[in.readInt()];
                in.readFully(key);
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                return new WirePacket(key, subflow, value, in.readInt(), in.readLong());
            }
        };
    }
}
