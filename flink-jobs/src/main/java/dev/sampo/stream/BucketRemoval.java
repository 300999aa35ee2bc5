package dev.sampo.stream;

import dev.sampo.flow.SubflowId;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A subflow whose tracks no longer touch a DSN bucket, as of a period: the bucket drops its copy. */
record BucketRemoval(int bucket, long period, SubflowId subflow) {
    static final TypeInformation<BucketRemoval> TYPE = CodecTypeInfo.of(BucketRemoval.class, Format.V1);

    enum Format implements Codec<BucketRemoval> {
        /** Bucket, period, subflow id. */
        V1 {
            @Override
            public void write(BucketRemoval r, DataOutputView out) throws IOException {
                out.writeInt(r.bucket);
                out.writeLong(r.period);
                SubflowIdCodec.V1.write(r.subflow, out);
            }

            @Override
            public BucketRemoval read(DataInputView in) throws IOException {
                return new BucketRemoval(in.readInt(), in.readLong(), SubflowIdCodec.V1.read(in));
            }
        };
    }
}
