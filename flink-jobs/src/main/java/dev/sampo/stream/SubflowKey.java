package dev.sampo.stream;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys a packet record by the subflow its Kafka key names, parsed once by the source
 * ({@link WirePacket#of}). A key that names none (absent, garbage) goes to {@link #UNKEYED}, whose
 * records the subflow stage turns into dead letters: a bad key must neither fail the job nor
 * reach a real subflow's state.
 */
final class SubflowKey implements KeySelector<WirePacket, SubflowId> {
    private static final long serialVersionUID = 1L;
    /** [::]:0 both ways: no TCP segment carries port 0. */
    static final SubflowId UNKEYED = new SubflowId(new IpAddress(0, 0), 0, new IpAddress(0, 0), 0);

    @Override
    public SubflowId getKey(WirePacket w) {
        return w.subflow();
    }

    /** The subflow a record key names, or {@link #UNKEYED}. */
    static SubflowId parse(String key) {
        try {
            return SubflowId.parse(key);
        } catch (IllegalArgumentException e) {
            return UNKEYED;
        }
    }
}
