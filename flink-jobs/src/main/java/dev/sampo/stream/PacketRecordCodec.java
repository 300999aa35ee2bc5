package dev.sampo.stream;

import dev.sampo.flow.IpAddress;
import dev.sampo.mptcp.MptcpOption;
import dev.sampo.packet.Missing;
import dev.sampo.packet.PacketRecord;
import dev.sampo.wire.PacketWire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Packet records in Flink data: the packets waiting for their period, which every checkpoint
 * writes out while a backlog drains.
 */
enum PacketRecordCodec implements Codec<PacketRecord> {
    /** Length-prefixed {@link PacketWire} bytes, which carry their own wire version. */
    V1 {
        @Override
        public void write(PacketRecord record, DataOutputView out) throws IOException {
            byte[] bytes = PacketWire.encode(record);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        @Override
        public PacketRecord read(DataInputView in) throws IOException {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            try {
                return PacketWire.decode(bytes);
            } catch (PacketWire.MalformedRecordException e) {
                throw new IOException("corrupt packet record in Flink data: " + e.getMessage(), e);
            }
        }
    },
    /**
     * The fields in binary, in the record's order, each option as its subtype's place in
     * {@link #OPTIONS} and its fields; absent values as a 0 byte. Writing {@link #V1}'s CBOR through
     * Jackson's data binding took a tenth of the job's CPU draining a backlog, all of it in
     * checkpoints of the waiting packets (docs/PERFORMANCE.md).
     */
    V2 {
        @Override
        public void write(PacketRecord r, DataOutputView out) throws IOException {
            out.writeLong(r.frame());
            out.writeLong(r.tsMicros());
            writeText(r.observationPoint(), out);
            writeAddress(r.src(), out);
            out.writeInt(r.sport());
            writeAddress(r.dst(), out);
            out.writeInt(r.dport());
            out.writeLong(r.seq());
            out.writeLong(r.ack());
            out.writeInt(r.len());
            out.writeInt(r.flags());
            out.writeInt(r.samplingRate());
            out.writeByte(r.missing() == null ? 0 : r.missing().ordinal() + 1);
            out.writeInt(r.mptcp().size());
            for (MptcpOption o : r.mptcp()) {
                writeOption(o, out);
            }
            writeBytes(r.payload(), out);
        }

        @Override
        public PacketRecord read(DataInputView in) throws IOException {
            long frame = in.readLong();
            long ts = in.readLong();
            String obs = readText(in);
            IpAddress src = readAddress(in);
            int sport = in.readInt();
            IpAddress dst = readAddress(in);
            int dport = in.readInt();
            long seq = in.readLong();
            long ack = in.readLong();
            int len = in.readInt();
            int flags = in.readInt();
            int rate = in.readInt();
            int missing = in.readByte();
            Missing m = missing == 0 ? null : Missing.values()[missing - 1];
            int n = in.readInt();
            List<MptcpOption> options = n == 0 ? List.of() : new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                options.add(readOption(in));
            }
            return new PacketRecord(frame, ts, obs, src, sport, dst, dport, seq, ack, len, flags, rate, m, options,
                    readBytes(in));
        }
    };

    static final TypeInformation<PacketRecord> TYPE = CodecTypeInfo.of(PacketRecord.class, V2);

    /** The option subtypes by their tag in {@link #V2}: appended to, never reordered. */
    private static final List<Class<? extends MptcpOption>> OPTIONS = List.of(MptcpOption.MpCapable.class,
            MptcpOption.MpJoin.class, MptcpOption.Dss.class, MptcpOption.AddAddr.class, MptcpOption.RemoveAddr.class,
            MptcpOption.MpPrio.class, MptcpOption.MpFail.class, MptcpOption.MpFastclose.class,
            MptcpOption.MpTcpRst.class, MptcpOption.Unknown.class);

