#!/usr/bin/env python3
"""Traffic programs of the Sampo lab. They run *inside* the lab's network namespaces
(started by mptcp_lab.py with `ip netns exec`); stdlib only.

    traffic.py server --mptcp-port 5000 --tcp-port 5001
    traffic.py client JOBS.json            # one process per client host

Application protocol (one request per connection; the client always closes first):
    GET <n> [FILE]\\n   server sends n bytes (FILE's, else the fixed pattern), then waits for
                       the client's close.
    PUT <n>\\n          client sends n bytes (its job's content file, else the fixed pattern);
                       server answers one byte "K" once it has them all.

For MPTCP connections the client records, just before closing, the kernel's view of the
connection: its token (MPTCP_INFO) and the subflows alive at that moment
(MPTCP_SUBFLOW_ADDRS). mptcp_lab.py uses this as an independent cross-check of the
netlink events and to order the ground truth by job.
"""
import argparse
import ctypes
import json
import socket
import struct
import sys
import threading
import time

IPPROTO_MPTCP = getattr(socket, "IPPROTO_MPTCP", 262)
SOL_MPTCP = 284
MPTCP_INFO = 1
MPTCP_SUBFLOW_ADDRS = 3

CHUNK = 64 * 1024
# A fixed, non-compressible-looking payload (the capture normally truncates it anyway).
PAYLOAD = bytes((i * 131 + (i >> 8) * 17) & 0xFF for i in range(CHUNK))

_libc = ctypes.CDLL(None, use_errno=True)


# ---------------------------------------------------------------- kernel introspection
def mptcp_token(sock):
    """The kernel's token of this MPTCP connection (struct mptcp_info.mptcpi_token), as the
    same lower-case hex string that `ip mptcp monitor` prints; None if unavailable."""
    try:
        raw = sock.getsockopt(SOL_MPTCP, MPTCP_INFO, 256)
    except OSError:
        return None
    if len(raw) < 16:
        return None
    # u8 x6, pad to 8, u32 flags @8, u32 token @12 (host byte order)
    return "%08x" % struct.unpack_from("=I", raw, 12)[0]


def _sockaddr_in(buf, off):
    fam = struct.unpack_from("=H", buf, off)[0]
    if fam != socket.AF_INET:
        return None
    port = struct.unpack_from("!H", buf, off + 2)[0]
    ip = socket.inet_ntoa(buf[off + 4:off + 8])
    return ip, port


def mptcp_subflow_addrs(sock, max_subflows=16):
    """Subflows currently attached to the MPTCP socket, as [local_ip, local_port,
    remote_ip, remote_port] lists (getsockopt MPTCP_SUBFLOW_ADDRS, kernel >= 5.16).
    Python's socket.getsockopt cannot pass the request header in, hence ctypes."""
    elem = 256  # struct mptcp_subflow_addrs: two sockaddr_storage unions
    hdr = 16    # struct mptcp_subflow_data
    size = hdr + elem * max_subflows
    buf = ctypes.create_string_buffer(size)
    struct.pack_into("=IIII", buf, 0, hdr, 0, 0, elem)
    optlen = ctypes.c_uint32(size)
    rc = _libc.getsockopt(sock.fileno(), SOL_MPTCP, MPTCP_SUBFLOW_ADDRS, buf, ctypes.byref(optlen))
    if rc != 0:
        return None
    raw = buf.raw
    _, num, size_kernel, size_user = struct.unpack_from("=IIII", raw, 0)
    out = []
    for i in range(min(num, max_subflows)):
        off = hdr + i * size_user
        loc = _sockaddr_in(raw, off)
        rem = _sockaddr_in(raw, off + 128)
        if loc and rem:
            out.append([loc[0], loc[1], rem[0], rem[1]])
    return out


# ---------------------------------------------------------------- server
def _readline(conn):
    line = b""
    while not line.endswith(b"\n"):
        d = conn.recv(1)
        if not d:
            break
        line += d
    return line.split()


