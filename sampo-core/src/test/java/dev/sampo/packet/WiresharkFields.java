package dev.sampo.packet;

import dev.sampo.flow.IpAddress;
import dev.sampo.mptcp.MptcpOptionView;
import dev.sampo.mptcp.MptcpSubtype;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What Wireshark 4.0's {@code tshark -T fields} prints for a frame, rebuilt from a decoded
 * {@link Packet}: for each field, the list of values in the order the dissector adds them (one per
 * MPTCP option that carries the field), rendered as tshark renders them.
 *
 * <p>Where the two models differ in what they keep, the comparison narrows to what both know:
 * {@code tcp.flags} holds 12 bits and {@link Packet#flags} 8; for MP_JOIN and MP_TCPRST Wireshark's
 * {@code tcp.options.mptcp.flags} is the subtype byte, of which the decoder keeps the B bit (JOIN)
 * or the U/V/W/T nibble (TCPRST); {@code sendhmac} is the full 160-bit HMAC, of which the decoder
 * keeps the first 64 bits.
 */
final class WiresharkFields {
    /** One tshark field: how to render it from a packet and how to compare one value. */
    record Field(String name, BiConsumer<Packet, List<String>> render, BiPredicate<String, String> same) {
    }

    private static final BiPredicate<String, String> EQUAL = String::equals;
    /** Ours is "0x.." (all bits) or "&mask=value"; tshark's is hex: compared as numbers. */
    private static final BiPredicate<String, String> FLAGS = (theirs, ours) -> {
        int value = Integer.decode(theirs);
        if (ours.startsWith("&")) {
            int eq = ours.indexOf('=');
            int mask = Integer.decode(ours.substring(1, eq));
            return (value & mask) == Integer.decode(ours.substring(eq + 1));
        }
        return value == Integer.decode(ours);
    };
    private static final BiPredicate<String, String> PREFIX = (theirs, ours) -> theirs.startsWith(ours);

    static final List<Field> FIELDS = List.of(
            ip("ip.src", 4, true), ip("ipv6.src", 6, true),
            tcp("tcp.srcport", p -> Integer.toString(p.srcPort)),
            ip("ip.dst", 4, false), ip("ipv6.dst", 6, false),
            tcp("tcp.dstport", p -> Integer.toString(p.dstPort)),
            tcp("tcp.seq_raw", p -> Long.toString(p.seq)),
            tcp("tcp.ack_raw", p -> Long.toString(p.ack)),
            tcp("tcp.len", p -> Integer.toString(p.payloadLength)),
            new Field("tcp.flags", (p, out) -> {
                if (p.isTcp()) {
                    out.add("&0xff=" + p.flags);
                }
            }, FLAGS),
            option("tcp.options.mptcp.subtype", (o, out) -> out.add(Integer.toString(o.subtypeCode))),
            option("tcp.options.mptcp.version", (o, out) -> {
                if (o.subtype == MptcpSubtype.MP_CAPABLE) {
                    out.add(Integer.toString(o.version));
                }
            }),
            new Field("tcp.options.mptcp.flags", perOption((o, out) -> {
                switch (o.subtype) {
                    case MP_CAPABLE, DSS -> out.add(String.format("0x%02x", o.flags));
                    case MP_JOIN -> {
                        if (o.length != 24) {
                            out.add("&0x01=" + (o.backup ? 1 : 0));
                        }
                    }
                    case MP_TCPRST -> out.add("&0x0f=" + o.flags);
                    default -> {
                        // Wireshark prints no flags for the other subtypes seen in the datasets.
                    }
                }
            }), FLAGS),
            option("tcp.options.mptcp.sendkey", (o, out) -> unsigned(o, MptcpOptionView.SENDER_KEY, o.senderKey, out)),
            option("tcp.options.mptcp.recvkey", (o, out) -> unsigned(o, MptcpOptionView.RECEIVER_KEY, o.receiverKey, out)),
            option("tcp.options.mptcp.recvtok", (o, out) -> unsigned(o, MptcpOptionView.TOKEN, o.token, out)),
            option("tcp.options.mptcp.sendrand", (o, out) -> unsigned(o, MptcpOptionView.NONCE, o.nonce, out)),
            option("tcp.options.mptcp.sendtrunchmac", (o, out) -> {
                if (o.subtype == MptcpSubtype.MP_JOIN && o.length == 16) {
                    unsigned(o, MptcpOptionView.HMAC, o.hmac, out);
                }
            }),
            new Field("tcp.options.mptcp.sendhmac", perOption((o, out) -> {
                if (o.subtype == MptcpSubtype.MP_JOIN && o.length == 24 && o.has(MptcpOptionView.HMAC)) {
                    out.add(String.format("%016x", o.hmac));
                }
            }), PREFIX),
            option("tcp.options.mptcp.backup.flag", (o, out) -> {
                if (o.subtype == MptcpSubtype.MP_JOIN && o.has(MptcpOptionView.BACKUP)) {
                    out.add(o.backup ? "1" : "0");
                }
            }),
            option("tcp.options.mptcp.addrid", (o, out) -> {
                if (o.subtype == MptcpSubtype.REMOVE_ADDR) {
                    for (int i = 0; i < o.removedCount; i++) {
                        out.add(Integer.toString(o.removedIds[i]));
                    }
                } else if (o.has(MptcpOptionView.ADDR_ID)) {
                    out.add(Integer.toString(o.addrId));
                }
            }),
            option("tcp.options.mptcp.rawdataack", (o, out) -> unsigned(o, MptcpOptionView.DATA_ACK, o.dataAck, out)),
            option("tcp.options.mptcp.rawdataseqno", (o, out) -> unsigned(o, MptcpOptionView.DSN, o.dsn, out)),
            option("tcp.options.mptcp.subflowseqno", (o, out) -> unsigned(o, MptcpOptionView.SSN, o.ssn, out)),
            option("tcp.options.mptcp.datalvllen", (o, out) -> {
                if (o.has(MptcpOptionView.DATA_LEVEL_LENGTH)) {
                    out.add(Integer.toString(o.dataLevelLength));
                }
            }),
            option("tcp.options.mptcp.ipver", (o, out) -> {
                if (o.subtype == MptcpSubtype.ADD_ADDR && o.version == 0) {
                    out.add(Integer.toString(o.addressFamily));
                }
            }),
            option("tcp.options.mptcp.echo", (o, out) -> {
                if (o.subtype == MptcpSubtype.ADD_ADDR && o.version == 1) {
                    out.add(o.echo ? "1" : "0");
                }
            }),
            option("tcp.options.mptcp.ipv4", (o, out) -> address(o, 4, out)),
            option("tcp.options.mptcp.ipv6", (o, out) -> address(o, 6, out)),
            option("tcp.options.mptcp.port", (o, out) -> {
                if (o.has(MptcpOptionView.PORT)) {
                    out.add(Integer.toString(o.port));
                }
            }),
            option("tcp.options.mptcp.addaddrtrunchmac", (o, out) -> {
                if (o.subtype == MptcpSubtype.ADD_ADDR) {
                    unsigned(o, MptcpOptionView.HMAC, o.hmac, out);
                }
            }),
            new Field("tcp.options.mptcp.rst_reason", perOption((o, out) -> {
                if (o.has(MptcpOptionView.REASON)) {
                    out.add(String.format("0x%02x", o.reason)); // tshark prints it in hex
                }
            }), FLAGS));

    static final Map<String, Field> BY_NAME = FIELDS.stream().collect(Collectors.toMap(Field::name, f -> f));

    private WiresharkFields() {
    }

    static List<String> values(Field field, Packet p) {
        List<String> out = new ArrayList<>(2);
        field.render().accept(p, out);
        return out;
    }

    /** tshark's cell split on its aggregator; an empty cell is an absent field. */
    static boolean same(Field field, String cell, List<String> ours) {
        if (cell.isEmpty()) {
            return ours.isEmpty();
        }
        String[] theirs = cell.split(",", -1);
        if (theirs.length != ours.size()) {
            return false;
        }
        for (int i = 0; i < theirs.length; i++) {
            if (!field.same().test(theirs[i], ours.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Field ip(String name, int version, boolean source) {
        // Addresses are rendered for every IP frame, TCP or not, as Wireshark prints them.
        return new Field(name, (p, out) -> {
            if (p.ipVersion == version) {
                out.add((source ? p.src() : p.dst()).toString());
            }
        }, EQUAL);
    }

    private static Field tcp(String name, Function<Packet, String> value) {
        return new Field(name, (p, out) -> {
            if (p.isTcp()) {
                out.add(value.apply(p));
            }
        }, EQUAL);
    }

    private static Field option(String name, BiConsumer<MptcpOptionView, List<String>> render) {
        return new Field(name, perOption(render), EQUAL);
    }

    private static BiConsumer<Packet, List<String>> perOption(BiConsumer<MptcpOptionView, List<String>> render) {
        return (p, out) -> {
            if (!p.isTcp()) {
                return;
            }
            for (int i = 0; i < p.mptcpCount; i++) {
                render.accept(p.mptcp[i], out);
            }
        };
    }

    private static void unsigned(MptcpOptionView o, int field, long value, List<String> out) {
        if (o.has(field)) {
            out.add(Long.toUnsignedString(value));
        }
    }

    private static void address(MptcpOptionView o, int family, List<String> out) {
        if (o.subtype == MptcpSubtype.ADD_ADDR && o.addressFamily == family && o.has(MptcpOptionView.ADDRESS)) {
            out.add(new IpAddress(o.addressHi, o.addressLo).toString());
        }
    }
}
