package dev.sampo.stream;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A {@code sampo.packets} record on its way to matching, with the session association gave its
 * subflow: from {@link SessionOfSubflow} (keyed by subflow) to {@link IdsMatching} (keyed by
 * {@link #stream}).
 *
 * @param stream the byte stream it belongs to: all of a session's subflows share one
 * @param session the session's id as association last named it, or null for a subflow matched as
 *     a connection of its own
 * @param wire the record as it came ({@code PacketWire} bytes): decoded once, where it is matched
 */
record SessionSegment(StreamKey stream, String session, byte[] wire) {
    static final TypeInformation<SessionSegment> TYPE = CodecTypeInfo.of(SessionSegment.class, Format.V2);

    /** The session's token (8 hex digits), or null: a session with one is keyed by it. */
    String token() {
        return stream instanceof StreamKey.Token t ? t.hex() : null;
    }

    enum Format implements Codec<SessionSegment> {
        /**
         * Stream key as text ({@link StreamKey#toString}), session and token (each after a
         * presence flag), then the length-prefixed record. The token is the stream key's, when
         * there is one.
         */
        V1 {
            @Override
            public void write(SessionSegment s, DataOutputView out) throws IOException {
                out.writeUTF(s.stream.toString());
                writeNullable(s.session, out);
                writeNullable(s.token(), out);
                writeWire(s.wire, out);
            }

            @Override
            public SessionSegment read(DataInputView in) throws IOException {
                StreamKey stream;
                try {
                    stream = StreamKey.parse(in.readUTF());
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
                String session = readNullable(in);
                readNullable(in);
                return new SessionSegment(stream, session, readWire(in));
            }
        },
        /** Stream key ({@link StreamKey.Format}), session after a presence flag, then the length-prefixed record. */
        V2 {
            @Override
            public void write(SessionSegment s, DataOutputView out) throws IOException {
                StreamKey.Format.V1.write(s.stream, out);
                writeNullable(s.session, out);
                writeWire(s.wire, out);
            }

            @Override
            public SessionSegment read(DataInputView in) throws IOException {
                StreamKey stream = StreamKey.Format.V1.read(in);
                return new SessionSegment(stream, readNullable(in), readWire(in));
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

        private static void writeWire(byte[] wire, DataOutputView out) throws IOException {
            out.writeInt(wire.length);
            out.write(wire);
        }

        private static byte[] readWire(DataInputView in) throws IOException {
            byte[] wire = new byte[in.readInt()];
            in.readFully(wire);
            return wire;
        }
    }
}
