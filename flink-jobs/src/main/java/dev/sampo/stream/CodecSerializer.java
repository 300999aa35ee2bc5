package dev.sampo.stream;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes one immutable type (a record of this package) with its {@link Codec}. Stateless: one
 * instance serves every thread.
 */
final class CodecSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;
    private final Codec<T> codec;

    CodecSerializer(Codec<T> codec) {
        this.codec = codec;
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return from;
    }

    @Override
    public T copy(T from, T reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T value, DataOutputView target) throws IOException {
        codec.write(value, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return codec.read(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return codec.read(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        codec.write(codec.read(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodecSerializer<?> other && other.codec == codec;
    }

    @Override
    public int hashCode() {
        return Snapshot.formatOf(codec).getName().hashCode() * 31 + codec.version();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(codec);
    }

    @Override
    public String toString() {
        return Snapshot.formatOf(codec).getName() + " v" + codec.version();
    }

    /**
     * Names the format (the codec's enum) and its version. A restore reads old state with the
     * constant of the stored version and Flink migrates it to the current one; a version the
     * enum no longer has, or another type, is incompatible and fails the restore instead of
     * misreading state.
     */
    public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
        private static final int SNAPSHOT_VERSION = 1;
        private Codec<T> codec;

        /** For Flink, which reads the fields with {@link #readSnapshot}. */
        public Snapshot() {
        }

        Snapshot(Codec<T> codec) {
            this.codec = codec;
        }

        @Override
        public int getCurrentVersion() {
            return SNAPSHOT_VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(formatOf(codec).getName());
            out.writeInt(codec.version());
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion != SNAPSHOT_VERSION) {
                throw new IOException("unknown codec snapshot version " + readVersion);
            }
            String format = in.readUTF();
            int version = in.readInt();
            try {
                codec = codecOf(Class.forName(format, false, classLoader), version);
            } catch (ClassNotFoundException e) {
                throw new IOException("state written in format " + format + ", which this job does not have", e);
            }
            if (codec == null) {
                throw new IOException("state written in version " + version + " of " + format
                        + ", which this job cannot read");
            }
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return new CodecSerializer<>(codec);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            if (!(old instanceof Snapshot<T> o) || formatOf(o.codec) != formatOf(codec)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return o.codec == codec ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }

        static Class<?> formatOf(Codec<?> codec) {
            return ((Enum<?>) codec).getDeclaringClass();
        }

        @SuppressWarnings("unchecked")
        private static <T> Codec<T> codecOf(Class<?> format, int version) {
            for (Object constant : format.getEnumConstants()) {
                if (((Codec<T>) constant).version() == version) {
                    return (Codec<T>) constant;
                }
            }
            return null;
        }
    }
}
