"""Open vSwitch for the Sampo lab (--switch ovs): the daemons, one bridge and its rules.

OVS runs without its kernel module: a bridge with datapath_type=netdev (the userspace datapath)
whose ports are veths opened through AF_PACKET. ovsdb-server and ovs-vswitchd are started by hand
(no systemd) inside the lab's switch namespace, with a private run directory (database, sockets,
pid files) under /tmp, so nothing global is used or left behind and labs with other prefixes
run side by side; their log files go to the lab's logs directory (ovsdb-server.vlog,
ovs-vswitchd.vlog), next to what they print. Every OpenFlow command goes to the bridge's own
management socket (RUNDIR/BRIDGE.mgmt), which is also what
`sampo enforce --ovs unix:RUNDIR/BRIDGE.mgmt` talks to.

Pipeline the lab installs (the enforcer's rules go into table 0 above priority 0):
    table 0, priority 0:  ip -> multipath(symmetric 5-tuple hash over the K NF instances) into
                          reg0, resubmit(,2) (copy to that instance), resubmit(,1) (route)
    table 1:              route: nw_dst of each host's /24 -> set the MACs, dec_ttl, its port
    table 2:              reg0=k -> output to NF instance k's port
So an NF instance receives a copy of every packet the hash (or a steering rule) gives it, and the
switch itself delivers the packet: the NFs are out of the forwarding path, which keeps every
packet entering the bridge once (OVS samples at ingress: a hairpin through the NF would sample
it twice). A steering rule then reads `output:NFPORT,resubmit(,1)` and a drop rule `drop`.
"""
import ctypes
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time

SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema"
GATEWAY_MAC = "02:5a:00:00:00:01"   # the switch's "router" MAC: hosts hold it as a static neighbour
ROUTE_TABLE = 1
NF_TABLE = 2
NF_PORT_BASE = 1000                 # OpenFlow port of NF instance k: 1000 + k
TOOLS = ("ovsdb-tool", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-ofctl", "ovs-appctl")
SEND_BUFFER = 16 << 20              # bytes: far above what the lab's tbf queues hold (see widen_send_buffer)
SO_SNDBUFFORCE = 32                 # <asm-generic/socket.h>; Python's socket module does not name it
SYS_PIDFD_GETFD = 438               # the same number on every architecture
# an Ethernet frame no one listens to (broadcast, local experimental EtherType 0x88b5)
PROBE_FRAME = "ffffffffffff" + GATEWAY_MAC.replace(":", "") + "88b5" + "00" * 46


class OvsError(Exception):
    pass


def rundir_glob(prefix):
    return os.path.join(tempfile.gettempdir(), "sampo-%sovs-*" % prefix)


def clean_rundirs(prefix):
    """Run directories a killed lab left (its daemons died with its namespaces)."""
    for d in glob.glob(rundir_glob(prefix)):
        shutil.rmtree(d, ignore_errors=True)


class OvsSwitch:
    """ovsdb-server + ovs-vswitchd in namespace `ns`, one netdev bridge named `bridge`."""

    def __init__(self, prefix, ns, bridge, logdir, start_bg, stop_bg, log):
        self.ns = ns
        self.logdir = logdir
        self.bridge = bridge
        self._start_bg = start_bg
        self._stop_bg = stop_bg
        self._log = log
        self.rundir = tempfile.mkdtemp(prefix="sampo-%sovs-" % prefix)
        self.db_sock = os.path.join(self.rundir, "db.sock")
        self.env = dict(os.environ, OVS_RUNDIR=self.rundir, OVS_DBDIR=self.rundir, OVS_LOGDIR=self.rundir)

    @property
    def target(self):
        """The bridge's OpenFlow management socket, as ovs-ofctl takes it."""
        return "unix:" + os.path.join(self.rundir, self.bridge + ".mgmt")

    def cmd(self, *argv, check=True, stdin=None):
        r = subprocess.run(list(argv), capture_output=True, text=True, env=self.env, input=stdin)
        if check and r.returncode != 0:
            raise OvsError("command failed: %s\n%s" % (" ".join(argv), r.stderr.strip()))
        return r.stdout

    def vsctl(self, *args):
        return self.cmd("ovs-vsctl", "--db=unix:" + self.db_sock, "--timeout=20", *args)

    def ofctl(self, *args, stdin=None):
        return self.cmd("ovs-ofctl", "-O", "OpenFlow14", *args, stdin=stdin)

    def start(self):
        db = os.path.join(self.rundir, "conf.db")
        self.cmd("ovsdb-tool", "create", db, SCHEMA)
        common = ["--no-chdir", "--log-file=" + os.path.join(self.logdir, "%s.vlog")]
        self._start_bg("ovsdb-server", self.ns,
                       ["ovsdb-server", db, "--remote=punix:" + self.db_sock,
                        "--pidfile=" + os.path.join(self.rundir, "ovsdb-server.pid"),
                        "--unixctl=" + os.path.join(self.rundir, "ovsdb-server.ctl"),
                        common[0], common[1] % "ovsdb-server"], "ovsdb-server.log", env=self.env)
        deadline = time.time() + 15
        while not os.path.exists(self.db_sock):
            if time.time() > deadline:
                raise OvsError("ovsdb-server did not create %s" % self.db_sock)
            time.sleep(0.05)
        self.cmd("ovs-vsctl", "--db=unix:" + self.db_sock, "--no-wait", "init")
        self._start_bg("ovs-vswitchd", self.ns,
                       ["ovs-vswitchd", "unix:" + self.db_sock,
                        "--pidfile=" + os.path.join(self.rundir, "ovs-vswitchd.pid"),
                        "--unixctl=" + os.path.join(self.rundir, "ovs-vswitchd.ctl"),
                        common[0], common[1] % "ovs-vswitchd"], "ovs-vswitchd.log", env=self.env)
        # add-br waits (--timeout) until ovs-vswitchd has configured the bridge
        self.vsctl("add-br", self.bridge, "--", "set", "bridge", self.bridge, "datapath_type=netdev",
                   "protocols=OpenFlow10,OpenFlow13,OpenFlow14,OpenFlow15", "fail_mode=secure")
        self.ofctl("del-flows", self.target)
        self._log("Open vSwitch up: bridge %s (datapath netdev), run dir %s" % (self.bridge, self.rundir))

    def add_ports(self, ports):
        """ports: [(interface name, OpenFlow port number)], added in one transaction."""
        args = []
        for name, number in ports:
            args += ["--", "add-port", self.bridge, name, "--", "set", "Interface", name,
                     "ofport_request=%d" % number]
        self.vsctl(*args)
        for name, number in ports:
            got = self.vsctl("get", "Interface", name, "ofport").strip()
            if got != str(number):
                raise OvsError("port %s got OpenFlow port %s, not %d" % (name, got, number))

    def install_pipeline(self, routes, nf_ports):
        """routes: [(prefix/len, host MAC, port)]; nf_ports: the NF instances' port numbers."""
        flows = ["table=0,priority=0,ip actions=multipath(symmetric_l3l4,0,hrw,%d,0,NXM_NX_REG0[0..15]),"
                 "resubmit(,%d),resubmit(,%d)" % (len(nf_ports), NF_TABLE, ROUTE_TABLE)]
        for net, mac, port in routes:
            flows.append("table=%d,priority=10,ip,nw_dst=%s actions=mod_dl_src:%s,mod_dl_dst:%s,dec_ttl,output:%d"
                         % (ROUTE_TABLE, net, GATEWAY_MAC, mac, port))
        for k, port in enumerate(nf_ports):
            flows.append("table=%d,priority=10,reg0=%d actions=output:%d" % (NF_TABLE, k, port))
        self.ofctl("--bundle", "add-flows", self.target, "-", stdin="\n".join(flows) + "\n")

    def widen_send_buffer(self, probe_port):
        """ovs-vswitchd sends the frames of every port of a netdev bridge through one AF_PACKET
        socket with the default send buffer (208 KiB), and a frame stays charged to that buffer
        while it waits in the port's qdisc. The tbf queues that shape the client ports (rate x
        200 ms + 32 kb each) fill it by themselves, and then every send on every port fails with
        EAGAIN ("error sending Ethernet packet ... Resource temporarily unavailable" in
        ovs-vswitchd.vlog): the server's ACKs and the NF instances' copies are dropped because a
        client's queue is full, in bursts that left MPTCP connections without progress for
        seconds. So the lab takes a copy of that socket (pidfd_getfd) and gives it a send buffer
        far above what the queues can hold (SO_SNDBUFFORCE, root only): each port then drops only
        at its own qdisc's limit, as a router's port would. The socket is opened on the first
        send, so a frame no one listens to goes out on probe_port first.

        Returns the send buffer before and after (bytes, as the kernel reports them)."""
        with open(os.path.join(self.rundir, "ovs-vswitchd.pid")) as f:
            pid = int(f.read())
        deadline = time.time() + 15
        fd = self._send_socket(pid)
        while fd is None:
            if time.time() > deadline:
                raise OvsError("ovs-vswitchd (pid %d) opened no packet socket to send on" % pid)
            self.ofctl("packet-out", self.target, "LOCAL", "output:%d" % probe_port, PROBE_FRAME)
            time.sleep(0.1)
            fd = self._send_socket(pid)
        libc = ctypes.CDLL(None, use_errno=True)
        pidfd = os.pidfd_open(pid)
        try:
            local = libc.syscall(SYS_PIDFD_GETFD, pidfd, fd, 0)
            if local < 0:
                raise OvsError("pidfd_getfd on ovs-vswitchd's send socket: %s" % os.strerror(ctypes.get_errno()))
        finally:
            os.close(pidfd)
        with socket.socket(fileno=local) as sock:
            before = sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
            sock.setsockopt(socket.SOL_SOCKET, SO_SNDBUFFORCE, SEND_BUFFER)
            after = sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
        if after < SEND_BUFFER:
            raise OvsError("ovs-vswitchd's send socket kept a send buffer of %d bytes" % after)
        return before, after

    @staticmethod
    def _send_socket(pid):
        """The descriptor, in ovs-vswitchd, of its packet socket bound to no interface (the one
        it sends on; each port's receiving socket is bound to its interface), or None."""
        inodes = {}
        fds = "/proc/%d/fd" % pid
        for name in os.listdir(fds):
            try:
                link = os.readlink(os.path.join(fds, name))
            except OSError:
                continue
            if link.startswith("socket:["):
                inodes[int(link[len("socket:["):-1])] = int(name)
        # /proc/PID/net is the network namespace of PID: the switch's
        with open("/proc/%d/net/packet" % pid) as f:
            next(f)
            for line in f:
                cols = line.split()     # sk RefCnt Type Proto Iface R Rmem User Inode
                if cols[4] == "0" and int(cols[8]) in inodes:
                    return inodes[int(cols[8])]
        return None

    def enable_sflow(self, agent_iface, collector, sampling, header):
        self.vsctl("--", "--id=@s", "create", "sFlow", "agent=" + agent_iface, 'targets="%s"' % collector,
                   "header=%d" % header, "sampling=%d" % sampling, "polling=0",
                   "--", "set", "bridge", self.bridge, "sflow=@s")

    def dump_flows(self):
        return self.ofctl("dump-flows", self.target)

    def stop(self):
        """Asks the daemons to exit (the bridge goes with ovs-vswitchd), then removes the run dir."""
        for daemon in ("ovs-vswitchd", "ovsdb-server"):
            self.cmd("ovs-appctl", "-t", os.path.join(self.rundir, daemon + ".ctl"), "exit", check=False)
            self._stop_bg(daemon)
        shutil.rmtree(self.rundir, ignore_errors=True)


class SflowRelay(threading.Thread):
    """Receives the datagrams at the collector's address inside the collector namespace and sends
    each on, byte for byte, to an address in the lab's own namespace (where `sampo up` or `sampo
    sflow` listens). Only the receiving socket is opened inside the namespace: setns(2) switches
    this thread alone, and a socket stays in the namespace it was created in."""

    CLONE_NEWNET = 0x40000000

    def __init__(self, netns, listen, forward):
        super().__init__(name="sflow-relay", daemon=True)
        host, port = forward.rsplit(":", 1)
        self.forward = (host, int(port))
        self.out = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.inbound = self._socket_in(netns, listen)

    def _socket_in(self, netns, listen):
        libc = ctypes.CDLL(None, use_errno=True)
        own = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        target = os.open(os.path.join("/var/run/netns", netns), os.O_RDONLY)
        try:
            if libc.setns(target, self.CLONE_NEWNET) != 0:
                raise OvsError("setns into %s: %s" % (netns, os.strerror(ctypes.get_errno())))
            try:
                sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
                sock.bind(listen)
            finally:
                if libc.setns(own, self.CLONE_NEWNET) != 0:
                    raise OvsError("setns back: %s" % os.strerror(ctypes.get_errno()))
        finally:
            os.close(own)
            os.close(target)
        return sock

    def run(self):
        while True:
            data = self.inbound.recv(65535)
            self.out.sendto(data, self.forward)