    private static void writeOption(MptcpOption option, DataOutputView out) throws IOException {
        out.writeByte(OPTIONS.indexOf(option.getClass()));
        if (option instanceof MptcpOption.MpCapable o) {
            out.writeInt(o.version());
            out.writeInt(o.flags());
            writeLong(o.senderKey(), out);
            writeLong(o.receiverKey(), out);
            writeInt(o.dataLevelLength(), out);
            writeInt(o.checksum(), out);
        } else if (option instanceof MptcpOption.MpJoin o) {
            writeLong(o.token(), out);
            writeLong(o.nonce(), out);
            writeLong(o.hmac(), out);
            writeBoolean(o.backup(), out);
            writeInt(o.addrId(), out);
        } else if (option instanceof MptcpOption.Dss o) {
            writeLong(o.dsn(), out);
            writeLong(o.ssn(), out);
            writeInt(o.dll(), out);
            writeLong(o.dataAck(), out);
            out.writeBoolean(o.dataFin());
            writeInt(o.dsnBytes(), out);
            writeInt(o.dataAckBytes(), out);
            writeInt(o.checksum(), out);
        } else if (option instanceof MptcpOption.AddAddr o) {
            out.writeInt(o.version());
            writeBoolean(o.echo(), out);
            writeInt(o.addrId(), out);
            out.writeBoolean(o.address() != null);
            if (o.address() != null) {
                writeAddress(o.address(), out);
            }
            writeInt(o.port(), out);
            writeLong(o.hmac(), out);
        } else if (option instanceof MptcpOption.RemoveAddr o) {
            out.writeInt(o.addrIds().size());
            for (int id : o.addrIds()) {
                out.writeInt(id);
            }
        } else if (option instanceof MptcpOption.MpPrio o) {
            out.writeBoolean(o.backup());
            writeInt(o.addrId(), out);
        } else if (option instanceof MptcpOption.MpFail o) {
            writeLong(o.dsn(), out);
        } else if (option instanceof MptcpOption.MpFastclose o) {
            writeLong(o.receiverKey(), out);
        } else if (option instanceof MptcpOption.MpTcpRst o) {
            out.writeInt(o.flags());
            writeInt(o.reason(), out);
        } else if (option instanceof MptcpOption.Unknown o) {
            out.writeInt(o.length());
        } else {
            throw new IOException("an MPTCP option of a type this format does not know: " + option.getClass());
        }
    }

    private static MptcpOption readOption(DataInputView in) throws IOException {
        int tag = in.readByte();
        return switch (tag) {
            case 0 -> new MptcpOption.MpCapable(in.readInt(), in.readInt(), readLong(in), readLong(in), readInt(in),
                    readInt(in));
            case 1 -> new MptcpOption.MpJoin(readLong(in), readLong(in), readLong(in), readBoolean(in), readInt(in));
            case 2 -> new MptcpOption.Dss(readLong(in), readLong(in), readInt(in), readLong(in), in.readBoolean(),
                    readInt(in), readInt(in), readInt(in));
            case 3 -> new MptcpOption.AddAddr(in.readInt(), readBoolean(in), readInt(in),
                    in.readBoolean() ? readAddress(in) : null, readInt(in), readLong(in));
            case 4 -> {
                int n = in.readInt();
                List<Integer> ids = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    ids.add(in.readInt());
                }
                yield new MptcpOption.RemoveAddr(ids);
            }
            case 5 -> new MptcpOption.MpPrio(in.readBoolean(), readInt(in));
            case 6 -> new MptcpOption.MpFail(readLong(in));
            case 7 -> new MptcpOption.MpFastclose(readLong(in));
            case 8 -> new MptcpOption.MpTcpRst(in.readInt(), readInt(in));
            case 9 -> new MptcpOption.Unknown(in.readInt());
            default -> throw new IOException("corrupt packet record in Flink data: MPTCP option tag " + tag);
        };
    }

    private static void writeAddress(IpAddress a, DataOutputView out) throws IOException {
        out.writeLong(a.hi());
        out.writeLong(a.lo());
    }

    private static IpAddress readAddress(DataInputView in) throws IOException {
        return new IpAddress(in.readLong(), in.readLong());
    }

    private static void writeLong(Long v, DataOutputView out) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeLong(v);
        }
    }

    private static Long readLong(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    private static void writeInt(Integer v, DataOutputView out) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeInt(v);
        }
    }

    private static Integer readInt(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }

    /** Absent, false, true as 0, 1, 2. */
    private static void writeBoolean(Boolean v, DataOutputView out) throws IOException {
        out.writeByte(v == null ? 0 : v ? 2 : 1);
    }

    private static Boolean readBoolean(DataInputView in) throws IOException {
        int v = in.readByte();
        return v == 0 ? null : v == 2;
    }

    /** As UTF-8 bytes: {@code writeUTF} would fail past 65,535 bytes, which the wire format allows. */
    private static void writeText(String s, DataOutputView out) throws IOException {
        writeBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8), out);
    }

    private static String readText(DataInputView in) throws IOException {
        byte[] b = readBytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static void writeBytes(byte[] b, DataOutputView out) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
