#!/usr/bin/env python3
"""Check a lab capture against its ground truth, with Wireshark as the referee.

    verify.py DIR                       # DIR/full.pcap (or full.pcap.gz) + DIR/truth.json
    verify.py --pcap X.pcap[.gz] --truth X.truth.json [--json]

One tshark pass over every frame reads the 4-tuple, TCP flags/length, Wireshark's
`mptcp.stream` and a few MPTCP option fields. The check passes when

  * every MPTCP frame's connection has exactly one `mptcp.stream`, and
  * the partition of MPTCP connections by `mptcp.stream` equals the partition given by
    the truth's sessions (same sets of subflows, nothing missing, nothing extra).

VXLAN-encapsulated captures (--mirror vxlan) work unchanged: for every field the
innermost value is used. Besides the verdict it prints a summary: frames, plain-TCP and
MPTCP connections, subflows per session, which side opened each subflow, join SYNs with
the backup flag, ADD_ADDR / MP_PRIO / REMOVE_ADDR counts and payload on backup subflows.
Exit status 0 = pass, 1 = mismatch, 2 = usage/tool error.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

FIELDS = [
    "ip.src", "tcp.srcport", "ip.dst", "tcp.dstport", "tcp.flags", "tcp.len",
    "mptcp.stream", "tcp.options.mptcp.subtype", "tcp.options.mptcp.backup.flag",
    "tcp.options.mptcp.echo", "udp.dstport",
]
SUBTYPES = {0: "MP_CAPABLE", 1: "MP_JOIN", 2: "DSS", 3: "ADD_ADDR", 4: "REMOVE_ADDR",
            5: "MP_PRIO", 6: "MP_FAIL", 7: "MP_FASTCLOSE", 8: "MP_TCPRST"}


def _last(v):
    return v.rsplit(",", 1)[-1] if v else ""


def _flow(a, ap, b, bp):
    x, y = (a, ap), (b, bp)
    return (x, y) if x <= y else (y, x)


def scan(pcap):
    """One tshark pass; returns per-connection facts and option counters."""
    cmd = ["tshark", "-n", "-r", pcap, "-T", "fields", "-E", "separator=\t",
           "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in FIELDS:
        cmd += ["-e", f]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    frames = 0
    vxlan_frames = 0
    conns = {}  # flow -> dict
    opts = collections.Counter()
    for line in proc.stdout:
        frames += 1
        p = line.rstrip("\n").split("\t")
        if len(p) < len(FIELDS):
            p += [""] * (len(FIELDS) - len(p))
        src, sport, dst, dport, flags, tlen, stream, subtypes, bkup, echo, udport = p
        if "4789" in udport.split(","):
            vxlan_frames += 1
        if not sport:
            continue
        src, dst = _last(src), _last(dst)
        sport, dport = int(_last(sport)), int(_last(dport))
        fl = _flow(src, sport, dst, dport)
        c = conns.get(fl)
        if c is None:
            c = conns[fl] = {"frames": 0, "mptcp_frames": 0, "streams": set(), "syn_from": None,
                             "payload": collections.Counter(), "join_syn_backup": None}
            conns[fl] = c
        c["frames"] += 1
        fv = int(_last(flags), 16) if flags else 0
        syn, ack = bool(fv & 0x02), bool(fv & 0x10)
        if syn and not ack and c["syn_from"] is None:
            c["syn_from"] = (src, sport)
        if tlen:
            c["payload"][(src, sport)] += int(_last(tlen))
        if stream:
            c["mptcp_frames"] += 1
            c["streams"].add(int(_last(stream)))
        if subtypes:
            sts = [int(x) for x in subtypes.split(",") if x]
            for st in sts:
                opts[SUBTYPES.get(st, str(st))] += 1
            if 3 in sts:
                opts["ADD_ADDR(echo)" if echo.split(",")[-1] == "1" else "ADD_ADDR(announce)"] += 1
            if 1 in sts and syn and not ack:
                c["join_syn_backup"] = bkup.split(",")[-1] == "1" if bkup else False
    err = proc.stderr.read()
    rc = proc.wait()
    if rc != 0:
        raise RuntimeError("tshark failed (%d): %s" % (rc, err.strip()))
    return frames, vxlan_frames, conns, opts


def verify(pcap, truth):
    """Returns (ok, summary dict, list of problem strings)."""
    frames, vxlan_frames, conns, opts = scan(pcap)
    problems = []

    # Wireshark's grouping
    mconns = {fl: c for fl, c in conns.items() if c["mptcp_frames"]}
    ws_groups = collections.defaultdict(set)
    for fl, c in mconns.items():
        if len(c["streams"]) != 1:
            problems.append("connection %s has mptcp.stream %s" % (fl, sorted(c["streams"])))
        for s in c["streams"]:
            ws_groups[s].add(fl)

    # Truth's grouping
    truth_groups = []
    server_eps = set()
    sf_client = {}
    for s in truth["sessions"]:
        g = set()
        for cip, cport, sip, sport in s["subflows"]:
            fl = _flow(cip, cport, sip, sport)
            g.add(fl)
            server_eps.add(sip)
            sf_client[fl] = (cip, cport)
        truth_groups.append(frozenset(g))
    truth_flows = set().union(*truth_groups) if truth_groups else set()

    for fl in sorted(truth_flows - set(mconns)):
        problems.append("truth subflow %s not seen with MPTCP options in the capture" % (fl,))
    for fl in sorted(set(mconns) - truth_flows):
        problems.append("captured MPTCP connection %s is in no truth session" % (fl,))
    ws_set = collections.Counter(frozenset(g) for g in ws_groups.values())
    tr_set = collections.Counter(truth_groups)
    missing = tr_set - ws_set
    extra = ws_set - tr_set
    for g in missing:
        problems.append("truth session %s is not one mptcp.stream" % sorted(g))
    for g in extra:
        problems.append("mptcp.stream group %s is not one truth session" % sorted(g))

    # Summary
    per_session = collections.Counter(len(s["subflows"]) for s in truth["sessions"])
    opened = collections.Counter()
    backup_sf, backup_payload, active_payload = 0, 0, 0
    for fl in truth_flows:
        c = mconns.get(fl)
        if not c:
            continue
        if c["syn_from"] is None:
            opened["no SYN captured"] += 1
        elif c["syn_from"] == sf_client[fl]:
            opened["client"] += 1
        else:
            opened["server"] += 1
        pay = sum(c["payload"].values())
        if c["join_syn_backup"]:
            backup_sf += 1
            backup_payload += pay
        else:
            active_payload += pay
    plain_tcp = sum(1 for fl, c in conns.items() if not c["mptcp_frames"])
    summary = {
        "pcap": pcap,
        "pcap_bytes": os.path.getsize(pcap),
        "frames": frames,
        "vxlan_frames": vxlan_frames,
        "tcp_connections": len(conns),
        "plain_tcp_connections": plain_tcp,
        "mptcp_sessions_truth": len(truth["sessions"]),
        "mptcp_subflows_truth": sum(len(s["subflows"]) for s in truth["sessions"]),
        "mptcp_streams_wireshark": len(ws_groups),
        "mptcp_connections_captured": len(mconns),
        "subflows_per_session": dict(sorted(per_session.items())),
        "subflows_opened_by": dict(opened),
        "join_syn_backup_subflows": backup_sf,
        "payload_bytes_backup_subflows": backup_payload,
        "payload_bytes_other_subflows": active_payload,
        "mptcp_option_counts": dict(sorted(opts.items())),
        "check": "PASS" if not problems else "FAIL",
    }
    return not problems, summary, problems


def print_summary(summary, problems, out=sys.stdout):
    s = summary
    print("capture   %s: %d bytes, %d frames%s" % (
        s["pcap"], s["pcap_bytes"], s["frames"],
        " (%d VXLAN-encapsulated)" % s["vxlan_frames"] if s["vxlan_frames"] else ""), file=out)
    print("tcp       %d connections: %d MPTCP subflows, %d plain TCP" % (
        s["tcp_connections"], s["mptcp_connections_captured"], s["plain_tcp_connections"]), file=out)
    print("truth     %d MPTCP sessions, %d subflows; subflows/session %s" % (
        s["mptcp_sessions_truth"], s["mptcp_subflows_truth"],
        " ".join("%sx%d" % (k, v) for k, v in s["subflows_per_session"].items())), file=out)
    print("opened by %s" % ", ".join("%s %d" % kv for kv in sorted(s["subflows_opened_by"].items())), file=out)
    print("backup    %d subflows joined with the backup flag (payload %d bytes; other subflows %d bytes)" % (
        s["join_syn_backup_subflows"], s["payload_bytes_backup_subflows"], s["payload_bytes_other_subflows"]), file=out)
    print("options   %s" % ", ".join("%s %d" % kv for kv in s["mptcp_option_counts"].items()), file=out)
    print("tshark    %d mptcp.stream groups vs %d truth sessions: %s" % (
        s["mptcp_streams_wireshark"], s["mptcp_sessions_truth"], s["check"]), file=out)
    for p in problems[:30]:
        print("  problem: " + p, file=out)
    if len(problems) > 30:
        print("  ... %d more problems" % (len(problems) - 30), file=out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", nargs="?", help="lab output directory (full.pcap[.gz] + truth.json)")
    ap.add_argument("--pcap")
    ap.add_argument("--truth")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    a = ap.parse_args()
    pcap, truth = a.pcap, a.truth
    if a.dir:
        truth = truth or os.path.join(a.dir, "truth.json")
        if not pcap:
            for name in ("full.pcap", "full.pcap.gz"):
                if os.path.exists(os.path.join(a.dir, name)):
                    pcap = os.path.join(a.dir, name)
                    break
    if not pcap or not truth:
        ap.error("need DIR or --pcap and --truth")
    with open(truth) as f:
        t = json.load(f)
    try:
        ok, summary, problems = verify(pcap, t)
    except (RuntimeError, OSError) as e:
        print("verify: %s" % e, file=sys.stderr)
        sys.exit(2)
    if a.json:
        summary["problems"] = problems
        json.dump(summary, sys.stdout, indent=1)
        print()
    else:
        print_summary(summary, problems)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
