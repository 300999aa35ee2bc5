#!/usr/bin/env python3
"""Re-encodes real sFlow datagrams in the forms pmacct cannot emit, keeping every sample's
content: IPv6 agent address (2001:db8::10, sub-agent 9), expanded flow samples (format 3) with
format/value interfaces, and, after every tenth datagram's samples, an expanded counter sample
(format 4) with generic interface counters (record 1) and an Ethernet counters record (2, skipped
by the decoder), a sample of another enterprise (skipped), and a flow record of another enterprise
inside each flow sample (skipped). Writes a pcap of UDP/IPv4 datagrams to port 6343.
usage: sflow_variants.py IN.pcap[.gz] OUT.pcap [COUNT]   (IN: pmacct's export, Ethernet, UDP;
COUNT: only the first COUNT datagrams)"""
import gzip
import struct
import sys

AGENT6 = bytes.fromhex("20010db8000000000000000000000010")


def u32(b, p):
    return struct.unpack_from(">I", b, p)[0]


def xdr(*words):
    return b"".join(struct.pack(">I", w) for w in words)


def expand_flow(body):
    seq, source, rate, pool, drops, inp, out, nrec = struct.unpack_from(">8I", body, 0)
    records = body[32:]
    extra = xdr((9 << 12) | 5, 8) + b"opaque!!"  # enterprise 9, format 5: skipped by length
    head = xdr(seq, source >> 24, source & 0xFFFFFF, rate, pool, drops,
               inp >> 30, inp & 0x3FFFFFFF, out >> 30, out & 0x3FFFFFFF, nrec + 1)
    return head + records + extra


def counters(seq, index):
    generic = xdr(index, 6) + struct.pack(">Q", 10_000_000_000) + xdr(1, 3) \
        + struct.pack(">Q", 123_456_789_012 + seq) + xdr(1000 + seq, 2, 3, 4, 5, 6) \
        + struct.pack(">Q", 987_654_321 + seq) + xdr(2000 + seq, 7, 8, 9, 10, 1)
    ethernet = bytes(52)
    recs = xdr(1, len(generic)) + generic + xdr(2, len(ethernet)) + ethernet
    return xdr(4, 12 + 4 + len(recs)) + xdr(seq, 0, index, 2) + recs


def variant(d, n):
    p = 12 if u32(d, 4) == 1 else 24
    sub, seq, uptime, count = struct.unpack_from(">4I", d, p)
    p += 16
    samples = []
    for _ in range(count):
        fmt, length = u32(d, p), u32(d, p + 4)
        body = d[p + 8:p + 8 + length]
        p += 8 + length
        if fmt == 1:
            body = expand_flow(body)
            samples.append(xdr(3, len(body)) + body)
        else:
            samples.append(xdr(fmt, len(body)) + body)
    if n % 10 == 0:
        samples.append(counters(n // 10 + 1, 7))
        samples.append(xdr((4300 << 12) | 1, 12) + b"foreign data")
    header = xdr(5, 2) + AGENT6 + xdr(9, seq, uptime, len(samples))
    return header + b"".join(samples)


def read_pcap(path):
    data = (gzip.open if path.endswith(".gz") else open)(path, "rb").read()
    p = 24
    while p + 16 <= len(data):
        sec, usec, caplen, _ = struct.unpack_from("<IIII", data, p)
        frame = data[p + 16:p + 16 + caplen]
        p += 16 + caplen
        ihl = (frame[14] & 0x0F) * 4
        udp = 14 + ihl
        yield sec, usec, frame[udp + 8:udp + struct.unpack_from(">H", frame, udp + 4)[0]]


def udp_frame(payload):
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + 8 + len(payload), 0, 0x4000, 64, 17, 0,
                     bytes([192, 0, 2, 10]), bytes([127, 0, 0, 1]))
    return bytes(12) + b"\x08\x00" + ip + struct.pack(">HHHH", 50000, 6343, 8 + len(payload), 0) + payload


def main(src, dst, count):
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1)]
    for n, (sec, usec, payload) in enumerate(read_pcap(src)):
        if n == count:
            break
        frame = udp_frame(variant(payload, n))
        out.append(struct.pack("<IIII", sec, usec, len(frame), len(frame)) + frame)
    with open(dst, "wb") as f:
        f.write(b"".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else -1)
