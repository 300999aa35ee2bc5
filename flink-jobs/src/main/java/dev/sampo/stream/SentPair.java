package dev.sampo.stream;

import dev.sampo.association.Evidence;
import dev.sampo.association.PairDecision;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What was last sent of a pair: a pair is sent again only when one of these changes.
 *
 * @param phiMillis Φ to three places
 */
record SentPair(PairDecision.Verdict verdict, Evidence evidence, long phiMillis) {
    static final TypeInformation<SentPair> TYPE = CodecTypeInfo.of(SentPair.class, Format.V1);

    static SentPair of(PairDecision d) {
        return new SentPair(d.verdict(), d.evidence(), Math.round(d.phi() * 1000));
    }

    enum Format implements Codec<SentPair> {
        /** Verdict and evidence as ordinals (reordering either enum needs a V2), Φ in thousandths. */
        V1 {
            @Override
            public void write(SentPair s, DataOutputView out) throws IOException {
                out.writeByte(s.verdict.ordinal());
                out.writeByte(s.evidence.ordinal());
                out.writeLong(s.phiMillis);
            }

            @Override
            public SentPair read(DataInputView in) throws IOException {
                return new SentPair(PairDecision.Verdict.values()[in.readUnsignedByte()],
                        Evidence.values()[in.readUnsignedByte()], in.readLong());
            }
        };
    }
}
