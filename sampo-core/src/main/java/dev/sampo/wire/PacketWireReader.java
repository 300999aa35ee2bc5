package dev.sampo.wire;

import dev.sampo.flow.IpAddress;
import dev.sampo.mptcp.MptcpOption;
import dev.sampo.packet.Missing;
import dev.sampo.packet.PacketRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a version-1 or version-2 {@code sampo.packets} value item by item ({@link CborReader}), where
 * data binding would go through creators, property buffers and type-id handling for every record
 * and option: 0.96 µs against 1.64 µs per record of paper40 with Jackson's streaming parser, and
 * less again straight from the bytes ({@code PacketWireBenchmark.decodeCbor*}, docs/PERFORMANCE.md).
 * Field names are those of {@link PacketRecord}'s and {@link MptcpOption}'s JSON; fields it does
 * not know are skipped, so producers may add fields within a version; {@code payload} is read only
 * when asked (version 2, and a consumer that wants the bytes), skipped otherwise.
 */
final class PacketWireReader {
    /** The record's fields, in the order {@link PacketWire} writes them. */
    private static final byte[][] RECORD = CborReader.names("frame", "ts_us", "obs", "src", "sport", "dst", "dport",
            "seq", "ack", "len", "flags", "rate", "missing", "mptcp", "payload");
    /** Every field of any option subtype. */
    private static final byte[][] OPTION = CborReader.names("subtype", "version", "flags", "sender_key",
            "receiver_key", "dll", "checksum", "token", "nonce", "hmac", "backup", "addr_id", "dsn", "ssn", "data_ack",
            "data_fin", "dsn_bytes", "data_ack_bytes", "echo", "address", "port", "addr_ids", "reason", "length");

    private PacketWireReader() {
    }

    static PacketRecord read(byte[] value, int offset, int length, boolean readPayload) throws IOException {
        CborReader r = new CborReader(value, offset, length);
        int fields = r.startMap("a packet record");
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
        int field = -1;
        for (int i = 0; fields < 0 ? !r.atBreak() : i < fields; i++) {
            field = r.key(RECORD, field + 1);
            switch (field) {
                case 0 -> frame = r.integer("frame");
                case 1 -> ts = r.integer("ts_us");
                case 2 -> obs = r.text("obs");
                case 3 -> src = address(r, "src");
                case 4 -> sport = r.int32("sport");
                case 5 -> dst = address(r, "dst");
                case 6 -> dport = r.int32("dport");
                case 7 -> seq = r.integer("seq");
                case 8 -> ack = r.integer("ack");
                case 9 -> len = r.int32("len");
                case 10 -> flags = r.int32("flags");
                case 11 -> rate = r.int32("rate");
                case 12 -> missing = missing(r.text("missing"));
                case 13 -> mptcp = r.nextIsNull() ? List.of() : options(r);
                case 14 -> {
                    if (readPayload) {
                        payload = r.bytes("payload");
                    } else {
                        r.skip();
                    }
                }
                default -> r.skip();
            }
        }
        return new PacketRecord(frame, ts, obs, src, sport, dst, dport, seq, ack, len, flags, rate, missing, mptcp,
                payload);
    }

    private static List<MptcpOption> options(CborReader r) throws IOException {
        int n = r.startArray("the mptcp array");
        List<MptcpOption> options = new ArrayList<>(n < 0 ? 2 : n);
        for (int i = 0; n < 0 ? !r.atBreak() : i < n; i++) {
            options.add(option(r));
        }
        return options;
    }

    /** One option: every field any subtype has, then the subtype's record from the ones it uses. */
    private static MptcpOption option(CborReader r) throws IOException {
        int fields = r.startMap("an MPTCP option");
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
        int field = -1;
        for (int i = 0; fields < 0 ? !r.atBreak() : i < fields; i++) {
            field = r.key(OPTION, field + 1);
            if (field < 0) {
                r.skip();
                continue;
            }
            if (r.nextIsNull()) {
                continue;
            }
            switch (field) {
                case 0 -> subtype = r.text("subtype");
                case 1 -> version = r.int32("version");
                case 2 -> flags = r.int32("flags");
                case 3 -> senderKey = r.unsigned64("sender_key");
                case 4 -> receiverKey = r.unsigned64("receiver_key");
                case 5 -> dll = r.int32("dll");
                case 6 -> checksum = r.int32("checksum");
                case 7 -> token = r.integer("token");
                case 8 -> nonce = r.integer("nonce");
                case 9 -> hmac = r.unsigned64("hmac");
                case 10 -> backup = r.bool("backup");
                case 11 -> addrId = r.int32("addr_id");
                case 12 -> dsn = r.unsigned64("dsn");
                case 13 -> ssn = r.integer("ssn");
                case 14 -> dataAck = r.unsigned64("data_ack");
                case 15 -> dataFin = r.bool("data_fin");
                case 16 -> dsnBytes = r.int32("dsn_bytes");
                case 17 -> dataAckBytes = r.int32("data_ack_bytes");
                case 18 -> echo = r.bool("echo");
                case 19 -> address = address(r, "address");
                case 20 -> port = r.int32("port");
                case 21 -> addrIds = integers(r, "addr_ids");
                case 22 -> reason = r.int32("reason");
                default -> length = r.int32("length");
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

    private static IpAddress address(CborReader r, String name) throws IOException {
        String text = r.text(name);
        try {
            return text == null ? null : IpAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
    }

    private static Missing missing(String text) throws IOException {
        if (text == null) {
            return null;
        }
        try {
            return Missing.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown value of missing: " + text, e);
        }
    }

    private static List<Integer> integers(CborReader r, String name) throws IOException {
        int n = r.startArray(name);
        List<Integer> values = new ArrayList<>();
        for (int i = 0; n < 0 ? !r.atBreak() : i < n; i++) {
            values.add(r.int32(name));
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
