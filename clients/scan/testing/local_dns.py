"""Real DNS servers on loopback for the scanners' integration tests.

Starts nsd, authoritative for the zones in testdata/scan/dns/, and a validating unbound in front
of it, both on free 127.0.0.1 ports, in a temporary directory of their own; nothing else is
contacted. signed.example is signed with ldns-signzone and its key is unbound's trust anchor
(secure); bogus.example is signed too, but unbound trusts another key for it (bogus); the other
zones have no anchor (insecure).

    with LocalDns() as dns:
        dns.resolver   # "127.0.0.1:PORT" of the validating unbound
        dns.authority  # "127.0.0.1:PORT" of nsd
        dns.anchors    # the trust anchor file unbound uses, for a validating client

A missing server binary is an error naming the Debian package, never a skipped test.
"""

import os
import random
import shutil
import socket
import struct
import subprocess
import tempfile
import time

ZONES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "testdata",
                         "scan", "dns")
SIGNED = "signed.example"
BOGUS = "bogus.example"
OPEN_TRANSFER = "openxfr.example"
_PACKAGES = {"nsd": "nsd", "unbound": "unbound", "ldns-keygen": "ldnsutils",
             "ldns-signzone": "ldnsutils"}


def _binary(name):
    for directory in ("/usr/sbin", "/usr/bin"):
        path = os.path.join(directory, name)
        if os.access(path, os.X_OK):
            return path
    raise RuntimeError("%s not found: install the Debian package %s (./run.sh setup)"
                       % (name, _PACKAGES[name]))


def free_port():
    """A port free for both UDP and TCP on 127.0.0.1."""
    for _ in range(100):
        port = random.randint(20000, 60000)
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            tcp.bind(("127.0.0.1", port))
            udp.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            tcp.close()
            udp.close()
    raise RuntimeError("no free port on 127.0.0.1")


def query(server, name, qtype, dnssec=False, timeout=2.0):
    """One UDP query to "127.0.0.1:PORT"; returns (rcode, ad_flag, answer_count)."""
    host, port = server.rsplit(":", 1)
    assert host.startswith("127."), "loopback only"
    qid = random.randint(0, 0xFFFF)
    flags = 0x0100  # recursion desired
    header = struct.pack(">HHHHHH", qid, flags, 1, 0, 0, 1)
    qname = b"".join(bytes([len(p)]) + p.encode() for p in name.rstrip(".").split(".")) + b"\0"
    types = {"A": 1, "NS": 2, "SOA": 6, "MX": 15, "TXT": 16, "DNSKEY": 48, "CAA": 257}
    question = qname + struct.pack(">HH", types[qtype], 1)
    # EDNS0 OPT record: 1232-byte payload, DO bit when asking for DNSSEC.
    opt = b"\0" + struct.pack(">HHIH", 41, 1232, 0x8000 if dnssec else 0, 0)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(header + question + opt, (host, int(port)))
        data, _ = s.recvfrom(65535)
    rid, rflags, _, ancount, _, _ = struct.unpack(">HHHHHH", data[:12])
    if rid != qid:
        raise RuntimeError("mismatched DNS reply id")
    return rflags & 0xF, bool(rflags & 0x0020), ancount


