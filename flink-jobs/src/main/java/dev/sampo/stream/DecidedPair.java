package dev.sampo.stream;

import dev.sampo.association.PairDecision;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A bucket's decision on a pair in a period, for the grouping. */
record DecidedPair(long period, PairDecision decision) {
    static final TypeInformation<DecidedPair> TYPE = CodecTypeInfo.of(DecidedPair.class, Format.V1);

    enum Format implements Codec<DecidedPair> {
        /** Period, then the decision's own format. */
        V1 {
            @Override
            public void write(DecidedPair p, DataOutputView out) throws IOException {
                out.writeLong(p.period);
                PairDecisionCodec.V1.write(p.decision, out);
            }

            @Override
            public DecidedPair read(DataInputView in) throws IOException {
                return new DecidedPair(in.readLong(), PairDecisionCodec.V1.read(in));
            }
        };
    }
}
