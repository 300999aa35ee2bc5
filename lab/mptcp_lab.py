#!/usr/bin/env python3
"""Sampo traffic lab: real Linux-kernel MPTCP traffic, a port-mirror capture and the
kernel's own ground truth.

Topology (all in network namespaces named PREFIX*, default "sl-"):

    sl-m0 .. sl-m{N-1}   MPTCP clients  \\
    sl-t0 .. sl-t{M-1}   plain-TCP clients >-- P veth links each --  sl-rt (router)
    sl-srv               server          /                           |  tc mirred (ingress of
                                                                     |  every host-facing port)
                                                                   sl-col (collector: tcpdump)

Every host has P interfaces eth0..eth{P-1}; path p of host i is 10.(100+p).i.2/24 with
the router at 10.(100+p).i.1 (host 0 is the server). Source-address policy routing
keeps each subflow on its own path. The router shapes every client port with tbf
(--rates, both directions) and mirrors the ingress of every host-facing port to the
collector, either over a local veth (--mirror local) or inside a VXLAN tunnel to a
collector reached over an underlay veth (--mirror vxlan).

MPTCP: the server announces its extra addresses (ADD_ADDR, "signal" endpoints); every
MPTCP client has one "subflow fullmesh" endpoint per interface, so a session has P*P
subflows (P=2: 4, P=3: 9). With --backup the clients' endpoints other than eth0 are
flagged "backup".

Ground truth: `ip mptcp monitor` runs in the server and in every MPTCP client for the
whole run; sessions are built from the clients' events (CREATED, ESTABLISHED,
SF_ESTABLISHED, SF_PRIORITY and SF_CLOSED, so subflows that failed or closed early are
kept) and completed with the server's events (subflows the server opened or saw).
Tokens are the client kernel's token. The client programs also read the token and the
live subflows (MPTCP_INFO, MPTCP_SUBFLOW_ADDRS) of each of their connections, which
cross-checks that no session was lost. At the end the capture is checked against the
truth with tshark (verify.py).

Run as root. See lab/README.md for every option and examples.
"""
import argparse
import hashlib
import json
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True   # keep lab/ free of __pycache__
sys.path.insert(0, HERE)
import verify  # noqa: E402
import ovs  # noqa: E402

MPTCP_PORT = 5000
TCP_PORT = 5001
JOIN_PORT = 5002             # clients' MP_JOIN listener port (--client-signal)
VXLAN_PORT = 4789
VXLAN_OVERHEAD = 50          # outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8
UNDERLAY = ("172.31.255.1", "172.31.255.2")   # router, collector (--mirror vxlan)
MAX_HOSTS = 250


class LabError(Exception):
    pass


