package dev.sampo.packet;

import static dev.sampo.packet.TestFrames.concat;
import static dev.sampo.packet.TestFrames.hex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IP packets copied byte for byte from the shared captures (link headers removed), and the same
 * packets under every link layer the decoder knows: the seeds that property tests mutate.
 */
public final class RealFrames {
    /** One IPv4 packet of each kind of MPTCP signalling seen on the wire; the source frame in each comment. */
    private static final String[] IPV4_PACKETS = {
        // paper40/full.pcap.gz #1: v1 MP_CAPABLE SYN (length 4)
        "45000040f5ef4000400627fd0a6408020a640002daf213880e6f2d5000000000b002faf02c200000020405b404"
            + "02080aa8460297000000000103030a1e040101",
        // #2: v1 MP_CAPABLE SYN/ACK, the server's key
        "450000480000400040061de50a6400020a6408021388daf20094cc480e6f2d51d012fe8851550000020405b404"
            + "02080a691ae0bda84602970103030a1e0c010125eb7a136e299234",
        // #3: v1 MP_CAPABLE third ACK, both keys
        "45000048f5f04000400627f40a6408020a640002daf213880e6f2d510094cc49d010003ff11600000101080aa8"
            + "460297691ae0bd1e1401016f0395d1c0a9a7c825eb7a136e299234",
        // #4: v1 MP_CAPABLE with data (length 22) and its 12-byte request
        "45000058f5f14000400627e30a6408020a640002daf213880e6f2d510094cc49e018003f6fea00000101080aa8"
            + "460297691ae0bd1e1601016f0395d1c0a9a7c825eb7a136e299234000c010147455420343037353430350a",
        // #6: v1 ADD_ADDR with HMAC
        "45000044073a4000400616af0a6400020a6408021388daf20094cc490e6f2d5dc010003fc86400000101080a69"
            + "1ae0bda84602971e1030010a650002b38c1f7e6103d8dc",
        // #7: v1 ADD_ADDR echo
        "4500003cf5f24000400627fe0a6408020a640002daf213880e6f2d5d0094cc49a010003ff45f00000101080aa8"
            + "460297691ae0bd1e0831010a650002",
        // #8: MP_JOIN SYN, the receiver's token
        "4500004856db40004006c7080a6408020a650002a0631388310fe51f00000000d002faf0cea80000020405b404"
            + "02080a89bbbb19000000000103030a1e0c1000968cabba1f319316",
        // #9: MP_JOIN SYN/ACK, truncated HMAC
        "4500004c0000400040061de00a6500020a6408021388a0635622679f310fe520e012fe88aa8f0000020405b404"
            + "02080afd5e946d89bbbb190103030a1e1010019da6503c7a77502b75a7873a",
        // #10: MP_JOIN ACK, full HMAC
        "4500004c56dc40004006c7030a6408020a650002a0631388310fe520562267a0e010003fa82f00000101080a89"
            + "bbbb19fd5e946d1e1810000be3483c081c2dcf330434442d2344e015e34b98",
        // #20: DSS, 8-byte DATA_ACK and mapping, payload cut by the 128-byte snaplen
        "450005dc073b4000400611160a6400020a6408021388daf20094cc490e6f2d5df010003fbc1500000101080a69"
            + "1ae0e8a84602971e1a200f359155835ed3527f3a7c7c2494264917000000017a080101000102030405060708"
            + "090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021",
        // #25: DSS, DATA_ACK only
        "45000040f5f34000400627f90a6408020a640002daf213880e6f2d5d0094d1d5b010003f607000000101080aa8"
            + "4602c2691ae0e81e0c20033a7c7c2494264ea3",
        // #94313: MP_TCPRST on a RST
        "4500002c00004000400603000a6423020a650002a1d913880824d09d00000000600400003be800001e048000",
        // v0-outoftree/client_2.pcap #2: v0 MP_CAPABLE SYN with the key
        "4500004818de400040060dd00a0000010a000002e85a145167d216ac00000000d0027210143d0000020405b404"
            + "02080a01c1dca6a0000001010303091e0c0001ca2f07947b1bfd2b",
        // #6: v0 MP_CAPABLE third ACK and a 4-byte DSS DATA_ACK
        "4500005018e0400040060dc60a0000010a000002e85a145167d216adfc948c9bf010003a144500000101080a01"
            + "c1e181000000811e140001ca2f07947b1bfd2ba78213619e4beafc1e082001e589f0d4",
        // #7: v0 ADD_ADDR (IPv4) and a DSS
        "4500004418e1400040060dd10a0000010a000002e85a145167d216adfc948c9bc010003a143900000101080a01"
            + "c1e183000000811e0834030b0000011e082001e589f0d4",
        // #16: v0 MP_JOIN SYN
        "450000481855400040060c590b0000010b000002ec251451e37d0c7300000000d0027210163d0000020405b404"
            + "02080a01c1e265a0000001010303091e0c10032ff5f1f03b2264d8",
        // #2051: MP_FASTCLOSE
        "4500004c81af40004006a3fa0b0000020a000001145188d722646807c6956df3e01003e0154100000101080a01"
            + "c21dce000000e20101050ac696eed7c698129b1e0c70001513f7895ef77b72",
        // iperf-mptcp-0-0.pcap #10: v0 DSS with 4-byte DATA_ACK and DSN and a checksum, headers only
        "450005dc242740004006fcf00a0100010a02000113891389860320da38ed7206d0181c841eb900000101080a00"
            + "0004f1000004e91e142005e240025ba2fd39220000001905940d0e",
    };

