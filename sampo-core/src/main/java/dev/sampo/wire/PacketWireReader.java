package dev.sampo.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.sampo.flow.IpAddress;
import dev.sampo.mptcp.MptcpOption;
import dev.sampo.mptcp.UnsignedLongDeserializer;
import dev.sampo.packet.Missing;
import dev.sampo.packet.PacketRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a version-1 or version-2 {@code sampo.packets} value token by token with Jackson's CBOR parser, where
 * data binding would go through creators, property buffers and type-id handling for every record
 * and option. Decoding is the association job's largest per-record cost, and reading by hand cuts
 * it by a third to a half: 0.96 µs against 1.64 µs per record of paper40 on the 2-core machine
 * ({@code PacketWireBenchmark.decodeCbor*}; wide errors there, repeated runs agree on the order).
 * Field names are those of {@link PacketRecord}'s and {@link MptcpOption}'s JSON; fields it does
 * not know are skipped, so producers may add fields within a version; {@code payload} is read only
 * when asked (version 2, and a consumer that wants the bytes), skipped otherwise.
 */
final class PacketWireReader {
    private static final CBORFactory CBOR = new CBORFactory();

    private PacketWireReader() {
    }

    static PacketRecord read(byte[] value, int offset, int length, boolean readPayload) throws IOException {
        try (JsonParser p = CBOR.createParser(value, offset, length)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "a packet record");
            long frame = 0;
            long ts = 0;
            String obs = null;
            IpAddress src = null;
            IpAddress dst = null;
            int sport = 0;
            int dport = 0;
            long seq = 0;
            long ack = 0;
            int len = 0;
            int flags = 0;
            int rate = 0;
            Missing missing = null;
            List<MptcpOption> mptcp = List.of();
            byte[] payload = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "frame" -> frame = number(p, t, name);
                    case "ts_us" -> ts = number(p, t, name);
                    case "obs" -> obs = text(p, t, name);
                    case "src" -> src = address(p, t, name);
                    case "sport" -> sport = integer(p, t, name);
                    case "dst" -> dst = address(p, t, name);
                    case "dport" -> dport = integer(p, t, name);
                    case "seq" -> seq = number(p, t, name);
                    case "ack" -> ack = number(p, t, name);
                    case "len" -> len = integer(p, t, name);
                    case "flags" -> flags = integer(p, t, name);
                    case "rate" -> rate = integer(p, t, name);
                    case "missing" -> missing = t == JsonToken.VALUE_NULL ? null : missing(text(p, t, name));
                    case "mptcp" -> mptcp = t == JsonToken.VALUE_NULL ? List.of() : options(p, t);
                    case "payload" -> payload = readPayload ? bytes(p, t, name) : null;
                    default -> p.skipChildren();
                }
            }
            expect(p, p.currentToken(), JsonToken.END_OBJECT, "the end of the record");
            return new PacketRecord(frame, ts, obs, src, sport, dst, dport, seq, ack, len, flags, rate, missing, mptcp,
                    payload);
        }
    }

    private static List<MptcpOption> options(JsonParser p, JsonToken t) throws IOException {
        expect(p, t, JsonToken.START_ARRAY, "the mptcp array");
        List<MptcpOption> options = new ArrayList<>(2);
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            options.add(option(p, e));
        }
        return options;
    }

    /** One option: every field any subtype has, then the subtype's record from the ones it uses. */
    private static MptcpOption option(JsonParser p, JsonToken t) throws IOException {
        expect(p, t, JsonToken.START_OBJECT, "an MPTCP option");
        String subtype = null;
        Integer version = null;
        Integer flags = null;
        Long senderKey = null;
        Long receiverKey = null;
        Integer dll = null;
        Integer checksum = null;
        Long token = null;
        Long nonce = null;
        Long hmac = null;
        Boolean backup = null;
        Integer addrId = null;
        Long dsn = null;
        Long ssn = null;
        Long dataAck = null;
        Boolean dataFin = null;
        Integer dsnBytes = null;
        Integer dataAckBytes = null;
        Boolean echo = null;
        IpAddress address = null;
        Integer port = null;
        List<Integer> addrIds = null;
        Integer reason = null;
        Integer length = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "subtype" -> subtype = text(p, v, name);
                case "version" -> version = integer(p, v, name);
                case "flags" -> flags = integer(p, v, name);
                case "sender_key" -> senderKey = unsigned64(p, v, name);
                case "receiver_key" -> receiverKey = unsigned64(p, v, name);
                case "dll" -> dll = integer(p, v, name);
                case "checksum" -> checksum = integer(p, v, name);
                case "token" -> token = number(p, v, name);
                case "nonce" -> nonce = number(p, v, name);
                case "hmac" -> hmac = unsigned64(p, v, name);
                case "backup" -> backup = bool(p, v, name);
                case "addr_id" -> addrId = integer(p, v, name);
                case "dsn" -> dsn = unsigned64(p, v, name);
                case "ssn" -> ssn = number(p, v, name);
                case "data_ack" -> dataAck = unsigned64(p, v, name);
                case "data_fin" -> dataFin = bool(p, v, name);
                case "dsn_bytes" -> dsnBytes = integer(p, v, name);
                case "data_ack_bytes" -> dataAckBytes = integer(p, v, name);
                case "echo" -> echo = bool(p, v, name);
                case "address" -> address = address(p, v, name);
                case "port" -> port = integer(p, v, name);
                case "addr_ids" -> addrIds = integers(p, v, name);
                case "reason" -> reason = integer(p, v, name);
                case "length" -> length = integer(p, v, name);
                default -> p.skipChildren();
            }
        }
        if (subtype == null) {
            throw new IOException("an MPTCP option without a subtype");
        }
        return switch (subtype) {
            case "MP_CAPABLE" -> new MptcpOption.MpCapable(required(version, "version"), required(flags, "flags"),
                    senderKey, receiverKey, dll, checksum);
            case "MP_JOIN" -> new MptcpOption.MpJoin(token, nonce, hmac, backup, addrId);
            case "DSS" -> new MptcpOption.Dss(dsn, ssn, dll, dataAck, dataFin != null && dataFin, dsnBytes,
                    dataAckBytes, checksum);
            case "ADD_ADDR" -> new MptcpOption.AddAddr(required(version, "version"), echo, addrId, address, port, hmac);
            case "REMOVE_ADDR" -> new MptcpOption.RemoveAddr(addrIds == null ? List.of() : addrIds);
            case "MP_PRIO" -> new MptcpOption.MpPrio(backup != null && backup, addrId);
            case "MP_FAIL" -> new MptcpOption.MpFail(dsn);
            case "MP_FASTCLOSE" -> new MptcpOption.MpFastclose(receiverKey);
            case "MP_TCPRST" -> new MptcpOption.MpTcpRst(required(flags, "flags"), reason);
            case "UNKNOWN" -> new MptcpOption.Unknown(required(length, "length"));
            default -> throw new IOException("unknown MPTCP option subtype " + subtype);
        };
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + what + ", found " + actual + " at byte " + p.currentLocation().getByteOffset());
        }
    }

    private static long number(JsonParser p, JsonToken t, String name) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new IOException(name + " must be an integer, not " + t);
        }
        return p.getLongValue();
    }

    private static int integer(JsonParser p, JsonToken t, String name) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new IOException(name + " must be an integer, not " + t);
        }
        return p.getIntValue();
    }

    /** An unsigned 64-bit value as the two's-complement long the records hold (bignum above 2^63 − 1). */
    private static long unsigned64(JsonParser p, JsonToken t, String name) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new IOException(name + " must be an integer, not " + t);
        }
        Long v = UnsignedLongDeserializer.unsigned(p);
        if (v == null) {
            throw new IOException(name + " is not an unsigned 64-bit value: " + p.getNumberValue());
        }
        return v;
    }

    private static byte[] bytes(JsonParser p, JsonToken t, String name) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_EMBEDDED_OBJECT) {
            throw new IOException(name + " must be a byte string, not " + t);
        }
        return p.getBinaryValue();
    }

    private static boolean bool(JsonParser p, JsonToken t, String name) throws IOException {
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw new IOException(name + " must be true or false, not " + t);
        }
        return t == JsonToken.VALUE_TRUE;
    }

    private static String text(JsonParser p, JsonToken t, String name) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new IOException(name + " must be a string, not " + t);
        }
        return p.getText();
    }

    private static IpAddress address(JsonParser p, JsonToken t, String name) throws IOException {
        String text = text(p, t, name);
        try {
            return text == null ? null : IpAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
    }

    private static Missing missing(String text) throws IOException {
        try {
            return Missing.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown value of missing: " + text, e);
        }
    }

    private static List<Integer> integers(JsonParser p, JsonToken t, String name) throws IOException {
        expect(p, t, JsonToken.START_ARRAY, name);
        List<Integer> values = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            values.add(integer(p, e, name));
        }
        return values;
    }

    private static <T> T required(T value, String name) throws IOException {
        if (value == null) {
            throw new IOException("an MPTCP option without its " + name);
        }
        return value;
    }
}
