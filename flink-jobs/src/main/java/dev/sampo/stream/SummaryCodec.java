package dev.sampo.stream;

import dev.sampo.association.SubflowSummary;
import dev.sampo.flow.SubflowId;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Subflow summaries in Flink data: in {@link SubflowChange}s and in the grouping's checkpoints. */
enum SummaryCodec implements Codec<SubflowSummary> {
    /** The subflow id, a token count and the tokens, the responder token, packets, bytes, first and last seen. */
    V1 {
        @Override
        public void write(SubflowSummary s, DataOutputView out) throws IOException {
            SubflowIdCodec.V1.write(s.id(), out);
            writeWithoutId(s, out);
        }

        @Override
        public SubflowSummary read(DataInputView in) throws IOException {
            return readWithoutId(SubflowIdCodec.V1.read(in), in);
        }
    };

    static final TypeInformation<SubflowSummary> TYPE = CodecTypeInfo.of(SubflowSummary.class, V1);

    void writeWithoutId(SubflowSummary s, DataOutputView out) throws IOException {
        out.writeByte(s.tokens().length);
        for (long token : s.tokens()) {
            out.writeLong(token);
        }
        out.writeLong(s.responderToken());
        out.writeLong(s.packets());
        out.writeLong(s.payloadBytes());
        out.writeLong(s.firstSeen());
        out.writeLong(s.lastSeen());
    }

    SubflowSummary readWithoutId(SubflowId id, DataInputView in) throws IOException {
        long[] tokens = SubflowSummary.tokenArray(in.readUnsignedByte());
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = in.readLong();
        }
        return new SubflowSummary(id, tokens, in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong());
    }
}
