"""CLI/server parity: the same inputs, model and as_of give the same assessment bytes.

One shipped case of testdata/suppliers is stored through the API (supplier profile, response
answers, signals, engagement) and assessed by supplyriskd with a fixed as_of in the past. The
inputs as the server stored them (the server stamps the response's submission time, so the
stored records, not the case's files, are the inputs) are then written to files and scored by
`supplyrisk score --as_of <same> --format binpb`, which prints the engine's assessment in
deterministic protobuf serialisation (the server stores no explanations, so none are asked for;
the input digests the CLI computes from the records must be the ones the server stored). The server's assessment must be the same
bytes after clearing exactly one field: `name`, the stored resource name
"suppliers/{s}/assessments/{id}", whose id the server derives from the tenant, which the CLI does
not have. Everything else, `supplier` and `decision.engagement` included, must match.
"""

import datetime
import os
import shutil
import subprocess
import tempfile
import time
import unittest

from google.protobuf import json_format, text_format, timestamp_pb2

from fixtures import read_signals, read_textproto, supplier
from harness import Daemon, cli_path
from supplyrisk.v1 import (
    assessment_pb2,
    assessment_service_pb2,
    engagement_pb2,
    engagement_service_pb2,
    response_pb2,
    response_service_pb2,
    signal_service_pb2,
    supplier_pb2,
    supplier_service_pb2,
)

BINARY = None  # set by run_tests.py

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
# A case with answers, evidence, signals of several factors and an engagement to decide.
CASE = "sme-parts-maker"


