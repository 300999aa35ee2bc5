package dev.sampo.association;

import dev.sampo.flow.SubflowId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The versioned binary form of {@link SubflowEvidence}: a version byte, then fixed fields, then
 * the two tracks. Version 1 is this layout; a reader rejects versions it does not know.
 */
final class EvidenceCodec {
    static final int VERSION = 1;

    private EvidenceCodec() {
    }

    static byte[] encode(SubflowEvidence s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            s.id.writeTo(out);
            out.writeLong(s.firstSeen);
            out.writeLong(s.lastSeen);
            out.writeLong(s.firstEvidence);
            out.writeLong(s.packets);
            out.writeLong(s.payloadBytes);
            out.writeInt(s.samplingRate);
            out.writeBoolean(s.backup);
            out.writeLong(s.responderToken);
            out.writeByte(s.tokenCount);
            for (int i = 0; i < s.tokenCount; i++) {
                out.writeLong(s.tokens[i]);
            }
            for (int d = 0; d < 2; d++) {
                s.isn[d].writeTo(out);
                s.tracks[d].writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory stream", e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException for an unknown version or corrupt bytes */
    static SubflowEvidence decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("subflow evidence version " + version + ", this reader knows "
                        + VERSION);
            }
            SubflowId id = SubflowId.readFrom(in);
            long firstSeen = in.readLong();
            long lastSeen = in.readLong();
            long firstEvidence = in.readLong();
            long packets = in.readLong();
            long payload = in.readLong();
            int rate = in.readInt();
            boolean backup = in.readBoolean();
            long responder = in.readLong();
            int tokens = in.readUnsignedByte();
            if (tokens > SubflowEvidence.MAX_TOKENS) {
                throw new IllegalArgumentException("corrupt subflow evidence: " + tokens + " tokens");
            }
            long[] tokenValues = new long[tokens];
            for (int i = 0; i < tokens; i++) {
                tokenValues[i] = in.readLong();
            }
            IsnBounds[] isn = new IsnBounds[2];
            Track[] tracks = new Track[2];
            for (int d = 0; d < 2; d++) {
                isn[d] = new IsnBounds();
                isn[d].readFrom(in);
                tracks[d] = Track.readFrom(in);
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("corrupt subflow evidence: " + in.available() + " trailing bytes");
            }
            SubflowEvidence s = new SubflowEvidence(id, tracks, isn);
            s.firstSeen = firstSeen;
            s.lastSeen = lastSeen;
            s.firstEvidence = firstEvidence;
            s.packets = packets;
            s.payloadBytes = payload;
            s.samplingRate = rate;
            s.backup = backup;
            s.responderToken = responder;
            for (long t : tokenValues) {
                s.addToken(t);
            }
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt subflow evidence: " + e.getMessage(), e);
        }
    }
}
