package dev.sampo.stream;

import dev.sampo.flow.SubflowId;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A subflow's whole evidence as of a period, from the subflow stage (inside a {@link BucketUpdate})
 * to the DSN buckets. A subflow has at most one update per period, so
 * (subflow, period) names its content.
 *
 * @param period the timer (event-time ms) of the period it closes ({@link Periods})
 * @param evidence {@code SubflowEvidence} bytes, never modified once sent
 */
record SubflowUpdate(long period, SubflowId subflow, byte[] evidence) {
    static final TypeInformation<SubflowUpdate> TYPE = CodecTypeInfo.of(SubflowUpdate.class, Format.V1);

    enum Format implements Codec<SubflowUpdate> {
        /** Period, subflow id, length-prefixed evidence bytes. */
        V1 {
            @Override
            public void write(SubflowUpdate u, DataOutputView out) throws IOException {
                out.writeLong(u.period);
                SubflowIdCodec.V1.write(u.subflow, out);
                out.writeInt(u.evidence.length);
                out.write(u.evidence);
            }

            @Override
            public SubflowUpdate read(DataInputView in) throws IOException {
                long period = in.readLong();
                SubflowId subflow = SubflowIdCodec.V1.read(in);
                byte[] evidence = new byte[in.readInt()];
                in.readFully(evidence);
                return new SubflowUpdate(period, subflow, evidence);
            }
        };
    }
}
