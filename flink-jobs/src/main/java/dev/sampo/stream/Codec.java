package dev.sampo.stream;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The binary form of one type in Flink data: between operators and in checkpoints. Each format is
 * a constant of an enum that implements this interface, one constant a version ({@code V1},
 * {@code V2}, …), so a checkpoint can name the format it was written in and a restore can read
 * it with that very constant (see {@link CodecSerializer.Snapshot}), as flink-connector-kafka's
 * split serializers carry their version. Nothing falls back on Kryo or Flink's POJO analysis.
 */
interface Codec<T> {
    /**
     * The format version, stored with every checkpoint of the state it writes: the constant's
     * place in its enum, {@code V1} first (every implementation is an enum constant).
     */
    default int version() {
        return ((Enum<?>) this).ordinal() + 1;
    }

    void write(T value, DataOutputView out) throws IOException;

    T read(DataInputView in) throws IOException;
}
