"""Reports and the standing CSV read from a running supplyriskd: `supplyrisk suppliers` lists every
supplier with the decision per engagement as CSV Excel reads; `supplyrisk report SUPPLIER --server`
writes the decision sheet of the newest assessment deciding an engagement, the supplier's name
escaped; `report --portfolio --server` counts suppliers without an assessment instead of dropping
them; a tenant sees only its own suppliers; errors name what is missing."""

import csv
import io
import json
import os
import subprocess
import tempfile
import unittest

from fixtures import CORPORATE_NUMBERS, answers_for, engagement, supplier
from harness import Daemon, cli_path, private_token_file
from supplyrisk.v1 import (
    assessment_pb2,
    engagement_service_pb2,
    response_service_pb2,
    supplier_service_pb2,
    template_service_pb2,
)

BINARY = None  # set by run_tests.py

HOSTILE = '<script>alert(1)</script> & 株式会社'


class ReportsApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(BINARY).start()
        cls.admin = cls.daemon.client("acme", "admin")
        cls.dir = tempfile.TemporaryDirectory()
        cls.token = private_token_file(cls.dir.name, cls.daemon.tokens[("acme", "admin")])
        cls.globex_token = private_token_file(cls.dir.name, cls.daemon.tokens[("globex", "admin")])
        cls.auditor_token = private_token_file(cls.dir.name, cls.daemon.tokens[("acme", "auditor")])
        c = cls.admin
        tmpl = c.templates.GetTemplate(
            template_service_pb2.GetTemplateRequest(template_id="cpsf-supplier"))
        cls.engagements = {}
        for i, (sid, name, good) in enumerate((("good", "Good KK", True),
                                               ("weak", HOSTILE, False))):
            s = c.suppliers.CreateSupplier(supplier_service_pb2.CreateSupplierRequest(
                supplier=supplier(name_en=name, name_ja=name, corporate_number=CORPORATE_NUMBERS[i]),
                supplier_id=sid))
            r = c.responses.CreateResponse(response_service_pb2.CreateResponseRequest(
                parent=s.name, template_id="cpsf-supplier"))
            r = c.responses.SaveAnswers(response_service_pb2.SaveAnswersRequest(
                name=r.name, answers=answers_for(tmpl, good), etag=r.etag))
            c.responses.SubmitResponse(
                response_service_pb2.SubmitResponseRequest(name=r.name, etag=r.etag))
            e = c.engagements.CreateEngagement(
                engagement_service_pb2.CreateEngagementRequest(engagement=engagement(s.name)))
            c.engagements.EvaluateEngagement(
                engagement_service_pb2.EvaluateEngagementRequest(name=e.name), timeout=10)
            cls.engagements[sid] = e.name
        # One supplier never assessed.
        c.suppliers.CreateSupplier(supplier_service_pb2.CreateSupplierRequest(
            supplier=supplier(name_en="New KK", corporate_number=CORPORATE_NUMBERS[2]),
            supplier_id="new"))

    @classmethod
    def tearDownClass(cls):
        cls.admin.close()
        cls.dir.cleanup()
        code = cls.daemon.stop()
        cls.daemon.cleanup()
        assert code == 0, "supplyriskd exited with %s" % code

    def cli(self, *args, token=None):
        return subprocess.run([cli_path(BINARY), *args, "--server", self.daemon.address,
                               "--token_file", token or self.token],
                              capture_output=True, timeout=120)

    def test_the_standing_csv_has_a_decision_per_engagement(self):
        out = os.path.join(self.dir.name, "standing.csv")
        done = self.cli("suppliers", "--format", "csv", "-o", out)
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        raw = open(out, "rb").read()
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"))
        self.assertIn(b"\r\n", raw)
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        by = {r["supplier"]: r for r in rows}
        self.assertEqual(set(by), {"suppliers/good", "suppliers/weak", "suppliers/new"})
        self.assertEqual(by["suppliers/weak"]["name_en"], HOSTILE)
        self.assertEqual(by["suppliers/weak"]["engagement"], self.engagements["weak"])
        self.assertEqual(by["suppliers/weak"]["decision"], "reject")
        self.assertIn(by["suppliers/good"]["decision"], ("approve", "approve_with_conditions"))
        self.assertEqual(by["suppliers/new"]["grade"], "")
        self.assertEqual(by["suppliers/new"]["engagement"], "")
        for r in (by["suppliers/good"], by["suppliers/weak"]):
            float(r["confidence"])
        # The same rows as JSON.
        done = self.cli("suppliers", "--format", "json")
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        as_json = {r["supplier"]: r for r in json.loads(done.stdout)}
        self.assertEqual(as_json["suppliers/weak"]["decision"], "reject")
        self.assertEqual(as_json["suppliers/weak"]["name_ja"], HOSTILE)
        # Another tenant sees none of them.
        other = os.path.join(self.dir.name, "globex.csv")
        done = self.cli("suppliers", "-o", other, token=self.globex_token)
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        self.assertEqual(len(list(csv.reader(io.StringIO(open(other, encoding="utf-8-sig").read())))), 1)

    def test_a_decision_sheet_from_the_server(self):
        out = os.path.join(self.dir.name, "weak.html")
        done = self.cli("report", "suppliers/weak", "--engagement", self.engagements["weak"],
                        "--lang", "ja", "-o", out)
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        html = open(out, encoding="utf-8").read()
        for section in ("outcome", "conditions", "figures", "findings", "factors", "trend", "audit"):
            self.assertIn('<section id="%s">' % section, html)
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 株式会社", html)
        self.assertIn("却下", html)
        self.assertIn(CORPORATE_NUMBERS[1], html)
        # An auditor reads the same page (told when a part is not its to read).
        done = self.cli("report", "suppliers/weak", "--lang", "en", "-o", out,
                        token=self.auditor_token)
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        self.assertIn('<section id="chain">', open(out, encoding="utf-8").read())
        # The full report too.
        done = self.cli("report", "suppliers/weak", "--kind", "full", "--lang", "en", "-o", out)
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        self.assertIn('<section id="heatmap">', open(out, encoding="utf-8").read())

    def test_a_portfolio_from_the_server_counts_the_unassessed(self):
        out = os.path.join(self.dir.name, "portfolio.html")
        done = self.cli("report", "--portfolio", "--lang", "en", "-o", out)
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        html = open(out, encoding="utf-8").read()
        self.assertIn("Portfolio report: 2 suppliers", html)
        self.assertIn("1 more supplier(s) have no assessment yet", html)
        self.assertIn('<section id="grades">', html)

    def test_what_is_not_there_is_named(self):
        out = os.path.join(self.dir.name, "none.html")
        done = self.cli("report", "suppliers/new", "-o", out)
        self.assertEqual(done.returncode, 1)
        self.assertIn(b"suppliers/new has no assessment yet", done.stderr)
        done = self.cli("report", "suppliers/missing", "-o", out)
        self.assertEqual(done.returncode, 1)
        self.assertIn(b"GetSupplier", done.stderr)
        done = self.cli("report", "suppliers/good", "--engagement", "engagements/other", "-o", out)
        self.assertEqual(done.returncode, 1)
        self.assertIn(b"decides engagements/other", done.stderr)
        self.assertFalse(os.path.exists(out))
        done = self.cli("report", "good", "-o", out)
        self.assertEqual(done.returncode, 2)
        self.assertIn(b"SUPPLIER is a name such as suppliers/acme", done.stderr)


if __name__ == "__main__":
    unittest.main()
