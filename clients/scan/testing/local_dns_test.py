"""The loopback DNS servers answer as the scanners' integration tests expect."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import local_dns  # noqa: E402

NOERROR, SERVFAIL, NXDOMAIN = 0, 2, 3


class LocalDnsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dns = local_dns.LocalDns()
        cls.dns.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.dns.stop()

    def test_records_resolve_through_unbound(self):
        rcode, _, count = local_dns.query(self.dns.resolver, "good.example", "TXT")
        self.assertEqual((rcode, count), (NOERROR, 1))
        rcode, _, count = local_dns.query(self.dns.resolver, "_dmarc.good.example", "TXT")
        self.assertEqual((rcode, count), (NOERROR, 1))
        rcode, _, _ = local_dns.query(self.dns.resolver, "absent.good.example", "A")
        self.assertEqual(rcode, NXDOMAIN)

    def test_dnssec_secure_insecure_and_bogus(self):
        rcode, ad, _ = local_dns.query(self.dns.resolver, "signed.example", "A", dnssec=True)
        self.assertEqual((rcode, ad), (NOERROR, True), "signed.example must validate")
        rcode, ad, _ = local_dns.query(self.dns.resolver, "good.example", "A", dnssec=True)
        self.assertEqual((rcode, ad), (NOERROR, False), "good.example is unsigned: insecure")
        rcode, _, _ = local_dns.query(self.dns.resolver, "bogus.example", "A", dnssec=True)
        self.assertEqual(rcode, SERVFAIL, "bogus.example must fail validation")

    def test_only_loopback(self):
        for server in (self.dns.resolver, self.dns.authority):
            self.assertTrue(server.startswith("127.0.0.1:"), server)


if __name__ == "__main__":
    unittest.main()