def log(msg):
    print("[lab %s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


def run(cmd, check=True):
    """Run a command (list); return stdout. Raise LabError on failure if check."""
    r = subprocess.run(cmd, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise LabError("command failed: %s\n%s" % (" ".join(cmd), r.stderr.strip()))
    return r.stdout


def list_netns():
    out = run(["ip", "netns", "list"], check=False)
    return [ln.split()[0] for ln in out.splitlines() if ln.strip()]


class Lab:
    def __init__(self, a):
        self.a = a
        self.rnd = random.Random(a.seed)
        self.late_endpoints = []
        self.P = a.paths
        self.pre = a.prefix
        self.ns_rt = self.pre + "rt"
        self.ns_col = self.pre + "col"
        self.created = []            # namespaces we created, in order
        self.procs = {}              # name -> Popen (background processes we started)
        self.logdir = os.path.join(a.out, "logs")
        # hosts: (name, index, kind); index 0 is the server
        self.hosts = [("srv", 0, "server")]
        self.hosts += [("m%d" % i, 1 + i, "mptcp") for i in range(a.mptcp_clients)]
        self.hosts += [("t%d" % i, 1 + a.mptcp_clients + i, "tcp") for i in range(a.tcp_clients)]
        self.rates = [r.strip() for r in a.rates.split(",") if r.strip()] or ["none"]
        self.capture_iface = None

    # ------------------------------------------------------------ helpers
    def ns(self, name):
        return self.pre + name

    def nsrun(self, ns, *cmd, check=True):
        return run(["ip", "netns", "exec", ns] + list(cmd), check=check)

    @staticmethod
    def addr(index, path):
        return "10.%d.%d.2" % (100 + path, index)

    @staticmethod
    def gw(index, path):
        return "10.%d.%d.1" % (100 + path, index)

    def rate(self, path):
        return self.rates[path % len(self.rates)]

    def start_bg(self, key, ns, cmd, logname, env=None):
        f = open(os.path.join(self.logdir, logname), "w")
        p = subprocess.Popen(["ip", "netns", "exec", ns] + cmd, stdout=f, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True, env=env)
        f.close()
        self.procs[key] = p
        return p

    def stop_bg(self, key, sig=signal.SIGINT, timeout=10.0):
        p = self.procs.get(key)
        if p is None or p.poll() is not None:
            return
        try:
            p.send_signal(sig)
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        except ProcessLookupError:
            pass

    # ------------------------------------------------------------ topology
    def add_ns(self, name):
        run(["ip", "netns", "add", name])
        self.created.append(name)
        self.nsrun(name, "ip", "link", "set", "lo", "up")
        # quiet, IPv4-only hosts: no IPv6 ND/MLD noise in the capture
        for k in ("net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1",
                  "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0"):
            self.nsrun(name, "sysctl", "-qw", k, check=False)

    def no_offload(self, ns, dev):
        # every frame on the wire is a real segment: no TSO/GSO/GRO, no checksum offload
        self.nsrun(ns, "ethtool", "-K", dev, "tso", "off", "gso", "off", "gro", "off",
              "tx", "off", "rx", "off", check=False)

    def refuse_stale(self):
        stale = [n for n in list_netns() if n.startswith(self.pre)]
        if stale:
            raise LabError("namespaces with prefix %r already exist (%s ...): another lab is running "
                           "or a previous one was killed; remove them with --clean" % (self.pre, stale[0]))

    def build(self):
        self.refuse_stale()
        log("building %d host namespaces, %d paths each" % (len(self.hosts), self.P))
        self.add_ns(self.ns_rt)
        self.add_ns(self.ns_col)
        self.nsrun(self.ns_rt, "sysctl", "-qw", "net.ipv4.ip_forward=1")
        self.build_mirror_port()
        for name, idx, kind in self.hosts:
            self.build_host(name, idx, kind)
        self.configure_mptcp()

    def build_mirror_port(self):
        a = self.a
        if a.mirror == "local":
            # router:mirror0 -> collector:mirror0, a plain veth pair
            run(["ip", "link", "add", "mirror0", "netns", self.ns_rt, "type", "veth",
                 "peer", "name", "mirror0", "netns", self.ns_col])
            for ns in (self.ns_rt, self.ns_col):
                self.no_offload(ns, "mirror0")
                self.nsrun(ns, "ip", "link", "set", "mirror0", "up")
            self.mirror_dev = "mirror0"
            self.capture_iface = "mirror0"
        else:
            # underlay veth router:ul0 (172.31.255.1) <-> collector:ul0 (172.31.255.2);
            # router:vxmirror encapsulates every mirrored frame to the collector, UDP 4789.
            run(["ip", "link", "add", "ul0", "netns", self.ns_rt, "type", "veth",
                 "peer", "name", "ul0", "netns", self.ns_col])
            for ns, ip in ((self.ns_rt, UNDERLAY[0]), (self.ns_col, UNDERLAY[1])):
                self.nsrun(ns, "ip", "link", "set", "ul0", "mtu", "9000")
                self.nsrun(ns, "ip", "addr", "add", ip + "/30", "dev", "ul0")
                self.no_offload(ns, "ul0")
                self.nsrun(ns, "ip", "link", "set", "ul0", "up")
            for ns, loc, rem in ((self.ns_rt, UNDERLAY[0], UNDERLAY[1]),
                                 (self.ns_col, UNDERLAY[1], UNDERLAY[0])):
                # the collector's own vxlan device terminates the tunnel (no ICMP port
                # unreachable back to the router); captures happen on its underlay ul0
                self.nsrun(ns, "ip", "link", "add", "vxmirror", "type", "vxlan", "id", str(a.vni),
                           "local", loc, "remote", rem, "dstport", str(VXLAN_PORT), "dev", "ul0",
                           "nolearning")
                self.nsrun(ns, "ip", "link", "set", "vxmirror", "mtu", "8900")
                self.no_offload(ns, "vxmirror")
                self.nsrun(ns, "ip", "link", "set", "vxmirror", "up")
            self.mirror_dev = "vxmirror"
            self.capture_iface = "ul0"

    def build_host(self, name, idx, kind):
        ns = self.ns(name)
        self.add_ns(ns)
        for p in range(self.P):
            hdev, rdev = "eth%d" % p, "%sp%d" % (name, p)
            ha, ga = self.addr(idx, p), self.gw(idx, p)
            run(["ip", "link", "add", hdev, "netns", ns, "type", "veth", "peer", "name", rdev,
                 "netns", self.ns_rt])
            self.nsrun(ns, "ip", "addr", "add", ha + "/24", "dev", hdev)
            self.no_offload(ns, hdev)
            self.no_offload(self.ns_rt, rdev)
            self.nsrun(ns, "ip", "link", "set", hdev, "up")
            self.nsrun(self.ns_rt, "ip", "link", "set", rdev, "up")
            # source routing: traffic from path p's address leaves on path p
            table = str(100 + p)
            self.nsrun(ns, "ip", "rule", "add", "from", ha, "table", table)
            self.nsrun(ns, "ip", "route", "add", "default", "via", ga, "dev", hdev, "table", table)
            if p == 0:
                self.nsrun(ns, "ip", "route", "add", "default", "via", ga, "dev", hdev)
            self.attach_port(ns, hdev, rdev, idx, p)
            # per-path rate limit on client ports, both directions
            r = self.rate(p)
            if kind != "server" and r.lower() not in ("none", "0", "off"):
                tbf = ["tbf", "rate", r, "burst", "32kb", "latency", "200ms"]
                self.shape(rdev, tbf)
                self.nsrun(ns, "tc", "qdisc", "add", "dev", hdev, "root", *tbf)

    def shape(self, rdev, tbf):
        """Shapes what the router sends to a host on port rdev."""
        self.nsrun(self.ns_rt, "tc", "qdisc", "replace", "dev", rdev, "root", *tbf)

    def attach_port(self, ns, hdev, rdev, idx, p):
        """The router's side of host idx's path p: its gateway address, and the port mirror
        (everything the router receives on this port)."""
        self.nsrun(self.ns_rt, "ip", "addr", "add", self.gw(idx, p) + "/24", "dev", rdev)
        self.nsrun(self.ns_rt, "tc", "qdisc", "add", "dev", rdev, "clsact")
        self.nsrun(self.ns_rt, "tc", "filter", "add", "dev", rdev, "ingress", "protocol", "all",
                   "u32", "match", "u32", "0", "0",
                   "action", "mirred", "egress", "mirror", "dev", self.mirror_dev)

    def configure_mptcp(self):
        a = self.a
        sub_limit = min(8, max(0, self.P * self.P - 1))
        for name, idx, kind in self.hosts:
            if kind == "tcp":
                continue
            ns = self.ns(name)
            self.nsrun(ns, "ip", "mptcp", "limits", "set", "subflows", str(sub_limit),
                       "add_addr_accepted", str(min(8, self.P)))
            for p in range(self.P):
                ha = self.addr(idx, p)
                if kind == "server":
                    if p == 0:
                        continue
                    flags = ["signal"] + (["subflow"] if a.server_subflows else [])
                else:
                    flags = ["subflow", "fullmesh"]
                    if a.backup and p > 0:
                        flags.append("backup")
                    if a.client_signal and p > 0:
                        flags = ["signal", "port", str(JOIN_PORT)] + (["backup"] if a.backup else [])
                    if a.late_join > 0 and p > 0:
                        self.late_endpoints.append((ns, ha, p, flags))
                        continue
                self.nsrun(ns, "ip", "mptcp", "endpoint", "add", ha, "dev", "eth%d" % p,
                           "id", str(p + 1), *flags)

    def add_late_endpoints(self):
        """--late-join: the clients' endpoints on paths >= 1 appear now, and the in-kernel path
        manager opens their subflows on the sessions already running."""
        for ns, ha, p, flags in self.late_endpoints:
            self.nsrun(ns, "ip", "mptcp", "endpoint", "add", ha, "dev", "eth%d" % p, "id", str(p + 1), *flags)
        log("late join: %d client endpoints added" % len(self.late_endpoints))

    # ------------------------------------------------------------ traffic
    def make_jobs(self):
        """Deterministic job plan (from --seed): start time, size and direction."""
        a = self.a
        srv = self.addr(0, 0)
        plan = {}
        jid = 0
        for name, idx, kind in self.hosts:
            if kind == "server":
                continue
            n = a.sessions if kind == "mptcp" else a.tcp_sessions
            jobs = []
            for _ in range(n):
                jobs.append({
                    "id": jid,
                    "start": round(self.rnd.uniform(0, a.spread), 3),
                    "bytes": int(a.bytes * self.rnd.uniform(1 - a.size_jitter, 1 + a.size_jitter)),
                    "up": self.rnd.random() < a.upload_share,
                    "mptcp": kind == "mptcp",
                    "dst": srv,
                    "port": MPTCP_PORT if kind == "mptcp" else TCP_PORT,
                    "stall": a.stall_timeout,
                })
                jid += 1
            plan[name] = jobs
        if a.content != "pattern":
            self.write_contents(plan)
        return plan

    def write_contents(self, plan):
        """Gives every job its own content file (what the sender sends, byte for byte) and records
        what was planted where in logs/content.json, so tests know what is on the wire."""
        a = self.a
        cdir = os.path.join(a.out, "content")
        os.makedirs(cdir, exist_ok=True)
        plants = read_plants(a.plant) if a.plant else []
        record = []
        for jobs in plan.values():
            for job in jobs:
                data, planted = make_content(a.content, job["bytes"], plants, a.plant_every,
                                             random.Random("%d/%d" % (a.seed, job["id"])))
                path = os.path.join(cdir, "job-%d.bin" % job["id"])
                with open(path, "wb") as f:
                    f.write(data)
                job["bytes"] = len(data)
                job["content"] = path
                record.append({"job": job["id"], "up": job["up"], "mptcp": job["mptcp"], "file": path,
                               "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                               "planted": planted})
        with open(os.path.join(self.logdir, "content.json"), "w") as f:
            json.dump(record, f, indent=1)

    def wait_for_log(self, logname, pattern, timeout, proc_key):
        path = os.path.join(self.logdir, logname)
        t_end = time.time() + timeout
        while time.time() < t_end:
            with open(path, errors="replace") as f:
                if pattern in f.read():
                    return
            p = self.procs.get(proc_key)
            if p is not None and p.poll() is not None:
                raise LabError("%s exited early; see %s" % (proc_key, path))
            time.sleep(0.05)
        raise LabError("timeout waiting for %r in %s" % (pattern, path))

    def start_observers(self):
        a = self.a
        for name, idx, kind in self.hosts:
            if kind in ("mptcp", "server"):
                self.start_bg("mon-" + name, self.ns(name), ["ip", "mptcp", "monitor"],
                              "monitor-%s.log" % name)
        if not a.no_tcpdump:
            self.start_bg("tcpdump", self.ns_col, self.capture_command(), "tcpdump.log")
            self.wait_for_log("tcpdump.log", "listening on", 15, "tcpdump")
        self.start_bg("server", self.ns("srv"),
                      ["python3", os.path.join(HERE, "traffic.py"), "server",
                       "--mptcp-port", str(MPTCP_PORT), "--tcp-port", str(TCP_PORT)], "server.log")
        self.wait_for_log("server.log", "READY", 15, "server")
        time.sleep(0.5)   # give the netlink monitors time to subscribe

    def capture_command(self):
        a = self.a
        snap = a.snaplen + (VXLAN_OVERHEAD if a.mirror == "vxlan" else 0)
        cmd = ["tcpdump", "-n", "-i", self.capture_iface, "-s", str(snap), "-B", "65536",
               "-U", "-w", os.path.join(a.out, "full.pcap")]
        return cmd + (a.capture_filter.split() if a.capture_filter else [])

    def collector_info(self):
        a = self.a
        info = {"netns": self.ns_col, "iface": self.capture_iface, "mirror": a.mirror,
                "snaplen_needed": a.snaplen + (VXLAN_OVERHEAD if a.mirror == "vxlan" else 0)}
        if a.mirror == "vxlan":
            info.update(vni=a.vni, udp_port=VXLAN_PORT, vxlan_iface="vxmirror",
                        underlay_src=UNDERLAY[0], underlay_dst=UNDERLAY[1])
        return info

    def announce_collector(self):
        a = self.a
        info = self.collector_info()
        print("COLLECTOR " + " ".join("%s=%s" % kv for kv in info.items()), flush=True)
        if a.ready_file:
            tmp = a.ready_file + ".tmp"
            with open(tmp, "w") as f:
                json.dump(info, f)
            os.replace(tmp, a.ready_file)

    def run_traffic(self):
        a = self.a
        plan = self.make_jobs()
        with open(os.path.join(self.logdir, "jobs.json"), "w") as f:
            json.dump(plan, f, indent=1)
        n_jobs = sum(len(j) for j in plan.values())
        log("starting %d connections (%d MPTCP sessions) over %.1f s" % (
            n_jobs, sum(len(j) for h, j in plan.items() if h.startswith("m")), a.spread))
        t0 = time.time()
        for name, jobs in plan.items():
            path = os.path.join(self.logdir, "jobs-%s.json" % name)
            with open(path, "w") as f:
                json.dump(jobs, f)
            self.start_bg("client-" + name, self.ns(name),
                          ["python3", os.path.join(HERE, "traffic.py"), "client", path],
                          "client-%s.log" % name)
        if a.late_join > 0:
            time.sleep(a.late_join)
            self.add_late_endpoints()
        deadline = t0 + a.timeout
        for name in plan:
            p = self.procs["client-" + name]
            try:
                p.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                raise LabError("traffic did not finish within --timeout %.0f s (client %s)" % (a.timeout, name))
        log("traffic done in %.1f s" % (time.time() - t0))
        time.sleep(a.linger)   # let FIN/DATA_FIN exchanges and late events land
        return plan

    def stop_observers(self):
        self.stop_bg("server", signal.SIGTERM)
        self.stop_bg("tcpdump", signal.SIGINT)
        for key in list(self.procs):
            if key.startswith("mon-"):
                self.stop_bg(key, signal.SIGINT)

    # ------------------------------------------------------------ ground truth
    EVENT_RE = re.compile(r"^\[\s*(\w+)\]\s*(.*)$")

    def parse_monitor(self, name):
        """Yield (event, dict) from one `ip mptcp monitor` log."""
        with open(os.path.join(self.logdir, "monitor-%s.log" % name), errors="replace") as f:
            for line in f:
                m = self.EVENT_RE.match(line.strip())
                if not m:
                    continue
                yield m.group(1), dict(re.findall(r"(\w+)=(\S+)", m.group(2)))

    SF_EVENTS = ("CREATED", "ESTABLISHED", "SF_ESTABLISHED", "SF_PRIORITY", "SF_CLOSED")

    def build_truth(self, plan):
        stats = {"events": {}, "backup_subflows": 0, "failed_subflows": 0,
                 "added_from_server": 0, "sessions_without_job": 0}
        ev_count = stats["events"]
        # --- client side: (client, token) -> ordered subflow list
        sessions = {}
        backup = set()   # subflows flagged backup in either side's events
        for name, idx, kind in self.hosts:
            if kind != "mptcp":
                continue
            established = set()
            for ev, kv in self.parse_monitor(name):
                ev_count[ev] = ev_count.get(ev, 0) + 1
                tok = kv.get("token")
                if not tok:
                    continue
                s = sessions.setdefault((name, tok), {"client": name, "token": tok, "subflows": [],
                                                      "_closed": False})
                if ev == "CLOSED":
                    s["_closed"] = True
                if ev in self.SF_EVENTS and "saddr4" in kv:
                    sf = [kv["saddr4"], int(kv["sport"]), kv["daddr4"], int(kv["dport"])]
                    if sf not in s["subflows"]:
                        s["subflows"].append(sf)
                        if ev == "SF_CLOSED":
                            stats["failed_subflows"] += 1
                    if kv.get("backup") == "1":
                        backup.add(tuple(sf))
        # --- server side: add any subflow only the server reported
        by_sf = {}
        for key, s in sessions.items():
            for sf in s["subflows"]:
                by_sf[tuple(sf)] = key
        srv_sessions = {}
        for ev, kv in self.parse_monitor("srv"):
            ev_count["server:" + ev] = ev_count.get("server:" + ev, 0) + 1
            if ev in self.SF_EVENTS and "saddr4" in kv and kv.get("token"):
                sf = (kv["daddr4"], int(kv["dport"]), kv["saddr4"], int(kv["sport"]))
                srv_sessions.setdefault(kv["token"], []).append(sf)
                if kv.get("backup") == "1":
                    backup.add(sf)
        server_problems = []
        for stok, sfs in srv_sessions.items():
            owners = {by_sf[sf] for sf in sfs if sf in by_sf}
            if len(owners) != 1:
                server_problems.append("server session %s matches %d client sessions" % (stok, len(owners)))
                continue
            s = sessions[owners.pop()]
            for sf in sfs:
                if list(sf) not in s["subflows"]:
                    s["subflows"].append(list(sf))
                    stats["added_from_server"] += 1
        # --- order by job and cross-check with the clients' own view
        ordered, seen, job_problems = [], set(), server_problems
        intervals = []           # (client, t_start, t_end) of every MPTCP session
        for name, jobs in plan.items():
            recs = {}
            with open(os.path.join(self.logdir, "client-%s.log" % name)) as f:
                for line in f:
                    if line.startswith("{"):
                        r = json.loads(line)
                        recs[r["job"]] = r
            for j in jobs:
                r = recs.get(j["id"])
                if r is None or not r.get("ok"):
                    job_problems.append("job %d on %s failed: %s" % (j["id"], name, r and r.get("error")))
                    continue
                if not j["mptcp"]:
                    continue
                intervals.append((name, r["t_start"], r["t_end"]))
                key = (name, r.get("token"))
                s = sessions.get(key)
                if s is None:
                    job_problems.append("job %d on %s: token %s has no kernel events" % (j["id"], name, key[1]))
                    continue
                if s["subflows"][0] != r["initial"]:
                    job_problems.append("job %d: first subflow %s != initial %s" % (j["id"], s["subflows"][0], r["initial"]))
                for sf in r.get("subflows_at_end") or []:
                    if sf not in s["subflows"]:
                        job_problems.append("job %d: live subflow %s missing from events" % (j["id"], sf))
                ordered.append(key)
                seen.add(key)
        # how concurrent were the sessions?
        pairs = overlapping = 0
        for i, (ca, sa, ea) in enumerate(intervals):
            for cb, sb, eb in intervals[i + 1:]:
                if ca == cb:
                    pairs += 1
                    overlapping += sa < eb and sb < ea
        edges = sorted([(t, 1) for _, t, _ in intervals] + [(t, -1) for _, _, t in intervals])
        level = peak = 0
        for _, d in edges:
            level += d
            peak = max(peak, level)
        stats["same_client_session_pairs"] = pairs
        stats["same_client_pairs_overlapping"] = overlapping
        stats["peak_concurrent_sessions"] = peak
        for key in sorted(set(sessions) - seen):
            stats["sessions_without_job"] += 1
            ordered.append(key)
        stats["backup_subflows"] = len(backup)
        stats["sessions_not_closed"] = sum(1 for k in ordered if not sessions[k]["_closed"])
        out = [{"client": sessions[k]["client"], "token": sessions[k]["token"],
                "subflows": sessions[k]["subflows"]} for k in ordered]
        return out, stats, job_problems

    def scenario(self):
        a = self.a
        keys = ["mptcp_clients", "tcp_clients", "sessions", "tcp_sessions", "bytes", "size_jitter",
                "spread", "paths", "rates", "backup", "server_subflows", "client_signal", "upload_share", "snaplen",
                "content", "plant_every", "late_join",
                "mirror", "seed"]
        sc = {k: getattr(a, k) for k in keys}
        sc["kernel"] = platform.release()
        return sc

    # ------------------------------------------------------------ teardown
    def teardown(self):
        for key in list(self.procs):
            self.stop_bg(key, signal.SIGTERM, timeout=3)
        for ns in reversed(self.created):
            # anything still running inside our own namespaces was started by this lab
            for pid in run(["ip", "netns", "pids", ns], check=False).split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            run(["ip", "netns", "del", ns], check=False)
        n = len(self.created)
        self.created = []
        return n


class OvsLab(Lab):
    """--switch ovs: an Open vSwitch bridge (userspace datapath) in namespace PREFIXsw instead of
    the router. It routes between the hosts' /24s with OpenFlow rules, copies every packet to one
    of K NF-instance namespaces (PREFIXnf<k>, a 5-tuple hash until a steering rule says
    otherwise), and its own sFlow agent samples 1 in --sflow-sampling packets with 128-byte
    headers and sends v5 datagrams to the collector namespace, where tcpdump writes sflow.pcap
    (and, with --sflow-forward, the lab relays each datagram to a collector in its own
    namespace). See lab/ovs.py for the pipeline."""

    SFLOW_NET = ("172.31.254.1", "172.31.254.2")   # switch's sflow0, collector's col0 (/30)
    SFLOW_PORT = 6343
    NF_SNAPLEN = 96                                # headers only: the NF captures count packets

    def __init__(self, a):
        super().__init__(a)
        self.ns_rt = self.pre + "sw"
        self.switch = None
        self.ports = []                            # (switch-side interface, OpenFlow port)
        self.shaped = []                           # (switch-side interface, tbf arguments)
        self.routes = []                           # (host /24, host MAC, OpenFlow port)
        self.capture_iface = "col0"
        self.nf_ports = {"nf-%d" % k: "nf%d" % k for k in range(a.nf_instances)}

    def build(self):
        self.refuse_stale()
        log("building %d host namespaces, %d paths each, an OVS bridge and %d NF instances"
            % (len(self.hosts), self.P, self.a.nf_instances))
        self.add_ns(self.ns_rt)
        self.add_ns(self.ns_col)
        try:
            self.switch = ovs.OvsSwitch(self.pre, self.ns_rt, self.pre + "br", self.logdir, self.start_bg,
                                        self.stop_bg, log)
            self.switch.start()
            self.build_collector_link()
            for k, port in enumerate(self.nf_ports.values()):
                self.build_nf(k, port)
            for name, idx, kind in self.hosts:
                self.build_host(name, idx, kind)
            self.switch.add_ports(self.ports)
            self.switch.install_pipeline(self.routes, [ovs.NF_PORT_BASE + k for k in range(len(self.nf_ports))])
            before, after = self.switch.widen_send_buffer(ovs.NF_PORT_BASE)
            log("ovs-vswitchd's send socket: send buffer %d -> %d bytes" % (before, after))
            self.switch.enable_sflow("sflow0", "%s:%d" % (self.SFLOW_NET[1], self.SFLOW_PORT),
                                     self.a.sflow_sampling, self.a.snaplen)
            for rdev, tbf in self.shaped:
                super().shape(rdev, tbf)
        except ovs.OvsError as e:
            raise LabError(str(e))
        self.configure_mptcp()

    def veth(self, ns_a, dev_a, ns_b, dev_b):
        run(["ip", "link", "add", dev_a, "netns", ns_a, "type", "veth", "peer", "name", dev_b, "netns", ns_b])
        for ns, dev in ((ns_a, dev_a), (ns_b, dev_b)):
            # the userspace datapath forwards frames with the checksum left to offload: TCP fails
            # unless TX checksum offload is off on every veth (no_offload turns off "tx" too)
            self.no_offload(ns, dev)
            self.nsrun(ns, "ip", "link", "set", dev, "up")

    def build_collector_link(self):
        self.veth(self.ns_rt, "sflow0", self.ns_col, "col0")
        self.nsrun(self.ns_rt, "ip", "addr", "add", self.SFLOW_NET[0] + "/30", "dev", "sflow0")
        self.nsrun(self.ns_col, "ip", "addr", "add", self.SFLOW_NET[1] + "/30", "dev", "col0")

    def build_nf(self, k, port):
        ns = self.ns("nf%d" % k)
        self.add_ns(ns)
        self.veth(self.ns_rt, port, ns, "eth0")
        self.ports.append((port, ovs.NF_PORT_BASE + k))

    def shape(self, rdev, tbf):
        """Deferred until the port is on the bridge: OVS replaces the root qdisc of a port it adds."""
        self.shaped.append((rdev, tbf))

    def host_mac(self, idx, p):
        return "02:5a:10:%02x:%02x:%02x" % (idx >> 8, idx & 0xFF, p)

    def attach_port(self, ns, hdev, rdev, idx, p):
        """Host idx's path p joins the bridge as OpenFlow port 1 + idx*P + p; the host reaches
        its gateway address through a static neighbour entry (no ARP on the bridge)."""
        port = 1 + idx * self.P + p
        mac = self.host_mac(idx, p)
        self.nsrun(ns, "ip", "link", "set", hdev, "address", mac)
        self.nsrun(ns, "ip", "neigh", "replace", self.gw(idx, p), "lladdr", ovs.GATEWAY_MAC, "dev", hdev,
                   "nud", "permanent")
        self.ports.append((rdev, port))
        self.routes.append(("10.%d.%d.0/24" % (100 + p, idx), mac, port))

    def capture_command(self):
        return ["tcpdump", "-n", "-i", "col0", "-s", "0", "-B", "65536", "-U",
                "-w", os.path.join(self.a.out, "sflow.pcap"), "udp", "port", str(self.SFLOW_PORT)]

    def start_observers(self):
        for k in range(len(self.nf_ports)):
            self.start_bg("nf-tcpdump-%d" % k, self.ns("nf%d" % k),
                          ["tcpdump", "-n", "-i", "eth0", "-s", str(self.NF_SNAPLEN), "-B", "65536", "-U",
                           "-w", os.path.join(self.a.out, "nf-%d.pcap" % k), "tcp"], "nf-tcpdump-%d.log" % k)
            self.wait_for_log("nf-tcpdump-%d.log" % k, "listening on", 15, "nf-tcpdump-%d" % k)
        if self.a.sflow_forward:
            relay = ovs.SflowRelay(self.ns_col, (self.SFLOW_NET[1], self.SFLOW_PORT), self.a.sflow_forward)
            relay.start()
            log("relaying sFlow datagrams from %s:%d in %s to %s" % (self.SFLOW_NET[1], self.SFLOW_PORT,
                                                                     self.ns_col, self.a.sflow_forward))
        super().start_observers()

    def stop_observers(self):
        super().stop_observers()
        for k in range(len(self.nf_ports)):
            self.stop_bg("nf-tcpdump-%d" % k, signal.SIGINT)

    def collector_info(self):
        return {"netns": self.ns_col, "iface": self.capture_iface, "switch": "ovs",
                "sflow_collector": "%s:%d" % (self.SFLOW_NET[1], self.SFLOW_PORT),
                "sflow_sampling": self.a.sflow_sampling, "bridge": self.switch.bridge,
                "ofctl_target": self.switch.target, "switch_netns": self.ns_rt, "nf_ports": self.nf_ports}

    def scenario(self):
        sc = super().scenario()
        sc.update(switch="ovs", sflow_sampling=self.a.sflow_sampling, nf_instances=self.a.nf_instances)
        del sc["mirror"]
        return sc

    def teardown(self):
        if self.switch is not None:
            with open(os.path.join(self.logdir, "flows.txt"), "w") as f:
                try:
                    f.write(self.switch.dump_flows())
                except ovs.OvsError as e:
                    f.write(str(e))
            # the packet sockets' memory (t: sent and not yet freed, tb: send buffer) and drops (d)
            with open(os.path.join(self.logdir, "packet-sockets.txt"), "w") as f:
                f.write(self.nsrun(self.ns_rt, "ss", "-0", "-a", "-m", "-p", check=False))
            self.switch.stop()
            self.switch = None
        return super().teardown()


def read_plants(path):
    """Signatures to plant: one per line, text as is, or 'hex:' followed by hex digits."""
    out = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                out.append(bytes.fromhex(line[4:]) if line.startswith("hex:") else line.encode())
    return out


def make_content(spec, size, plants, every, rnd):
    """The job's bytes and where signatures were planted: [{signature, offset, length}], the
    signature as its index in the --plant file. A signature goes at every `every` bytes, starting
    half a period in, as long as it fits whole."""
    if spec == "random":
        data = bytearray(rnd.randbytes(size))
    else:
        with open(spec[len("file:"):], "rb") as f:
            src = f.read()
        if not src:
            raise LabError("content file %s is empty" % spec[len("file:"):])
        data = bytearray((src * (size // len(src) + 1))[:size])
    planted = []
    offset = every // 2
    while plants and offset < size:
        i = len(planted) % len(plants)
        sig = plants[i]
        if offset + len(sig) > size:
            break
        data[offset:offset + len(sig)] = sig
        planted.append({"signature": i, "offset": offset, "length": len(sig)})
        offset += every
    return bytes(data), planted


def clean(prefix):
    for ns in list_netns():
        if ns.startswith(prefix):
            for pid in run(["ip", "netns", "pids", ns], check=False).split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            run(["ip", "netns", "del", ns], check=False)
            log("removed namespace " + ns)


def parse_args(argv=None):
    ap = argparse.ArgumentParser(
        description="Sampo MPTCP traffic lab (network namespaces, port mirror, kernel ground truth).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    g = ap.add_argument_group("output")
    g.add_argument("--out", help="output directory (full.pcap, truth.json, summary.json, logs/); required")
    g.add_argument("--snaplen", type=int, default=128, help="bytes kept per mirrored frame")
    g.add_argument("--capture-filter", default="", help="tcpdump filter expression; empty = every frame")
    g.add_argument("--no-verify", action="store_true", help="skip the tshark check at the end")
    g = ap.add_argument_group("hosts and sessions")
    g.add_argument("--mptcp-clients", type=int, default=4, help="number of MPTCP client hosts (N)")
    g.add_argument("--tcp-clients", type=int, default=2, help="number of plain-TCP client hosts (M)")
    g.add_argument("--sessions", type=int, default=1, help="concurrent MPTCP sessions per MPTCP client (K)")
    g.add_argument("--tcp-sessions", type=int, default=1, help="TCP connections per TCP client")
    g.add_argument("--bytes", type=int, default=2_000_000, help="mean bytes transferred per session")
    g.add_argument("--size-jitter", type=float, default=0.5,
                   help="session sizes are uniform in bytes*[1-j, 1+j]")
    g.add_argument("--spread", type=float, default=5.0, help="session start times are uniform in [0, spread] s")
    g.add_argument("--content", default="pattern",
                   help="what sessions carry: 'pattern' (a fixed 64 KiB pattern), 'random' (seeded random "
                        "bytes per job) or 'file:PATH' (the file, repeated or cut to the job's size)")
    g.add_argument("--plant", help="file of signatures, one per line (text, or hex as 'hex:0a0b…'), planted "
                                   "into every job's content (needs --content random|file:…)")
    g.add_argument("--plant-every", type=int, default=20000,
                   help="bytes between planted signatures (they are used in turn)")
    g.add_argument("--upload-share", type=float, default=0.0,
                   help="probability that a session uploads (client->server) instead of downloading")
    g = ap.add_argument_group("paths")
    g.add_argument("--paths", type=int, default=2, help="interfaces per host, server included (P)")
    g.add_argument("--rates", default="20mbit,8mbit,12mbit",
                   help="tbf rate per path (cycled), applied to both directions of every client port; 'none' = unlimited")
    g.add_argument("--late-join", type=float, default=0.0,
                   help="add the MPTCP clients' endpoints on paths >= 1 this many seconds after the traffic "
                        "starts, so their subflows join sessions already under way (0: from the start)")
    g.add_argument("--backup", action="store_true", help="flag the clients' endpoints on paths >= 1 as backup")
    g.add_argument("--server-subflows", action="store_true",
                   help="also give the server's extra endpoints the 'subflow' flag (experimental)")
    g.add_argument("--client-signal", action="store_true",
                   help="clients announce their paths >= 1 (ADD_ADDR with port %d) instead of using them "
                        "themselves, so the server opens those subflows (experimental)" % JOIN_PORT)
    g = ap.add_argument_group("mirror and external capture")
    g = ap.add_argument_group("switch (--switch ovs)")
    g.add_argument("--switch", choices=["router", "ovs"], default="router",
                   help="router: a namespace routes and mirrors to the collector (full.pcap); ovs: an Open vSwitch "
                        "bridge routes, copies each packet to an NF instance and samples with sFlow (sflow.pcap)")
    g.add_argument("--sflow-sampling", type=int, default=10,
                   help="OVS's sFlow sampling: 1 in N packets, headers of --snaplen bytes")
    g.add_argument("--nf-instances", type=int, default=2,
                   help="NF-instance namespaces on the bridge (nf-0 .. nf-{K-1} on ports nf0 ..)")
    g.add_argument("--sflow-forward", metavar="HOST:PORT",
                   help="also relay every sFlow datagram the collector receives to HOST:PORT in the lab's own namespace")
    g.add_argument("--stall-timeout", type=float, default=0.0,
                   help="a client job fails when its connection moves no byte for this long (0: waits forever; "
                        "for runs where sessions get blocked)")
    g = ap.add_argument_group("mirror and external capture")
    g.add_argument("--mirror", choices=["local", "vxlan"], default="local",
                   help="local: veth to the collector; vxlan: VXLAN tunnel (UDP 4789) over an underlay veth")
    g.add_argument("--vni", type=int, default=4242, help="VXLAN network identifier (--mirror vxlan)")
    g.add_argument("--no-tcpdump", action="store_true",
                   help="do not capture: another program captures on the collector interface")
    g.add_argument("--hold", action="store_true",
                   help="after the run keep the namespaces up until SIGINT/SIGTERM")
    g.add_argument("--start-delay", type=float, default=0.0,
                   help="seconds to wait after announcing the collector before starting traffic")
    g.add_argument("--ready-file", help="write the collector description (JSON) to this file once it is up")
    g = ap.add_argument_group("run control")
    g.add_argument("--seed", type=int, default=1, help="seed of the job plan (start times, sizes, directions)")
    g.add_argument("--timeout", type=float, default=170.0, help="abort if the traffic takes longer (s)")
    g.add_argument("--linger", type=float, default=1.5, help="seconds to keep capturing after the last client ends")
    g.add_argument("--prefix", default="sl-", help="namespace name prefix; only these namespaces are touched")
    g.add_argument("--clean", action="store_true", help="remove namespaces left with --prefix and exit")
    a = ap.parse_args(argv)
    if a.clean:
        return a
    if not a.out:
        ap.error("--out is required")
    if not 1 <= a.paths <= 8:
        ap.error("--paths must be 1..8")
    if a.mptcp_clients + a.tcp_clients + 1 > MAX_HOSTS:
        ap.error("at most %d hosts" % MAX_HOSTS)
    if not a.prefix or len(a.prefix) > 6:
        ap.error("--prefix must be 1..6 characters")
    if a.content != "pattern" and a.content != "random" and not a.content.startswith("file:"):
        ap.error("--content must be pattern, random or file:PATH")
    if a.plant and a.content == "pattern":
        ap.error("--plant needs --content random or file:PATH")
    if a.switch == "ovs" and (a.sflow_sampling < 1 or not 1 <= a.nf_instances <= 16):
        ap.error("--sflow-sampling must be ≥ 1 and --nf-instances 1..16")
    if a.sflow_forward and not re.fullmatch(r"[\w.\-]+:\d+", a.sflow_forward):
        ap.error("--sflow-forward must be HOST:PORT")
    if a.plant_every < 1:
        ap.error("--plant-every must be positive")
    if a.paths * a.paths - 1 > 8:
        print("warning: the kernel allows at most 8 extra subflows per session; "
              "%d paths would need %d" % (a.paths, a.paths * a.paths - 1), file=sys.stderr)
    return a


class Interrupted(Exception):
    pass


def _on_signal(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


def main(argv=None):
    a = parse_args(argv)
    if os.geteuid() != 0:
        sys.exit("mptcp_lab.py must run as root")
    if a.clean:
        clean(a.prefix)
        ovs.clean_rundirs(a.prefix)
        return 0
    for tool in ("ip", "tc", "ethtool", "tcpdump", "tshark") + (ovs.TOOLS if a.switch == "ovs" else ()):
        if not shutil.which(tool):
            sys.exit("missing tool: %s" % tool)
    os.makedirs(os.path.join(a.out, "logs"), exist_ok=True)
    for stale in ("full.pcap", "sflow.pcap", "truth.json", "summary.json"):
        if os.path.exists(os.path.join(a.out, stale)):
            os.remove(os.path.join(a.out, stale))
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    lab = OvsLab(a) if a.switch == "ovs" else Lab(a)
    rc = 0
    try:
        t0 = time.time()
        lab.build()
        log("topology up in %.1f s" % (time.time() - t0))
        lab.start_observers()
        lab.announce_collector()
        if a.start_delay > 0:
            time.sleep(a.start_delay)
        plan = lab.run_traffic()
        lab.stop_observers()
        sessions, stats, job_problems = lab.build_truth(plan)
        truth = {"scenario": lab.scenario(), "sessions": sessions}
        with open(os.path.join(a.out, "truth.json"), "w") as f:
            json.dump(truth, f, indent=1)
        n_sf = sum(len(s["subflows"]) for s in sessions)
        log("truth: %d sessions, %d subflows -> %s" % (len(sessions), n_sf, os.path.join(a.out, "truth.json")))
        log("kernel events: %s" % ", ".join("%s %d" % kv for kv in sorted(stats["events"].items())))
        log("subflows flagged backup in events %d, failed subflows %d, subflows only the server reported %d, "
            "sessions without CLOSED %d" % (stats["backup_subflows"], stats["failed_subflows"],
                                           stats["added_from_server"], stats["sessions_not_closed"]))
        log("concurrency: peak %d MPTCP sessions at once; %d of %d same-client session pairs overlap in time"
            % (stats["peak_concurrent_sessions"], stats["same_client_pairs_overlapping"],
               stats["same_client_session_pairs"]))
        for p in job_problems:
            log("problem: " + p)
        summary = {"truth_stats": stats, "job_problems": job_problems}
        if not a.no_tcpdump:
            with open(os.path.join(lab.logdir, "tcpdump.log"), errors="replace") as f:
                tdl = f.read()
            m = re.search(r"(\d+) packets? dropped by kernel", tdl)
            summary["tcpdump_dropped"] = int(m.group(1)) if m else None
            log("tcpdump: %s" % " / ".join(l.strip() for l in tdl.splitlines() if "packets" in l))
        if not a.no_tcpdump and not a.no_verify and a.switch == "router":
            ok, vs, problems = verify.verify(os.path.join(a.out, "full.pcap"), truth)
            verify.print_summary(vs, problems)
            summary["verify"] = vs
            summary["verify_problems"] = problems
            if not ok:
                rc = 1
        if job_problems:
            rc = 1
        with open(os.path.join(a.out, "summary.json"), "w") as f:
            json.dump(summary, f, indent=1)
        if a.hold:
            log("holding the namespaces; SIGINT or SIGTERM tears them down")
            while True:
                signal.pause()
    except Interrupted as e:
        log("interrupted (%s), cleaning up" % e)
        rc = 130 if not a.hold else rc
    except LabError as e:
        log("error: %s" % e)
        rc = 2
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        n = lab.teardown()
        if n:
            log("removed the lab's %d namespaces" % n)
    return rc


if __name__ == "__main__":
    sys.exit(main())
