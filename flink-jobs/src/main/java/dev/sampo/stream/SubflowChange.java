package dev.sampo.stream;

import dev.sampo.association.SubflowSummary;
import dev.sampo.flow.SubflowId;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A subflow's change in a period, from the subflow stage to the grouping: its summary when its
 * evidence changed (new packets, expired boxes), none when it left (idle timeout, eviction past
 * the cap). The grouping holds summaries, not evidence.
 *
 * @param period the timer (event-time ms) of the period it closes ({@link Periods})
 * @param summary null when the subflow left in that period
 */
record SubflowChange(long period, SubflowId subflow, SubflowSummary summary) {
    static final TypeInformation<SubflowChange> TYPE = CodecTypeInfo.of(SubflowChange.class, Format.V1);

    static SubflowChange of(long period, SubflowSummary summary) {
        return new SubflowChange(period, summary.id(), summary);
    }

    static SubflowChange removed(long period, SubflowId subflow) {
        return new SubflowChange(period, subflow, null);
    }

    boolean left() {
        return summary == null;
    }

    enum Format implements Codec<SubflowChange> {
        /** Period, subflow id, then a summary flag and the summary. */
        V1 {
            @Override
            public void write(SubflowChange c, DataOutputView out) throws IOException {
                out.writeLong(c.period);
                SubflowIdCodec.V1.write(c.subflow, out);
                out.writeBoolean(c.summary != null);
                if (c.summary != null) {
                    SummaryCodec.V1.writeWithoutId(c.summary, out);
                }
            }

            @Override
            public SubflowChange read(DataInputView in) throws IOException {
                long period = in.readLong();
                SubflowId subflow = SubflowIdCodec.V1.read(in);
                return new SubflowChange(period, subflow,
                        in.readBoolean() ? SummaryCodec.V1.readWithoutId(subflow, in) : null);
            }
        };
    }
}
