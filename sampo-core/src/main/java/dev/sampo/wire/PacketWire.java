package dev.sampo.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code sampo.packets} wire format, version 1: one byte {@link #VERSION}, then the
 * {@link PacketRecord} as CBOR with the same field names as its JSON form. CBOR rather than JSON
 * because it is smaller and decodes faster while keeping JSON's self-describing schema (see
 * {@code PacketWireBenchmark}). The key is the canonical subflow id, so both directions of a
 * subflow land in one partition. Thread-safe.
 */
public final class PacketWire {
    public static final byte VERSION = 1;

    private static final ObjectWriter WRITER = new CBORMapper().writerFor(PacketRecord.class);

    private PacketWire() {
    }

    /** A record that is not version-1 {@code sampo.packets} data. */
    public static final class MalformedRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedRecordException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static byte[] key(PacketRecord r) {
        return SubflowId.of(r.src(), r.sport(), r.dst(), r.dport()).toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] encode(PacketRecord r) {
        try {
            byte[] body = WRITER.writeValueAsBytes(r);
            byte[] out = new byte[body.length + 1];
            out[0] = VERSION;
            System.arraycopy(body, 0, out, 1, body.length);
            return out;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws MalformedRecordException for an unknown version, bad CBOR or a record that breaks the schema */
    public static PacketRecord decode(byte[] value) throws MalformedRecordException {
        if (value == null || value.length < 2) {
            throw new MalformedRecordException("empty or 1-byte value", null);
        }
        if (value[0] != VERSION) {
            throw new MalformedRecordException("unknown wire version " + (value[0] & 0xFF) + " (this build reads "
                    + VERSION + ")", null);
        }
        PacketRecord r;
        try {
            r = PacketWireReader.read(value, 1, value.length - 1);
        } catch (IOException | RuntimeException e) {
            throw new MalformedRecordException("not a version-1 packet record: " + e.getMessage(), e);
        }
        String problem = problem(r);
        if (problem != null) {
            throw new MalformedRecordException(problem, null);
        }
        return r;
    }

    private static String problem(PacketRecord r) {
        if (r.src() == null || r.dst() == null) {
            return "missing src or dst";
        }
        if (r.sport() < 0 || r.sport() > 0xFFFF || r.dport() < 0 || r.dport() > 0xFFFF) {
            return "port out of range";
        }
        if (r.samplingRate() < 1) {
            return "sampling rate must be ≥ 1, not " + r.samplingRate();
        }
        if (r.len() < 0 || r.seq() < 0 || r.seq() > 0xFFFF_FFFFL || r.ack() < 0 || r.ack() > 0xFFFF_FFFFL) {
            return "len, seq or ack out of range";
        }
        return null;
    }
}
