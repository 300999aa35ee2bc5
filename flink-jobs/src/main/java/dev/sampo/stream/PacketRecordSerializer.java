package dev.sampo.stream;

import dev.sampo.packet.PacketRecord;
import dev.sampo.wire.PacketWire;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Packet records between operators and in state, in the {@code sampo.packets} wire format: one
 * versioned schema for Kafka, the network and checkpoints, instead of Kryo guessing at records.
 */
public final class PacketRecordSerializer extends TypeSerializerSingleton<PacketRecord> {
    private static final long serialVersionUID = 1L;
    public static final PacketRecordSerializer INSTANCE = new PacketRecordSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public PacketRecord createInstance() {
        return null;
    }

    @Override
    public PacketRecord copy(PacketRecord from) {
        return from;
    }

    @Override
    public PacketRecord copy(PacketRecord from, PacketRecord reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PacketRecord record, DataOutputView target) throws IOException {
        byte[] bytes = PacketWire.encode(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public PacketRecord deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        try {
            return PacketWire.decode(bytes);
        } catch (PacketWire.MalformedRecordException e) {
            throw new IOException("corrupt packet record in Flink data: " + e.getMessage(), e);
        }
    }

    @Override
    public PacketRecord deserialize(PacketRecord reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public TypeSerializerSnapshot<PacketRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the singleton; the wire format carries its own version byte. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PacketRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
