package dev.sampo.stream;

import dev.sampo.association.PairDecision;
import dev.sampo.flow.SubflowId;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Which pair a decision is about; {@code a|b} as the key of a {@code sampo.pairs} record. */
record PairKey(SubflowId a, SubflowId b) {
    static final TypeInformation<PairKey> TYPE = CodecTypeInfo.of(PairKey.class, Format.V1);

    static PairKey of(PairDecision d) {
        return new PairKey(d.a(), d.b());
    }

    @Override
    public String toString() {
        return a + "|" + b;
    }

    enum Format implements Codec<PairKey> {
        /** The two subflow ids. */
        V1 {
            @Override
            public void write(PairKey k, DataOutputView out) throws IOException {
                SubflowIdCodec.V1.write(k.a, out);
                SubflowIdCodec.V1.write(k.b, out);
            }

            @Override
            public PairKey read(DataInputView in) throws IOException {
                return new PairKey(SubflowIdCodec.V1.read(in), SubflowIdCodec.V1.read(in));
            }
        };
    }
}
