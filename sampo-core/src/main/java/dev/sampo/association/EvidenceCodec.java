package dev.sampo.association;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * The versioned binary form of {@link SubflowEvidence}: a version byte, then the subflow's id,
 * counters, tokens, and per direction its ISN bounds and track. This build writes version 2 and
 * reads versions 1 and 2 (keyed state and checkpoints hold the bytes of whichever build wrote
 * them); a reader rejects versions it does not know.
 *
 * <p>Version 1 wrote fixed-width fields (821 bytes a subflow over the whole paper40 capture, 33 a
 * box). Version 2 writes the same values in fewer bytes (docs/PERFORMANCE.md, "State per live
 * subflow"): IPv4 addresses in 4 bytes, times and DSNs as variable-length differences from the
 * value before, every field still exact, so that decoding either gives the same evidence.
 */
final class EvidenceCodec {
    static final int VERSION = 2;
    private static final int V4_A = 1;
    private static final int V4_B = 2;

    private EvidenceCodec() {
    }

    static byte[] encode(SubflowEvidence s) {
        CompactBytes.Writer out = new CompactBytes.Writer(384);
        out.writeByte(VERSION);
        SubflowId id = s.id;
        out.writeByte((id.a().isV4() ? V4_A : 0) | (id.b().isV4() ? V4_B : 0));
        writeAddress(id.a(), out);
        out.writeShort(id.aPort());
        writeAddress(id.b(), out);
        out.writeShort(id.bPort());
        out.writeLong(s.firstSeen);
        out.writeSigned(s.lastSeen - s.firstSeen);
        out.writeSigned(s.firstEvidence - s.firstSeen);
        out.writeVarint(s.packets);
        out.writeVarint(s.payloadBytes);
        out.writeVarint(s.samplingRate & 0xFFFF_FFFFL);
        out.writeByte(s.tokenCount << 1 | (s.backup ? 1 : 0));
        out.writeVarint(s.responderToken + 1); // mostly -1, none
        for (int i = 0; i < s.tokenCount; i++) {
            out.writeVarint(s.tokens[i]);
        }
        for (int d = 0; d < 2; d++) {
            s.isn[d].writeCompact(out);
            s.tracks[d].writeCompact(out, s.firstSeen);
        }
        return out.toArray();
    }

    private static void writeAddress(IpAddress address, CompactBytes.Writer out) {
        if (address.isV4()) {
            out.writeInt((int) address.lo());
        } else {
            out.writeLong(address.hi());
            out.writeLong(address.lo());
        }
    }

    /** @throws IllegalArgumentException for an unknown version or corrupt bytes */
    static SubflowEvidence decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("corrupt subflow evidence: no bytes");
        }
        return switch (bytes[0]) {
            case 1 -> decodeV1(bytes);
            case 2 -> decodeV2(bytes);
            default -> throw new IllegalArgumentException("subflow evidence version " + (bytes[0] & 0xFF)
                    + ", this reader knows 1 and 2");
        };
    }

    private static SubflowEvidence decodeV2(byte[] bytes) {
        CompactBytes.Reader in = new CompactBytes.Reader(bytes, 1);
        int v4 = in.readUnsignedByte();
        if ((v4 & ~(V4_A | V4_B)) != 0) {
            throw new IllegalArgumentException("corrupt subflow evidence: address flags " + v4);
        }
        IpAddress a = readAddress((v4 & V4_A) != 0, in);
        int aPort = in.readUnsignedShort();
        IpAddress b = readAddress((v4 & V4_B) != 0, in);
        SubflowId id = new SubflowId(a, aPort, b, in.readUnsignedShort());
        long firstSeen = in.readLong();
        long lastSeen = firstSeen + in.readSigned();
        long firstEvidence = firstSeen + in.readSigned();
        long packets = in.readVarint();
        long payload = in.readVarint();
        long rate = in.readVarint();
        int flags = in.readUnsignedByte();
        int tokens = flags >>> 1;
        if (rate > 0xFFFF_FFFFL || tokens > SubflowEvidence.MAX_TOKENS) {
            throw new IllegalArgumentException("corrupt subflow evidence: sampling rate " + rate + ", " + tokens
                    + " tokens");
        }
        long responder = in.readVarint() - 1;
        long[] tokenValues = new long[tokens];
        for (int i = 0; i < tokens; i++) {
            tokenValues[i] = in.readVarint();
        }
        IsnBounds[] isn = new IsnBounds[2];
        Track[] tracks = new Track[2];
        for (int d = 0; d < 2; d++) {
            isn[d] = new IsnBounds();
            isn[d].readCompact(in);
            tracks[d] = Track.readCompact(in, firstSeen);
        }
        if (in.remaining() > 0) {
            throw new IllegalArgumentException("corrupt subflow evidence: " + in.remaining() + " trailing bytes");
        }
        return evidence(id, tracks, isn, new long[] {firstSeen, lastSeen, firstEvidence, packets, payload},
                (int) rate, (flags & 1) != 0, responder, tokenValues);
    }

    private static IpAddress readAddress(boolean v4, CompactBytes.Reader in) {
        return v4 ? IpAddress.ofV4(in.readInt()) : new IpAddress(in.readLong(), in.readLong());
    }

    /** Version 1: fixed-width fields, as {@code DataOutputStream} wrote them; read for what older builds stored. */
    private static SubflowEvidence decodeV1(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            SubflowId id = SubflowId.readFrom(in);
            long[] counters = {in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong()};
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
            return evidence(id, tracks, isn, counters, rate, backup, responder, tokenValues);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt subflow evidence: " + e.getMessage(), e);
        }
    }

    /** @param counters first seen, last seen, first evidence, packets, payload bytes */
    private static SubflowEvidence evidence(SubflowId id, Track[] tracks, IsnBounds[] isn, long[] counters, int rate,
                                            boolean backup, long responder, long[] tokens) {
        SubflowEvidence s = new SubflowEvidence(id, tracks, isn);
        s.firstSeen = counters[0];
        s.lastSeen = counters[1];
        s.firstEvidence = counters[2];
        s.packets = counters[3];
        s.payloadBytes = counters[4];
        s.samplingRate = rate;
        s.backup = backup;
        s.responderToken = responder;
        for (long t : tokens) {
            s.addToken(t);
        }
        return s;
    }
}