    /** A frame, its LINKTYPE, and where its IP header starts. */
    public record Seed(String name, int linkType, byte[] frame, int ipOffset) {
    }

    private RealFrames() {
    }

    public static List<byte[]> ipv4Packets() {
        List<byte[]> out = new ArrayList<>();
        for (String h : IPV4_PACKETS) {
            out.add(hex(h));
        }
        return out;
    }

    /** The same TCP segment under IPv6, bare and behind hop-by-hop, destination and fragment headers. */
    public static List<byte[]> ipv6Packets() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] v4 : ipv4Packets()) {
            byte[] segment = Arrays.copyOfRange(v4, (v4[0] & 0x0F) * 4, v4.length);
            out.add(TestFrames.ipv6(segment));
            out.add(TestFrames.ipv6(0, concat(TestFrames.extensionHeader(60, 0), TestFrames.extensionHeader(44, 1),
                    TestFrames.fragmentHeader(6, 0, true, 99), segment)));
        }
        return out;
    }

    /** Every IP packet under every link layer the decoder supports, tagged and untagged. */
    public static List<Seed> seeds() {
        List<byte[]> packets = new ArrayList<>(ipv4Packets());
        packets.addAll(ipv6Packets());
        List<Seed> out = new ArrayList<>();
        int n = 0;
        for (byte[] ip : packets) {
            boolean v4 = (ip[0] & 0xF0) == 0x40;
            int etherType = v4 ? 0x0800 : 0x86DD;
            String name = "packet " + n++;
            out.add(new Seed(name + " ethernet", LinkType.ETHERNET, TestFrames.ethernet(etherType, ip), 14));
            out.add(new Seed(name + " 802.1Q", LinkType.ETHERNET,
                    TestFrames.ethernetTagged(new int[] {0x8100, 5}, etherType, ip), 18));
            out.add(new Seed(name + " 802.1ad", LinkType.ETHERNET,
                    TestFrames.ethernetTagged(new int[] {0x88A8, 6, 0x8100, 5}, etherType, ip), 22));
            out.add(new Seed(name + " sll", LinkType.LINUX_SLL, TestFrames.sll(etherType, ip), 16));
            out.add(new Seed(name + " sll2", LinkType.LINUX_SLL2, TestFrames.sll2(etherType, ip), 20));
            out.add(new Seed(name + " raw", LinkType.RAW, ip, 0));
            out.add(new Seed(name + " ipv4/ipv6", v4 ? LinkType.IPV4 : LinkType.IPV6, ip, 0));
            out.add(new Seed(name + " null", LinkType.NULL, TestFrames.nullLink(v4 ? 2 : 30, ip), 4));
            out.add(new Seed(name + " ppp", LinkType.PPP, TestFrames.ppp(false, v4 ? 0x21 : 0x57, ip), 2));
            out.add(new Seed(name + " ppp hdlc", LinkType.PPP, TestFrames.ppp(true, v4 ? 0x21 : 0x57, ip), 4));
        }
        return out;
    }

    /**
     * Offsets of every length-bearing byte of a well-formed seed: the IP header and total/payload
     * length, IPv6 extension header lengths, the TCP data offset, and each TCP option's length.
     */
    public static List<Integer> lengthBytes(Seed seed) {
        byte[] b = seed.frame();
        int ip = seed.ipOffset();
        List<Integer> out = new ArrayList<>();
        int tcp;
        if ((b[ip] & 0xF0) == 0x40) {
            out.add(ip);
            out.add(ip + 2);
            out.add(ip + 3);
            tcp = ip + (b[ip] & 0x0F) * 4;
        } else {
            out.add(ip + 4);
            out.add(ip + 5);
            int next = b[ip + 6] & 0xFF;
            int p = ip + 40;
            while (next != 6) {
                out.add(p + 1);
                int len = next == 44 ? 8 : ((b[p + 1] & 0xFF) + 1) * 8;
                next = b[p] & 0xFF;
                p += len;
            }
            tcp = p;
        }
        out.add(tcp + 12);
        int end = tcp + ((b[tcp + 12] & 0xF0) >>> 4) * 4;
        for (int p = tcp + 20; p < end && b[p] != 0; ) {
            if (b[p] == 1) {
                p++;
                continue;
            }
            out.add(p + 1);
            p += b[p + 1] & 0xFF;
        }
        return out;
    }
}
