package dev.sampo.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/** Writes pcap and pcapng files field by field, in either byte order, for reader tests. */
final class CaptureBytes {
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 1;
    static final int OPB = 2;
    static final int SPB = 3;
    static final int ISB = 5;
    static final int EPB = 6;
    static final int NRB = 4;
    static final int CUSTOM = 0xBAD;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;

    CaptureBytes(ByteOrder order) {
        this.order = order;
    }

    static CaptureBytes pcap(ByteOrder order, int magic, int linkTypeField, int snapLength) {
        return new CaptureBytes(order).u32(magic).u16(2).u16(4).u32(0).u32(0).u32(snapLength)
                .u32(linkTypeField);
    }

    CaptureBytes pcapRecord(long seconds, long subsecond, byte[] data, int originalLength) {
        return u32(seconds).u32(subsecond).u32(data.length).u32(originalLength).bytes(data);
    }

    CaptureBytes shb() {
        return block(SHB, b -> b.u32(0x1A2B3C4D).u16(1).u16(0).u64(-1));
    }

    CaptureBytes idb(int linkType, int snapLength) {
        return block(IDB, b -> b.u16(linkType).u16(0).u32(snapLength));
    }

    /** An IDB with if_tsresol, and if_tsoffset when {@code offsetSeconds} is non-zero. */
    CaptureBytes idb(int linkType, int snapLength, int resolution, long offsetSeconds) {
        return block(IDB, b -> {
            b.u16(linkType).u16(0).u32(snapLength);
            b.u16(2).u16(5).bytes("hello".getBytes()).pad();
            b.u16(9).u16(1).u8(resolution).pad();
            if (offsetSeconds != 0) {
                b.u16(14).u16(8).u64(offsetSeconds);
            }
            b.u16(0).u16(0);
        });
    }

    CaptureBytes epb(int interfaceId, long ticks, byte[] data, int originalLength) {
        return block(EPB, b -> b.u32(interfaceId).u32(ticks >>> 32).u32(ticks).u32(data.length)
                .u32(originalLength).bytes(data).pad()
                .u16(2).u16(4).u32(0x1234).u16(0).u16(0));
    }

    CaptureBytes opb(int interfaceId, long ticks, byte[] data, int originalLength) {
        return block(OPB, b -> b.u16(interfaceId).u16(0).u32(ticks >>> 32).u32(ticks)
                .u32(data.length).u32(originalLength).bytes(data).pad());
    }

    CaptureBytes spb(byte[] data, int originalLength) {
        return block(SPB, b -> b.u32(originalLength).bytes(data).pad());
    }

    /** A block with a correct length at both ends around whatever {@code body} writes. */
    CaptureBytes block(int type, Consumer<CaptureBytes> body) {
        CaptureBytes b = new CaptureBytes(order);
        body.accept(b);
        byte[] bytes = b.pad().toByteArray();
        int total = bytes.length + 12;
        return u32(type).u32(total).bytes(bytes).u32(total);
    }

    CaptureBytes u8(int v) {
        out.write(v);
        return this;
    }

    CaptureBytes u16(int v) {
        return put(ByteBuffer.allocate(2).order(order).putShort((short) v));
    }

    CaptureBytes u32(long v) {
        return put(ByteBuffer.allocate(4).order(order).putInt((int) v));
    }

    CaptureBytes u64(long v) {
        return put(ByteBuffer.allocate(8).order(order).putLong(v));
    }

    CaptureBytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** Zero bytes up to the next 32-bit boundary, as pcapng requires after every field. */
    CaptureBytes pad() {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private CaptureBytes put(ByteBuffer b) {
        out.writeBytes(b.array());
        return this;
    }

    static byte[] payload(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    /** Each part as its own gzip member, concatenated, as `cat a.gz b.gz` makes. */
    static byte[] gzip(byte[]... members) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] member : members) {
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(one)) {
                z.write(member);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            all.writeBytes(one.toByteArray());
        }
        return all.toByteArray();
    }
}
