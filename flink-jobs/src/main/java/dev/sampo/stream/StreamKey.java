package dev.sampo.stream;

import dev.sampo.flow.SubflowId;
import java.io.IOException;
import java.util.HexFormat;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The byte stream a {@code sampo.packets} record belongs to in IDS matching, the key of
 * {@link IdsMatching}: all of a session's subflows share one. A session is keyed by its token when
 * it has one, else by its id: association may rename a session while it lives (its id follows its
 * lowest subflow, and a subflow joining later may be lower), but its token stays, so keying by
 * token keeps one session in one stream. A subflow still without a session after
 * {@code sampo.ids.hold} is a stream of its own.
 */
sealed interface StreamKey {
    /** The key type of the session-stream-keyed stage. */
    TypeInformation<StreamKey> TYPE = CodecTypeInfo.key(StreamKey.class, Format.V1);

    /** A session's stream: by its token (8 hex digits) when it has one, else by its id. */
    static StreamKey of(String session, String token) {
        return token != null ? new Token(token) : new Session(session);
    }

    /**
     * The key {@link #toString} wrote: how version 1 of {@link SessionSegment}'s format held it.
     *
     * @throws IllegalArgumentException for text that names no stream
     */
    static StreamKey parse(String text) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? "" : text.substring(0, colon);
        String value = text.substring(colon + 1);
        return switch (kind) {
            case "token" -> new Token(value);
            case "session" -> new Session(value);
            case "subflow" -> new Subflow(SubflowId.parse(value));
            default -> throw new IllegalArgumentException("not a stream key: " + text);
        };
    }

    /** A session with a token; its 32 bits are the key. */
    record Token(int token) implements StreamKey {
        /** @throws IllegalArgumentException when the token is not 8 hex digits */
        Token(String hex) {
            this(parseToken(hex));
        }

        private static int parseToken(String hex) {
            if (hex.length() != 8) {
                throw new IllegalArgumentException("token not 8 hex digits: " + hex);
            }
            return HexFormat.fromHexDigits(hex);
        }

        /** The token as association writes it. */
        String hex() {
            return HexFormat.of().toHexDigits(token);
        }

        @Override
        public String toString() {
            return "token:" + hex();
        }
    }

    /** A session without a token, by its id. */
    record Session(String id) implements StreamKey {
        @Override
        public String toString() {
            return "session:" + id;
        }
    }

    /** A subflow matched as a connection of its own. */
    record Subflow(SubflowId id) implements StreamKey {
        @Override
        public String toString() {
            return "subflow:" + id;
        }
    }

    /** Equal keys as equal bytes, as keys must be: a kind byte, then the kind's value. */
    enum Format implements Codec<StreamKey> {
        /** Kind 0: the token's 4 bytes; 1: the session id (UTF); 2: the subflow id's 36 bytes. */
        V1 {
            @Override
            public void write(StreamKey key, DataOutputView out) throws IOException {
                if (key instanceof Token t) {
                    out.writeByte(0);
                    out.writeInt(t.token());
                } else if (key instanceof Session s) {
                    out.writeByte(1);
                    out.writeUTF(s.id());
                } else {
                    out.writeByte(2);
                    ((Subflow) key).id().writeTo(out);
                }
            }

            @Override
            public StreamKey read(DataInputView in) throws IOException {
                int kind = in.readByte();
                return switch (kind) {
                    case 0 -> new Token(in.readInt());
                    case 1 -> new Session(in.readUTF());
                    case 2 -> new Subflow(SubflowId.readFrom(in));
                    default -> throw new IOException("unknown stream key kind " + kind);
                };
            }
        }
    }
}
