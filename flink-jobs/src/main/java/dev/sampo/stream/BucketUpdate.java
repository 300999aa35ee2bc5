package dev.sampo.stream;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A subflow's evidence for one DSN bucket its tracks touch. */
record BucketUpdate(int bucket, SubflowUpdate update) {
    static final TypeInformation<BucketUpdate> TYPE = CodecTypeInfo.of(BucketUpdate.class, Format.V1);

    enum Format implements Codec<BucketUpdate> {
        /** Bucket, then the update's own format. */
        V1 {
            @Override
            public void write(BucketUpdate u, DataOutputView out) throws IOException {
                out.writeInt(u.bucket);
                SubflowUpdate.Format.V1.write(u.update, out);
            }

            @Override
            public BucketUpdate read(DataInputView in) throws IOException {
                return new BucketUpdate(in.readInt(), SubflowUpdate.Format.V1.read(in));
            }
        };
    }
}
