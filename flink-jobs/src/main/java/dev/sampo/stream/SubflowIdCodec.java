package dev.sampo.stream;

import dev.sampo.flow.SubflowId;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Subflow ids in Flink data, the job's key: 36 bytes, equal ids as equal bytes. */
enum SubflowIdCodec implements Codec<SubflowId> {
    /** {@link SubflowId#writeTo}'s 36 bytes. */
    V1 {
        @Override
        public void write(SubflowId id, DataOutputView out) throws IOException {
            id.writeTo(out);
        }

        @Override
        public SubflowId read(DataInputView in) throws IOException {
            return SubflowId.readFrom(in);
        }
    };

    /** The key type of the subflow-keyed stage. */
    static final TypeInformation<SubflowId> TYPE = CodecTypeInfo.key(SubflowId.class, V1);
}
