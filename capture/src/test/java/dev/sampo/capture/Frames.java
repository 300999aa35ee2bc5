package dev.sampo.capture;

import java.io.ByteArrayOutputStream;

/** Hand-made frames for tests: every header is written byte by byte, the way it goes on the wire. */
public final class Frames {
    public static final int ETH_IPV4 = 0x0800;
    public static final int ETH_IPV6 = 0x86DD;

    private Frames() {
    }

    /** Ethernet + IPv4 + TCP SYN from 10.1.0.2:40000 to 10.2.0.2:5000 with an MP_CAPABLE v1 option. */
    public static byte[] mptcpSyn() {
        return ethernet(ETH_IPV4, ipv4(6, 0x0A010002, 0x0A020002, tcpMpCapableSyn(40000, 5000)));
    }

    public static byte[] tcpMpCapableSyn(int sport, int dport) {
        Out o = new Out();
        o.u16(sport).u16(dport).u32(0x11223344).u32(0);
        o.u8(6 << 4).u8(0x02).u16(64240).u16(0).u16(0); // data offset 24 bytes, SYN
        o.u8(30).u8(4).u8(0x01).u8(0x81); // MP_CAPABLE v1, flags A|H
        return o.bytes();
    }

    public static byte[] ethernet(int etherType, byte[] payload) {
        return new Out().bytes(new byte[] {2, 0, 0, 0, 0, 2}).bytes(new byte[] {2, 0, 0, 0, 0, 1})
                .u16(etherType).bytes(payload).bytes();
    }

    /** Ethernet with one 802.1Q tag. */
    public static byte[] ethernetVlan(int vlan, int etherType, byte[] payload) {
        return new Out().bytes(new byte[] {2, 0, 0, 0, 0, 2}).bytes(new byte[] {2, 0, 0, 0, 0, 1})
                .u16(0x8100).u16(vlan).u16(etherType).bytes(payload).bytes();
    }

    public static byte[] ipv4(int protocol, int src, int dst, byte[] payload) {
        return new Out().u8(0x45).u8(0).u16(20 + payload.length).u16(1).u16(0x4000).u8(64).u8(protocol).u16(0)
                .u32(src).u32(dst).bytes(payload).bytes();
    }

    /** IPv6 from 2001:db8::1 to 2001:db8::2. */
    public static byte[] ipv6(int next, byte[] payload) {
        return new Out().u32(0x60000000).u16(payload.length).u8(next).u8(64)
                .u32(0x20010db8).u32(0).u32(0).u32(1)
                .u32(0x20010db8).u32(0).u32(0).u32(2).bytes(payload).bytes();
    }

    public static byte[] udp(int dport, byte[] payload) {
        return new Out().u16(50123).u16(dport).u16(8 + payload.length).u16(0).bytes(payload).bytes();
    }

    public static byte[] vxlan(int vni, byte[] frame) {
        return new Out().u8(0x08).u8(0).u16(0).u32(vni << 8).bytes(frame).bytes();
    }

    /** GRE with optional key (null: none) and sequence number (null: none). */
    public static byte[] gre(int protocol, Long key, Long sequence, byte[] payload) {
        int flags = (key != null ? 0x2000 : 0) | (sequence != null ? 0x1000 : 0);
        Out o = new Out().u16(flags).u16(protocol);
        if (key != null) {
            o.u32(key);
        }
        if (sequence != null) {
            o.u32(sequence);
        }
        return o.bytes(payload).bytes();
    }

    /** ERSPAN type II header (version 1) and the mirrored frame. */
    public static byte[] erspanII(int session, int index, byte[] frame) {
        return new Out().u16((1 << 12) | 100).u16((3 << 13) | session).u32(index).bytes(frame).bytes();
    }

    /**
     * ERSPAN type III header (version 2), with the optional 8-byte platform subheader when
     * {@code subheader}, and the mirrored frame or packet (frame type 0 Ethernet, 2 IP).
     */
    public static byte[] erspanIII(int session, int hardware, boolean egress, int frameType, boolean subheader,
                                   byte[] frame) {
        Out o = new Out().u16((2 << 12) | 100).u16(session).u32(0xCAFEBABEL);
        int bits = (frameType << 10) | (hardware << 4) | ((egress ? 1 : 0) << 3) | (subheader ? 1 : 0);
        o.u16(0x1234).u16(bits);
        if (subheader) {
            o.u32(0x04000000).u32(0xDEADBEEFL);
        }
        return o.bytes(frame).bytes();
    }

    public static byte[] concat(byte[]... parts) {
        Out o = new Out();
        for (byte[] p : parts) {
            o.bytes(p);
        }
        return o.bytes();
    }

    /** A big-endian byte writer. */
    public static final class Out {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        public Out u8(int v) {
            b.write(v);
            return this;
        }

        public Out u16(int v) {
            return u8(v >>> 8).u8(v);
        }

        public Out u32(long v) {
            return u16((int) (v >>> 16) & 0xFFFF).u16((int) v & 0xFFFF);
        }

        public Out bytes(byte[] v) {
            b.writeBytes(v);
            return this;
        }

        public byte[] bytes() {
            return b.toByteArray();
        }
    }
}
