package dev.sampo.stream;

import dev.sampo.packet.PacketRecord;
import dev.sampo.wire.PacketWire;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Packet records in Flink data (the packets waiting for their period), in the {@code sampo.packets}
 * wire format: one schema for Kafka and checkpoints, instead of Kryo guessing at records.
 */
enum PacketRecordCodec implements Codec<PacketRecord> {
    /** Length-prefixed {@link PacketWire} bytes, which carry their own wire version. */
    V1 {
        @Override
        public void write(PacketRecord record, DataOutputView out) throws IOException {
            byte[] bytes = PacketWire.encode(record);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        @Override
        public PacketRecord read(DataInputView in) throws IOException {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            try {
                return PacketWire.decode(bytes);
            } catch (PacketWire.MalformedRecordException e) {
                throw new IOException("corrupt packet record in Flink data: " + e.getMessage(), e);
            }
        }
    };

    static final TypeInformation<PacketRecord> TYPE = CodecTypeInfo.of(PacketRecord.class, V1);
}
