package dev.sampo.stream;

import dev.sampo.packet.PacketRecord;
import dev.sampo.wire.PacketWire;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Declares {@link PacketRecordSerializer} for {@link PacketRecord} streams and state. */
public final class PacketRecordTypeInfo extends TypeInformation<PacketRecord> {
    private static final long serialVersionUID = 1L;
    public static final PacketRecordTypeInfo INSTANCE = new PacketRecordTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<PacketRecord> getTypeClass() {
        return PacketRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<PacketRecord> createSerializer(SerializerConfig config) {
        return PacketRecordSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "PacketRecord(sampo.packets wire v" + dev.sampo.wire.PacketWire.VERSION + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return PacketRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof PacketRecordTypeInfo;
    }
}