def _send(conn, n, content):
    """n bytes: the content file's (the lab wrote it with exactly n bytes) or the pattern's."""
    if content:
        with open(content, "rb") as f:
            conn.sendall(f.read(n))
        return
    view = memoryview(PAYLOAD)
    while n > 0:
        k = min(n, CHUNK)
        conn.sendall(view[:k])
        n -= k


def _wait_eof(conn):
    while conn.recv(CHUNK):
        pass


def _handle(conn):
    try:
        req = _readline(conn)
        if len(req) not in (2, 3):
            return
        n = int(req[1])
        if req[0] == b"GET":
            _send(conn, n, req[2].decode() if len(req) == 3 else None)
            _wait_eof(conn)
        elif req[0] == b"PUT":
            got = 0
            while got < n:
                d = conn.recv(CHUNK)
                if not d:
                    break
                got += len(d)
            conn.sendall(b"K")
            _wait_eof(conn)
    except OSError as e:
        print("server: connection error:", e, file=sys.stderr, flush=True)
    finally:
        conn.close()


def _listen(proto, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(1024)
    return s


def _accept_loop(lsock):
    while True:
        conn, _ = lsock.accept()
        threading.Thread(target=_handle, args=(conn,), daemon=True).start()


def run_server(args):
    socks = [_listen(IPPROTO_MPTCP, args.mptcp_port), _listen(socket.IPPROTO_TCP, args.tcp_port)]
    print("READY", flush=True)
    for s in socks[1:]:
        threading.Thread(target=_accept_loop, args=(s,), daemon=True).start()
    _accept_loop(socks[0])


# ---------------------------------------------------------------- client
_out_lock = threading.Lock()


def _report(rec):
    with _out_lock:
        print(json.dumps(rec), flush=True)


def _run_job(job, t0):
    delay = job["start"] - (time.monotonic() - t0)
    if delay > 0:
        time.sleep(delay)
    rec = {"job": job["id"], "mptcp": job["mptcp"], "up": job["up"], "bytes": job["bytes"]}
    proto = IPPROTO_MPTCP if job["mptcp"] else socket.IPPROTO_TCP
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
    if job.get("stall"):
        s.settimeout(job["stall"])   # a blocked connection fails ("timed out") instead of hanging
    try:
        rec["t_start"] = round(time.monotonic() - t0, 3)
        s.connect((job["dst"], job["port"]))
        loc = s.getsockname()
        rec["initial"] = [loc[0], loc[1], job["dst"], job["port"]]
        n = job["bytes"]
        if job["up"]:
            s.sendall(b"PUT %d\n" % n)
            _send(s, n, job.get("content"))
            if s.recv(1) != b"K":
                raise OSError("no PUT acknowledgement")
        else:
            s.sendall(b"GET %d %s\n" % (n, job["content"].encode()) if job.get("content") else b"GET %d\n" % n)
            got = 0
            while got < n:
                d = s.recv(CHUNK)
                if not d:
                    raise OSError("short download: %d of %d" % (got, n))
                got += len(d)
        if job["mptcp"]:
            rec["token"] = mptcp_token(s)
            rec["subflows_at_end"] = mptcp_subflow_addrs(s)
        rec["t_end"] = round(time.monotonic() - t0, 3)
        rec["ok"] = True
    except OSError as e:
        rec["ok"] = False
        rec["error"] = str(e)
    finally:
        s.close()
    _report(rec)


def run_client(args):
    with open(args.jobs) as f:
        jobs = json.load(f)
    t0 = time.monotonic()
    threads = [threading.Thread(target=_run_job, args=(j, t0)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sv = sub.add_parser("server")
    sv.add_argument("--mptcp-port", type=int, default=5000)
    sv.add_argument("--tcp-port", type=int, default=5001)
    cl = sub.add_parser("client")
    cl.add_argument("jobs", help="JSON list of jobs: {id, start, mptcp, up, bytes, dst, port[, content, stall]}")
    args = ap.parse_args()
    if args.cmd == "server":
        run_server(args)
    else:
        run_client(args)


if __name__ == "__main__":
    main()