class LocalDns:
    """nsd + validating unbound on loopback; a context manager that always stops both."""

    def __init__(self, start_timeout=20.0):
        self._start_timeout = start_timeout
        self._procs = []
        self.dir = None
        self.resolver = None
        self.authority = None
        self.anchors = None

    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def _run(self, *args):
        subprocess.run(args, cwd=self.dir, check=True, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=30)

    def _keygen(self, zone, ksk):
        args = [_binary("ldns-keygen"), "-a", "ECDSAP256SHA256"] + (["-k"] if ksk else []) + [zone]
        out = subprocess.run(args, cwd=self.dir, check=True, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, timeout=30)
        return out.stdout.decode().strip()

    def _sign(self, zone):
        zsk = self._keygen(zone, ksk=False)
        ksk = self._keygen(zone, ksk=True)
        self._run(_binary("ldns-signzone"), "-n", "-o", zone, "-f", zone + ".zone.signed",
                  zone + ".zone", zsk, ksk)
        os.replace(os.path.join(self.dir, zone + ".zone.signed"),
                   os.path.join(self.dir, zone + ".zone"))
        return ksk

    def _start(self):
        nsd, unbound = _binary("nsd"), _binary("unbound")
        self.dir = tempfile.mkdtemp(prefix="supplyrisk-dns.")
        zones = sorted(f[:-len(".zone")] for f in os.listdir(ZONES_DIR) if f.endswith(".zone"))
        for zone in zones:
            shutil.copy(os.path.join(ZONES_DIR, zone + ".zone"), self.dir)
        anchors = []
        signed_ksk = self._sign(SIGNED)
        anchors.append(self._read(signed_ksk + ".ds"))
        self._sign(BOGUS)
        # Trust another key for bogus.example than the one it is signed with.
        other = self._keygen(BOGUS, ksk=True)
        anchors.append(self._read(other + ".ds"))
        self._write("anchors", "".join(anchors))
        self.anchors = os.path.join(self.dir, "anchors")

        auth_port, resolver_port = free_port(), free_port()
        while resolver_port == auth_port:
            resolver_port = free_port()
        zone_blocks = []
        for zone in zones:
            block = "zone:\n  name: %s\n  zonefile: %s.zone\n" % (zone, zone)
            if zone == OPEN_TRANSFER:
                block += "  provide-xfr: 0.0.0.0/0 NOKEY\n"
            zone_blocks.append(block)
        self._write("nsd.conf", (
            "server:\n"
            "  ip-address: 127.0.0.1@%d\n  do-ip6: no\n  username: \"\"\n  chroot: \"\"\n"
            "  database: \"\"\n  zonesdir: \"%s\"\n  pidfile: \"%s/nsd.pid\"\n"
            "  xfrdfile: \"%s/xfrd.state\"\n  zonelistfile: \"%s/zone.list\"\n"
            "  xfrdir: \"%s\"\n  logfile: \"%s/nsd.log\"\n  server-count: 1\n"
            "remote-control:\n  control-enable: no\n" % (
                auth_port, self.dir, self.dir, self.dir, self.dir, self.dir, self.dir))
            + "".join(zone_blocks))
        self._write("unbound.conf", (
            "server:\n"
            "  interface: 127.0.0.1\n  port: %d\n  do-ip6: no\n  username: \"\"\n"
            "  chroot: \"\"\n  directory: \"%s\"\n  pidfile: \"%s/unbound.pid\"\n"
            "  use-syslog: no\n  logfile: \"%s/unbound.log\"\n  verbosity: 1\n"
            "  val-log-level: 2\n  do-not-query-localhost: no\n"
            "  access-control: 127.0.0.0/8 allow\n  module-config: \"validator iterator\"\n"
            "  trust-anchor-file: \"%s/anchors\"\n  qname-minimisation: no\n"
            "  num-threads: 1\n"
            "remote-control:\n  control-enable: no\n" % (
                resolver_port, self.dir, self.dir, self.dir, self.dir))
            # One stub per zone, not one for example.: each zone's own NS records name
            # 127.0.0.1 on port 53, where nothing listens, and unbound would follow them.
            + "".join("stub-zone:\n  name: \"%s.\"\n  stub-addr: 127.0.0.1@%d\n"
                      % (zone, auth_port) for zone in zones))
        self._spawn([nsd, "-d", "-c", os.path.join(self.dir, "nsd.conf")], "nsd")
        self.authority = "127.0.0.1:%d" % auth_port
        self._wait(self.authority, "good.example", "nsd")
        self._spawn([unbound, "-d", "-c", os.path.join(self.dir, "unbound.conf")], "unbound")
        self.resolver = "127.0.0.1:%d" % resolver_port
        self._wait(self.resolver, "good.example", "unbound")

    def _spawn(self, args, name):
        with open(os.path.join(self.dir, name + ".stderr"), "wb") as log:
            self._procs.append((name, subprocess.Popen(args, stdout=log, stderr=log,
                                                       cwd=self.dir)))

    def _wait(self, server, name, what):
        deadline = time.monotonic() + self._start_timeout
        proc = self._procs[-1][1]
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("%s exited at start: %s" % (what, self._logs()))
            try:
                rcode, _, count = query(server, name, "A", timeout=0.5)
                if rcode == 0 and count > 0:
                    return
            except (OSError, RuntimeError):
                pass
            time.sleep(0.1)
        raise RuntimeError("%s did not answer within %.0f s: %s"
                           % (what, self._start_timeout, self._logs()))

    def _logs(self):
        text = []
        for name in ("nsd.stderr", "nsd.log", "unbound.stderr", "unbound.log"):
            path = os.path.join(self.dir, name)
            if os.path.exists(path):
                text.append("%s: %s" % (name, open(path, errors="replace").read()[-2000:]))
        return "\n".join(text)

    def _read(self, name):
        with open(os.path.join(self.dir, name)) as f:
            return f.read()

    def _write(self, name, text):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text)

    def stop(self):
        for _, proc in reversed(self._procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        self._procs = []
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
