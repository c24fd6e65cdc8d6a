"""`supplyrisk scan` against real DNS servers on loopback (nsd behind a validating unbound), and
end to end: the scanner's "no SPF" pushed to supplyriskd overrides the answer "SPF published: yes"
as a discrepancy in the supplier's assessment."""

import json
import os
import socket
import threading
import subprocess
import sys
import tempfile
import unittest

from fixtures import answers_for, supplier
from harness import Daemon, cli_path
from supplyrisk.v1 import (
    assessment_pb2,
    assessment_service_pb2,
    chain_service_pb2,
    relationship_pb2,
    response_service_pb2,
    supplier_service_pb2,
    template_service_pb2,
)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scan",
                                "testing"))
import local_dns  # noqa: E402

BINARY = None  # set by run_tests.py

# What the DNS family must report for each test zone (testdata/scan/dns/README.md): exactly these
# issue types, nothing else. No zone has a chain of trust but signed.example and bogus.example.
EXPECTED_DNS = {
    "good.example": {"dnssec_not_signed"},
    "openxfr.example": {"zone_transfer_allowed", "dnssec_not_signed"},
    "nospf.example": {"spf_record_missing", "dnssec_not_signed"},
    # Its second MX is at mailhost.example: a third party, reported as an observation.
    "passall.example": {"spf_record_wildcard", "dnssec_not_signed", "third_party_mail_provider"},
    "dmarcnone.example": {"dmarc_policy_none", "dmarc_no_reporting", "dnssec_not_signed"},
    "signed.example": {"dnssec_detected"},
    "bogus.example": {"dnssec_bogus"},
}


class ScanTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.cli = cli_path(BINARY)
        cls.dns = local_dns.LocalDns()
        cls.dns.__enter__()
        cls.daemon = Daemon(BINARY).start()
        cls.procurement = cls.daemon.client("acme", "procurement")
        cls.admin = cls.daemon.client("acme", "admin")
        cls.tmp = tempfile.mkdtemp(prefix="supplyrisk-scan-test.")
        cls.token_file = os.path.join(cls.tmp, "scanner.token")
        with open(os.open(cls.token_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write(cls.daemon.tokens[("acme", "scanner")] + "\n")

    @classmethod
    def tearDownClass(cls):
        cls.procurement.close()
        cls.admin.close()
        code = cls.daemon.stop()
        cls.daemon.cleanup()
        cls.dns.stop()
        assert code == 0, "supplyriskd exited with %s" % code

    def scan(self, *args, check=True):
        result = subprocess.run(
            [self.cli, "scan", *args, "--resolver", self.dns.resolver, "--trust_anchors",
             self.dns.anchors, "--name_server_port", self.dns.authority.rsplit(":", 1)[1]], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        if check:
            self.assertEqual(result.returncode, 0, result.stderr.decode())
        return result

    def test_dns_health_of_each_zone(self):
        for zone, expected in sorted(EXPECTED_DNS.items()):
            with self.subTest(zone=zone):
                out = self.scan(zone, "--families", "dns").stdout.decode()
                signals = [json.loads(line) for line in out.splitlines() if line]
                self.assertEqual({s["issue_type"] for s in signals}, expected, out)
                for s in signals:
                    self.assertEqual(s["factor"], "FACTOR_DNS_HEALTH")
                    self.assertTrue(s["asset"].endswith(zone), s)
                    self.assertTrue(s["source"].startswith("supplyrisk-scan/dns/"), s)

    def test_third_parties_from_mx_ns_and_spf(self):
        out_path = os.path.join(self.tmp, "parties.jsonl")
        self.scan("good.example", "passall.example", "--families", "dns", "--parties_out",
                  out_path)
        with open(out_path) as f:
            parties = [json.loads(line) for line in f if line.strip()]
        # good.example's mail and name servers are its own; passall.example's second MX is not.
        self.assertEqual([(p["supplier_domain"], p["provider_domain"], p["dependency_class"])
                          for p in parties],
                         [("passall.example", "mailhost.example", "mail")], parties)
        self.assertIn("mx1.mailhost.example", parties[0]["evidence"])

    def test_discovered_parties_feed_the_chain_view(self):
        rel_path = os.path.join(self.tmp, "relationships.jsonl")
        self.scan("passall.example", "--families", "dns", "--supplier", "passall",
                  "--relationships_out", rel_path)
        with open(rel_path) as f:
            rels = [json.loads(line) for line in f if line.strip()]
        self.assertEqual(len(rels), 1, rels)
        self.assertEqual(rels[0]["from_supplier"], "suppliers/passall")
        self.assertEqual(rels[0]["party_name"], "mailhost.example")
        self.assertEqual(rels[0]["source"], "RELATIONSHIP_SOURCE_DISCOVERED")
        self.assertEqual(rels[0]["dependency_classes"], ["DEPENDENCY_CLASS_MAIL"])
        chain = subprocess.run([self.cli, "chain", "suppliers/passall", "--relationships",
                                rel_path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=60)
        self.assertEqual(chain.returncode, 0, chain.stderr.decode())
        self.assertIn("mailhost.example (unidentified)", chain.stdout.decode())
        self.assertIn("[mail]", chain.stdout.decode())
        refused = self.scan("passall.example", "--families", "dns", "--relationships_out",
                            rel_path, check=False)
        self.assertEqual(refused.returncode, 2)
        self.assertIn(b"--relationships_out needs --supplier", refused.stderr)

    def test_banner_versions_matched_against_the_cve_feed(self):
        # A listener on loopback that greets like OpenSSH 8.9p1 (in the sample feed's ranges of
        # CVE-2024-6387, CVE-2023-38408 and CVE-2023-51385).
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.settimeout(20)
        port = listener.getsockname()[1]

        def serve():
            try:
                while True:
                    conn, _ = listener.accept()
                    with conn:
                        conn.sendall(b"SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.1\r\n")
            except OSError:
                pass

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            feed = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "testdata", "scan", "cve", "nvd-sample.json")
            out = self.scan("127.0.0.1", "--families", "ports", "--ports", "%d=ssh" % port,
                            "--cve_feed", feed).stdout.decode()
        finally:
            listener.close()
        signals = [json.loads(line) for line in out.splitlines() if line]
        cves = sorted(s["cve"] for s in signals if s["issue_type"] == "unpatched_cve")
        self.assertEqual(cves, ["CVE-2023-38408", "CVE-2023-51385", "CVE-2024-6387"], out)
        for s in signals:
            if s["issue_type"] == "unpatched_cve":
                self.assertEqual(s["factor"], "FACTOR_PATCHING_CADENCE")
                self.assertEqual(s["asset"], "127.0.0.1:%d" % port)
                self.assertIn("confidence: low (banner)", s["detail"])

    def test_text_view_groups_by_factor(self):
        out = self.scan("nospf.example", "--families", "dns", "--format", "text").stdout.decode()
        self.assertIn("DNS_HEALTH: 2 finding(s)", out)
        self.assertIn("spf_record_missing", out)

    def test_bad_flags_are_refused_naming_the_flag(self):
        for args, needle in ((["--families", "smtp", "good.example"], "--families"),
                             (["--format", "xml", "good.example"], "--format"),
                             (["--resolver", "resolver.example:53", "good.example"], "resolver"),
                             (["good.example", "--push", "acme"], "--push needs"),
                             (["http://good.example"], "not a domain")):
            with self.subTest(args=args):
                result = subprocess.run([self.cli, "scan", *args], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, timeout=30)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn(needle, result.stderr.decode())

    def assess(self, name):
        return self.procurement.assessments.AssessSupplier(
            assessment_service_pb2.AssessSupplierRequest(supplier=name), timeout=30)

    def spf_discrepancies(self, assessment):
        return [f for f in assessment.findings
                if f.kind == assessment_pb2.FINDING_KIND_DISCREPANCY and "dns.spf" in f.question_ids]

    def test_pushed_scan_overrides_the_spf_answer(self):
        created = self.procurement.suppliers.CreateSupplier(
            supplier_service_pb2.CreateSupplierRequest(
                supplier=supplier(name_en="No SPF KK", domains=["nospf.example"]),
                supplier_id="nospf-kk"))
        tmpl = self.procurement.templates.GetTemplate(
            template_service_pb2.GetTemplateRequest(template_id="cpsf-supplier"))
        response = self.procurement.responses.CreateResponse(
            response_service_pb2.CreateResponseRequest(parent=created.name,
                                                       template_id="cpsf-supplier"))
        answers = answers_for(tmpl, good=True)
        spf = [a for a in answers if a.question_id == "dns.spf"]
        self.assertEqual(len(spf), 1)
        self.assertEqual(spf[0].yes_no, 1)  # YES_NO_YES: "SPF published: yes"
        response = self.admin.responses.SaveAnswers(response_service_pb2.SaveAnswersRequest(
            name=response.name, answers=answers, etag=response.etag))
        self.admin.responses.SubmitResponse(
            response_service_pb2.SubmitResponseRequest(name=response.name, etag=response.etag))
        before = self.assess(created.name)
        self.assertEqual(self.spf_discrepancies(before), [])

        pushed = self.scan("nospf.example", "--families", "dns", "--push", "nospf-kk",
                           "--server", self.daemon.address, "--token_file", self.token_file)
        self.assertIn("pushed 2 signal(s) for suppliers/nospf-kk", pushed.stderr.decode())

        after = self.assess(created.name)
        found = self.spf_discrepancies(after)
        self.assertEqual(len(found), 1, after.findings)
        self.assertTrue(any("spf_record_missing" in s for s in found[0].signal_ids), found[0])
        self.assertLess(after.overall_score, before.overall_score)

    def test_pushed_scan_adds_its_mail_provider_to_the_chain_once(self):
        created = self.procurement.suppliers.CreateSupplier(
            supplier_service_pb2.CreateSupplierRequest(
                supplier=supplier(name_en="Pass All KK", domains=["passall.example"]),
                supplier_id="passall-kk"))
        args = ["passall.example", "--families", "dns", "--push", "passall-kk",
                "--server", self.daemon.address, "--token_file", self.token_file]
        first = self.scan(*args).stderr.decode()
        listed = self.procurement.chains.ListRelationships(
            chain_service_pb2.ListRelationshipsRequest(parent=created.name))
        by_party = {r.party_name: r for r in listed.relationships}
        self.assertIn("mailhost.example", by_party, listed)
        mail = by_party["mailhost.example"]
        self.assertEqual(mail.source, relationship_pb2.RELATIONSHIP_SOURCE_DISCOVERED)
        self.assertIn(relationship_pb2.DEPENDENCY_CLASS_MAIL, mail.dependency_classes)
        self.assertEqual(list(mail.data_classes), [])  # DNS cannot see what flows to it
        self.assertIn("pushed %d new and 0 refreshed" % len(listed.relationships), first)
        # A second scan finds them and refreshes their evidence: nothing is added twice.
        second = self.scan(*args).stderr.decode()
        self.assertIn("pushed 0 new and %d refreshed" % len(listed.relationships), second)
        again = self.procurement.chains.ListRelationships(
            chain_service_pb2.ListRelationshipsRequest(parent=created.name))
        self.assertEqual(sorted(r.name for r in again.relationships),
                         sorted(r.name for r in listed.relationships))


if __name__ == "__main__":
    unittest.main()
