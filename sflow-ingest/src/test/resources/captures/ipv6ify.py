#!/usr/bin/env python3
"""Rewrites the IPv4 packets of a LINKTYPE_RAW pcap as IPv6 (2001:db8::A.B.C.D for A.B.C.D, same
TCP header, options and lengths), so that pmacct exports sFlow samples of IPv6 MPTCP traffic.
Checksums are left as they were: nothing here reads them.   usage: ipv6ify.py IN.pcap OUT.pcap"""
import struct
import sys

LINKTYPE_RAW = 101
PREFIX = bytes.fromhex("20010db8000000000000000000000000")[:12]


def v6(v4):
    return PREFIX + v4


def main(src, dst):
    with open(src, "rb") as f:
        data = f.read()
    magic, major, minor, zone, sigfigs, snaplen, linktype = struct.unpack_from("<IHHiIII", data, 0)
    if magic != 0xA1B2C3D4 or linktype not in (LINKTYPE_RAW, 228):
        sys.exit("expected a little-endian µs pcap of raw IP")
    out = [struct.pack("<IHHiIII", magic, major, minor, zone, sigfigs, snaplen + 20, LINKTYPE_RAW)]
    p = 24
    while p + 16 <= len(data):
        sec, usec, caplen, origlen = struct.unpack_from("<IIII", data, p)
        pkt = data[p + 16:p + 16 + caplen]
        p += 16 + caplen
        if len(pkt) < 20 or pkt[0] >> 4 != 4:
            continue
        ihl = (pkt[0] & 0x0F) * 4
        total, = struct.unpack_from(">H", pkt, 2)
        header = struct.pack(">IHBB", 0x60000000 | (pkt[1] << 20), total - ihl, pkt[9], pkt[8]) \
            + v6(pkt[12:16]) + v6(pkt[16:20])
        packet = header + pkt[ihl:]
        out.append(struct.pack("<IIII", sec, usec, len(packet), origlen - ihl + 40) + packet)
    with open(dst, "wb") as f:
        f.write(b"".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
