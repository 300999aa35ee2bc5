package dev.sampo.stream;

import dev.sampo.association.Evidence;
import dev.sampo.association.PairDecision;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Pair decisions in Flink data (from the buckets to the grouping, and in its checkpoints), 92 bytes instead of JSON text. */
enum PairDecisionCodec implements Codec<PairDecision> {
    /**
     * The two subflows, the verdict, Φ and Φ_D, the evidence, the DSN width, crossed. Enums are
     * written as their ordinals: reordering {@link PairDecision.Verdict} or {@link Evidence} needs
     * a V2.
     */
    V1 {
        @Override
        public void write(PairDecision d, DataOutputView out) throws IOException {
            SubflowIdCodec.V1.write(d.a(), out);
            SubflowIdCodec.V1.write(d.b(), out);
            out.writeByte(d.verdict().ordinal());
            out.writeDouble(d.phi());
            out.writeDouble(d.phiDistinct());
            out.writeByte(d.evidence().ordinal());
            out.writeByte(d.dsnBits());
            out.writeBoolean(d.crossed());
        }

        @Override
        public PairDecision read(DataInputView in) throws IOException {
            return new PairDecision(SubflowIdCodec.V1.read(in), SubflowIdCodec.V1.read(in),
                    PairDecision.Verdict.values()[in.readUnsignedByte()], in.readDouble(), in.readDouble(),
                    Evidence.values()[in.readUnsignedByte()], in.readUnsignedByte(), in.readBoolean());
        }
    };

    /** Decisions in the grouping's checkpoints. */
    static final TypeInformation<PairDecision> TYPE = CodecTypeInfo.of(PairDecision.class, V1);
}
