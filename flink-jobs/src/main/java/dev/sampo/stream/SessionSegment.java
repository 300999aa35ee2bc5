package dev.sampo.stream;

import dev.sampo.flow.SubflowId;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A {@code sampo.packets} record on its way to matching, with the session association gave its
 * subflow: from {@link SessionOfSubflow} (keyed by subflow) to {@link IdsMatching} (keyed by
 * {@link #stream}).
 *
 * @param stream the byte stream it belongs to ({@link #streamOf}): all of a session's subflows
 *     share one
 * @param session the session's id as association last named it, or null for a subflow matched as
 *     a connection of its own
 * @param token the session's token (8 hex digits), or null
 * @param wire the record as it came ({@code PacketWire} bytes): decoded once, where it is matched
 */
record SessionSegment(String stream, String session, String token, byte[] wire) {
    static final TypeInformation<SessionSegment> TYPE = CodecTypeInfo.of(SessionSegment.class, Format.V1);

    /**
     * The stream key of a session: its token when it has one, else its id. Association may rename
     * a session while it lives (its id follows its lowest subflow, and a subflow joining later may
     * be lower), but its token stays, so keying by token keeps one session in one stream.
     */
    static String streamOf(String session, String token) {
        return token != null ? "token:" + token : "session:" + session;
    }

    /** The stream key of a subflow matched alone. */
    static String streamOf(SubflowId subflow) {
        return "subflow:" + subflow;
    }

    enum Format implements Codec<SessionSegment> {
        /** Stream key, session and token (each after a presence flag), then the length-prefixed record. */
        V1 {
            @Override
            public void write(SessionSegment s, DataOutputView out) throws IOException {
                out.writeUTF(s.stream);
                writeNullable(s.session, out);
                writeNullable(s.token, out);
                out.writeInt(s.wire.length);
                out.write(s.wire);
            }

            @Override
            public SessionSegment read(DataInputView in) throws IOException {
                String stream = in.readUTF();
                String session = readNullable(in);
                String token = readNullable(in);
                byte[] wire = new byte[in.readInt()];
                in.readFully(wire);
                return new SessionSegment(stream, session, token, wire);
            }
        };

        private static void writeNullable(String s, DataOutputView out) throws IOException {
            out.writeBoolean(s != null);
            if (s != null) {
                out.writeUTF(s);
            }
        }

        private static String readNullable(DataInputView in) throws IOException {
            return in.readBoolean() ? in.readUTF() : null;
        }
    }
}
