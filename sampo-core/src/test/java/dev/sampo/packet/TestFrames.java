package dev.sampo.packet;

import java.io.ByteArrayOutputStream;

/**
 * Hand-made frames for decoder tests: each layer is built from explicit bytes, so a test reads as
 * the wire format it exercises. IPv4 and IPv6 lengths are computed unless a test overrides them.
 */
public final class TestFrames {
    public static final int CLIENT_V4 = 0x0A000001; // 10.0.0.1
    public static final int SERVER_V4 = 0x0A000102; // 10.0.1.2
    public static final byte[] CLIENT_V6 = hex("20010db8000000000000000000000001");
    public static final byte[] SERVER_V6 = hex("20010db8000000010000000000000002");

    private TestFrames() {
    }

    /** A growable big-endian byte writer. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Writer u8(int v) {
            out.write(v);
            return this;
        }

        public Writer u16(int v) {
            return u8(v >>> 8).u8(v);
        }

        public Writer u32(long v) {
            return u16((int) (v >>> 16)).u16((int) v);
        }

        public Writer u64(long v) {
            return u32(v >>> 32).u32(v);
        }

        public Writer bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        public Writer zeros(int n) {
            return bytes(new byte[n]);
        }

        public int size() {
            return out.size();
        }

        public byte[] build() {
            return out.toByteArray();
        }
    }

    public static Writer w() {
        return new Writer();
    }

    public static byte[] hex(String s) {
        String h = s.replaceAll("\\s+", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    public static byte[] concat(byte[]... parts) {
        Writer w = w();
        for (byte[] p : parts) {
            w.bytes(p);
        }
        return w.build();
    }

    /**
     * A TCP header with the given options (padded with NOPs to a multiple of 4 bytes) followed by
     * {@code payload} zero bytes.
     */
    public static byte[] tcp(int sport, int dport, long seq, long ack, int flags, byte[] options, int payload) {
        int optLen = (options.length + 3) & ~3;
        Writer w = w().u16(sport).u16(dport).u32(seq).u32(ack)
                .u8(((20 + optLen) / 4) << 4).u8(flags).u16(65535).u16(0).u16(0)
                .bytes(options);
        for (int i = options.length; i < optLen; i++) {
            w.u8(1);
        }
        return w.zeros(payload).build();
    }

    public static byte[] tcp(byte[] options) {
        return tcp(40000, 5000, 1000, 2000, Packet.ACK, options, 0);
    }

    /** An IPv4 header of {@code 20 + ipOptions.length} bytes (a multiple of 4) with a correct total length. */
    public static byte[] ipv4(int src, int dst, int protocol, int fragmentField, byte[] ipOptions, byte[] payload) {
        int ihl = 20 + ipOptions.length;
        return w().u8(0x40 | ihl / 4).u8(0).u16(ihl + payload.length)
                .u16(0x1234).u16(fragmentField).u8(64).u8(protocol).u16(0)
                .u32(src).u32(dst).bytes(ipOptions).bytes(payload).build();
    }

    public static byte[] ipv4(byte[] tcp) {
        return ipv4(CLIENT_V4, SERVER_V4, 6, 0x4000, new byte[0], tcp);
    }

    /** An IPv6 header whose payload ({@code extensions} then {@code payload}) begins with {@code next}. */
    public static byte[] ipv6(int next, byte[] afterHeader) {
        return w().u32(0x6000_0000L).u16(afterHeader.length).u8(next).u8(63)
                .bytes(CLIENT_V6).bytes(SERVER_V6).bytes(afterHeader).build();
    }

    public static byte[] ipv6(byte[] tcp) {
        return ipv6(6, tcp);
    }

    /** A hop-by-hop, routing or destination options header of {@code 8 * (1 + len8)} bytes. */
    public static byte[] extensionHeader(int next, int len8) {
        return w().u8(next).u8(len8).u8(1).u8(4 + 8 * len8).zeros(4 + 8 * len8).build(); // one PadN
    }

    public static byte[] fragmentHeader(int next, int offset8, boolean more, int id) {
        return w().u8(next).u8(0).u16((offset8 << 3) | (more ? 1 : 0)).u32(id).build();
    }

    public static byte[] ethernet(int etherType, byte[] payload) {
        return w().bytes(hex("020000000002")).bytes(hex("020000000001")).u16(etherType).bytes(payload).build();
    }

    /** Ethernet with the given tags ({@code tpid, tci} pairs) before the inner EtherType. */
    public static byte[] ethernetTagged(int[] tpidTci, int etherType, byte[] payload) {
        Writer w = w().bytes(hex("020000000002")).bytes(hex("020000000001"));
        for (int i = 0; i < tpidTci.length; i += 2) {
            w.u16(tpidTci[i]).u16(tpidTci[i + 1]);
        }
        return w.u16(etherType).bytes(payload).build();
    }

    public static byte[] sll(int protocol, byte[] payload) {
        return w().u16(0).u16(1).u16(6).bytes(hex("0200000000010000")).u16(protocol).bytes(payload).build();
    }

    public static byte[] sll2(int protocol, byte[] payload) {
        return w().u16(protocol).u16(0).u32(2).u16(1).u8(0).u8(6).bytes(hex("0200000000010000"))
                .bytes(payload).build();
    }

    /** BSD loopback: the address family in the capturing host's byte order (little-endian here). */
    public static byte[] nullLink(int family, byte[] payload) {
        return w().u8(family).u8(0).u8(0).u8(0).bytes(payload).build();
    }

    public static byte[] ppp(boolean hdlc, int protocol, byte[] payload) {
        Writer w = w();
        if (hdlc) {
            w.u8(0xFF).u8(0x03);
        }
        return w.u16(protocol).bytes(payload).build();
    }
}