def rfc3339(ts):
    return datetime.datetime.fromtimestamp(ts.seconds, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


class ParityTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.cli = cli_path(BINARY)
        cls.daemon = Daemon(BINARY).start()
        cls.admin = cls.daemon.client("acme", "admin")
        cls.scanner = cls.daemon.client("acme", "scanner")
        cls.tmp = tempfile.mkdtemp(prefix="supplyrisk-parity-")

    @classmethod
    def tearDownClass(cls):
        cls.admin.close()
        cls.scanner.close()
        code = cls.daemon.stop()
        cls.daemon.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)
        assert code == 0, "supplyriskd exited with %s" % code

    def store_case(self, case_dir):
        """Stores the case through the API; returns (supplier name, engagement name)."""
        profile = read_textproto(os.path.join(case_dir, "profile.textproto"),
                                 supplier_pb2.SupplierProfile())
        response = read_textproto(os.path.join(case_dir, "response.textproto"),
                                  response_pb2.Response())
        engagement = read_textproto(os.path.join(case_dir, "engagement.textproto"),
                                    engagement_pb2.Engagement())
        signals = read_signals(os.path.join(case_dir, "signals.jsonl"))
        supplier_id = response.name.split("/")[1]
        s = supplier(domains=())
        s.profile.CopyFrom(profile)
        created = self.admin.suppliers.CreateSupplier(
            supplier_service_pb2.CreateSupplierRequest(supplier=s, supplier_id=supplier_id))
        draft = self.admin.responses.CreateResponse(response_service_pb2.CreateResponseRequest(
            parent=created.name, template_id=response.template_id,
            template_revision=response.template_revision))
        saved = self.admin.responses.SaveAnswers(response_service_pb2.SaveAnswersRequest(
            name=draft.name, answers=response.answers, etag=draft.etag))
        submitted = self.admin.responses.SubmitResponse(
            response_service_pb2.SubmitResponseRequest(name=saved.name, etag=saved.etag))
        self.assertEqual(submitted.state, response_pb2.RESPONSE_STATE_SUBMITTED)
        imported = self.scanner.signals.ImportSignals(
            iter([signal_service_pb2.ImportSignalsRequest(signals=signals)]))
        self.assertEqual(imported.imported_count, len(signals))
        engagement_id = engagement.name.split("/")[1]
        engagement.ClearField("name")
        stored = self.admin.engagements.CreateEngagement(
            engagement_service_pb2.CreateEngagementRequest(engagement=engagement,
                                                           engagement_id=engagement_id))
        return created.name, stored.name, submitted

    def write_stored_inputs(self, supplier_name, engagement_name, response_name):
        """The records the server scores, as the CLI reads them; returns the file paths."""
        paths = {k: os.path.join(self.tmp, k) for k in
                 ("response.textproto", "profile.textproto", "engagement.textproto",
                  "signals.jsonl")}
        response = self.admin.responses.GetResponse(
            response_service_pb2.GetResponseRequest(name=response_name))
        got = self.admin.suppliers.GetSupplier(
            supplier_service_pb2.GetSupplierRequest(name=supplier_name))
        engagement = self.admin.engagements.GetEngagement(
            engagement_service_pb2.GetEngagementRequest(name=engagement_name))
        signals = []
        token = ""
        while True:
            page = self.admin.signals.ListSignals(signal_service_pb2.ListSignalsRequest(
                parent=supplier_name, page_size=100, page_token=token))
            signals.extend(page.signals)
            token = page.next_page_token
            if not token:
                break
        for key, message in (("response.textproto", response),
                             ("profile.textproto", got.profile),
                             ("engagement.textproto", engagement)):
            with open(paths[key], "w") as f:
                f.write(text_format.MessageToString(message, as_utf8=True))
        with open(paths["signals.jsonl"], "w") as f:
            for s in signals:
                f.write(json_format.MessageToJson(s, indent=None) + "\n")
        return paths, len(signals)

    def test_cli_and_server_give_the_same_assessment_bytes(self):
        case_dir = os.path.join(ROOT, "testdata", "suppliers", CASE)
        supplier_name, engagement_name, submitted = self.store_case(case_dir)
        # A fixed as_of in the past: after the submission (the server stamps it now), and passed
        # by the time both score.
        as_of = timestamp_pb2.Timestamp(seconds=submitted.submitted_at.seconds + 1)
        while time.time() <= as_of.seconds + 0.1:
            time.sleep(0.1)
        request = assessment_service_pb2.AssessSupplierRequest(
            supplier=supplier_name, engagement=engagement_name, as_of=as_of)
        first = self.admin.assessments.AssessSupplier(request, timeout=30)
        second = self.admin.assessments.AssessSupplier(request, timeout=30)
        self.assertEqual(first.as_of, as_of)
        self.assertEqual(second.SerializeToString(deterministic=True),
                         first.SerializeToString(deterministic=True),
                         "two AssessSupplier calls with the same as_of differ")
        self.assertTrue(first.decision.outcome)
        self.assertGreater(len(first.findings), 0)

        paths, signal_count = self.write_stored_inputs(supplier_name, engagement_name,
                                                       submitted.name)
        self.assertGreater(signal_count, 0)
        run = subprocess.run(
            [self.cli, "score", "--response", paths["response.textproto"],
             "--profile", paths["profile.textproto"], "--signals", paths["signals.jsonl"],
             "--engagement", paths["engagement.textproto"], "--as_of", rfc3339(as_of),
             "--format", "binpb"],
            capture_output=True, timeout=60)
        self.assertEqual(run.returncode, 0, run.stderr.decode("utf-8", "replace"))

        # The one server-only field: the resource name (its id needs the tenant).
        expected = assessment_pb2.Assessment()
        expected.CopyFrom(first)
        self.assertTrue(expected.name.startswith(supplier_name + "/assessments/"))
        expected.ClearField("name")
        if run.stdout != expected.SerializeToString(deterministic=True):
            cli = assessment_pb2.Assessment.FromString(run.stdout)
            self.assertEqual(text_format.MessageToString(cli, as_utf8=True),
                             text_format.MessageToString(expected, as_utf8=True))
            self.fail("same message, different bytes: serialisation is not deterministic")

    def test_cli_refuses_a_future_as_of_like_the_server(self):
        case_dir = os.path.join(ROOT, "testdata", "suppliers", CASE)
        run = subprocess.run(
            [self.cli, "score", "--response", os.path.join(case_dir, "response.textproto"),
             "--as_of", "2999-01-01", "--format", "binpb"], capture_output=True, timeout=60)
        self.assertEqual(run.returncode, 2)
        self.assertIn(b"--as_of", run.stderr)

    def test_unchanged_evaluation_is_a_confirmation_and_lists_read_summaries(self):
        case_dir = os.path.join(ROOT, "testdata", "suppliers", "star3-not-star4")
        supplier_name, engagement_name, _ = self.store_case(case_dir)

        def evaluate(request_id):
            return self.admin.engagements.EvaluateEngagement(
                engagement_service_pb2.EvaluateEngagementRequest(
                    name=engagement_name, request_id=request_id), timeout=30)

        first = evaluate("6a1f0c3e-2b4d-4e6f-8a0b-1c2d3e4f5a60")
        self.assertFalse(first.HasField("confirm_time"))
        time.sleep(0.01)
        # A later evaluation on unchanged inputs confirms the first assessment; its retry is the
        # same bytes.
        again = evaluate("6a1f0c3e-2b4d-4e6f-8a0b-1c2d3e4f5a61")
        self.assertEqual(again.assessment, first.assessment)
        self.assertTrue(again.HasField("confirm_time"))
        time.sleep(0.01)
        retry = evaluate("6a1f0c3e-2b4d-4e6f-8a0b-1c2d3e4f5a61")
        self.assertEqual(retry.SerializeToString(deterministic=True),
                         again.SerializeToString(deterministic=True))
        listed = self.admin.assessments.ListAssessments(
            assessment_service_pb2.ListAssessmentsRequest(parent=supplier_name))
        self.assertEqual([a.name for a in listed.assessments], [first.assessment])
        self.assertEqual(listed.assessments[0].confirmation_count, 1)

        # The list's standing comes from the summary and agrees with the assessment.
        latest = self.admin.assessments.GetLatestAssessment(
            assessment_service_pb2.GetLatestAssessmentRequest(supplier=supplier_name))
        best = max([s.star for s in latest.stars if s.met], default=0)
        self.assertEqual(best, 3)

        def listed_names(flt):
            page = self.admin.suppliers.ListSuppliers(
                supplier_service_pb2.ListSuppliersRequest(filter=flt, page_size=1000))
            return {s.supplier: s for s in page.standings}

        standing = listed_names("")[supplier_name]
        self.assertEqual(standing.star_ready, 3)
        self.assertEqual(standing.grade, latest.grade)
        self.assertEqual(standing.latest_assessment, first.assessment)
        self.assertIn(supplier_name, listed_names("star_ready >= 3"))
        self.assertNotIn(supplier_name, listed_names("star_ready >= 4"))


if __name__ == "__main__":
    unittest.main()
