package dev.sampo.stream;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Declares a {@link CodecSerializer} for one type, for streams, state and (when a key) keyed state. */
final class CodecTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;
    private final Class<T> type;
    private final Codec<T> codec;
    private final boolean key;

    private CodecTypeInfo(Class<T> type, Codec<T> codec, boolean key) {
        this.type = type;
        this.codec = codec;
        this.key = key;
    }

    static <T> CodecTypeInfo<T> of(Class<T> type, Codec<T> codec) {
        return new CodecTypeInfo<>(type, codec, false);
    }

    /**
     * A type to key streams by: its codec must write equal values as equal bytes (state backends
     * such as RocksDB compare keys in their serialized form) and it must have a stable hashCode.
     */
    static <T> CodecTypeInfo<T> key(Class<T> type, Codec<T> codec) {
        return new CodecTypeInfo<>(type, codec, true);
    }

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
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return key;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new CodecSerializer<>(codec);
    }

    @Override
    public String toString() {
        return type.getSimpleName() + "(" + CodecSerializer.Snapshot.formatOf(codec).getSimpleName() + " v"
                + codec.version() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodecTypeInfo<?> other && other.type == type && other.codec == codec && other.key == key;
    }

    @Override
    public int hashCode() {
        return type.getName().hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof CodecTypeInfo;
    }
}
