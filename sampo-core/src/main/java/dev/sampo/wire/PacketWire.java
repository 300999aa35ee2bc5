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
 * The {@code sampo.packets} wire format: one version byte, then the {@link PacketRecord} as CBOR
 * with the same field names as its JSON form. CBOR rather than JSON because it is smaller and
 * decodes faster while keeping JSON's self-describing schema (see {@code PacketWireBenchmark}).
 * The key is the canonical subflow id, so both directions of a subflow land in one partition.
 *
 * <p>Version 1 ({@link #VERSION}) carries the headers; version 2 ({@link #PAYLOAD_VERSION}) is
 * version 1 plus the field {@code payload}, a CBOR byte string of the captured TCP payload (at most
 * {@link PacketRecord#MAX_PAYLOAD_BYTES}). A record without payload is still written as version
 * 1, byte for byte as before, so consumers built before version 2 keep reading what they read; a
 * record with payload is version 2, which those consumers reject instead of silently dropping the
 * bytes (a full-mirror source is turned on after its consumers are upgraded). Thread-safe.
 */
public final class PacketWire {
    public static final byte VERSION = 1;
    /** A record that carries its payload. */
    public static final byte PAYLOAD_VERSION = 2;

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
            out[0] = r.payload() == null ? VERSION : PAYLOAD_VERSION;
            System.arraycopy(body, 0, out, 1, body.length);
            return out;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The record with its payload, if it carries one.
     *
     * @throws MalformedRecordException for an unknown version, bad CBOR or a record that breaks the schema
     */
    public static PacketRecord decode(byte[] value) throws MalformedRecordException {
        return decode(value, true);
    }

    /**
     * The record without its payload, for consumers that keep records and never look at the bytes
     * (association): the payload is skipped, not copied.
     *
     * @throws MalformedRecordException as {@link #decode(byte[])}
     */
    public static PacketRecord decodeHeaders(byte[] value) throws MalformedRecordException {
        return decode(value, false);
    }

    private static PacketRecord decode(byte[] value, boolean keepPayload) throws MalformedRecordException {
        if (value == null || value.length < 2) {
            throw new MalformedRecordException("empty or 1-byte value", null);
        }
        if (value[0] != VERSION && value[0] != PAYLOAD_VERSION) {
            throw new MalformedRecordException("unknown wire version " + (value[0] & 0xFF) + " (this build reads "
                    + VERSION + " and " + PAYLOAD_VERSION + ")", null);
        }
        PacketRecord r;
        try {
            r = PacketWireReader.read(value, 1, value.length - 1, keepPayload && value[0] == PAYLOAD_VERSION);
        } catch (IOException | RuntimeException e) {
            throw new MalformedRecordException("not a version-" + value[0] + " packet record: " + e.getMessage(), e);
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
        if (r.payload() != null && r.payload().length > r.len()) {
            return "payload of " + r.payload().length + " bytes in a segment of " + r.len();
        }
        return null;
    }
}
