"""The name server probes against real servers on loopback: nsd allows AXFR of openxfr.example
only and does not recurse; the validating unbound recurses for loopback clients."""

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import local_dns  # noqa: E402

BINARY = None  # supplyriskd, set by run_tests.py; the probe tool is beside it in bazel-bin


def probe_tool():
    if BINARY:
        bin_dir = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(BINARY))))
    else:
        bin_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                               "bazel-bin")
    path = os.path.join(bin_dir, "clients", "scan", "dns", "dns_probe_tool")
    if not os.access(path, os.X_OK):
        raise RuntimeError("%s is missing: bazel build //clients/scan/dns:dns_probe_tool" % path)
    return path


def probe(mode, server, name):
    host, port = server.rsplit(":", 1)
    assert host.startswith("127."), "loopback only"
    done = subprocess.run([probe_tool(), mode, host, port, name], capture_output=True,
                          text=True, timeout=20)
    if done.returncode != 0:
        raise AssertionError("dns_probe_tool %s failed: %s" % (mode, done.stderr))
    return done.stdout.strip()


class DnsProbeTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dns = local_dns.LocalDns()
        cls.dns.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.dns.stop()

    def test_zone_transfer_allowed_only_where_configured(self):
        self.assertEqual(probe("axfr", self.dns.authority, local_dns.OPEN_TRANSFER), "allowed")
        self.assertEqual(probe("axfr", self.dns.authority, "good.example"), "not-allowed")

    def test_authoritative_server_is_not_an_open_resolver(self):
        self.assertEqual(probe("recursion", self.dns.authority, "outside.invalid"),
                         "not-recursive")

    def test_recursive_resolver_is_open_to_loopback(self):
        self.assertEqual(probe("recursion", self.dns.resolver, "good.example"), "recursive")


if __name__ == "__main__":
    unittest.main()
