"""Batch rescoring through the API: a server killed with SIGKILL during a rescoring resumes it
after a restart and finishes with exact totals and history; dirty-only runs score only what
changed; the CLI follows an operation to its report; bad requests change nothing."""

import json
import os
import signal
import subprocess
import time
import unittest
import uuid

import grpc

from fixtures import answers_for, signal as fixture_signal, supplier
from google.protobuf import text_format
from harness import Daemon, cli_path, private_token_file, store_digest
from google.longrunning import operations_pb2
from supplyrisk.v1 import (
    assessment_service_pb2,
    common_pb2,
    policy_pb2,
    rescore_service_pb2,
    response_service_pb2,
    signal_service_pb2,
    supplier_service_pb2,
    template_service_pb2,
)

BINARY = None  # set by run_tests.py
DIGEST_TOOL = None  # set by run_tests.py
DEFAULT_POLICY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                              "testdata", "policies", "default.textproto")

SUPPLIERS = 240
ALL = rescore_service_pb2.RESCORE_SCOPE_ALL
DIRTY = rescore_service_pb2.RESCORE_SCOPE_DIRTY_ONLY


def metadata(op):
    md = rescore_service_pb2.RescoreMetadata()
    op.metadata.Unpack(md)
    return md


def report(op):
    r = rescore_service_pb2.RescoreReport()
    op.response.Unpack(r)
    return r


class RescoreTest(unittest.TestCase):
    def make_base(self, c, n):
        """n suppliers, each with a submitted response (the best or the worst answers)."""
        tmpl = c.templates.GetTemplate(
            template_service_pb2.GetTemplateRequest(template_id="cpsf-supplier"))
        good, bad = answers_for(tmpl, True), answers_for(tmpl, False)
        for start in range(0, n, 100):
            c.suppliers.BatchCreateSuppliers(supplier_service_pb2.BatchCreateSuppliersRequest(
                requests=[{"supplier": supplier(corporate_number="", domains=["s%d.example.jp" % i]),
                           "supplier_id": "s%03d" % i} for i in range(start, min(n, start + 100))]))
        for i in range(n):
            r = c.responses.CreateResponse(response_service_pb2.CreateResponseRequest(
                parent="suppliers/s%03d" % i, template_id="cpsf-supplier"))
            r = c.responses.SaveAnswers(response_service_pb2.SaveAnswersRequest(
                name=r.name, answers=good if i % 3 else bad, etag=r.etag))
            c.responses.SubmitResponse(
                response_service_pb2.SubmitResponseRequest(name=r.name, etag=r.etag))

    def versions(self, c, n):
        out = {}
        for i in range(n):
            page = c.assessments.ListAssessments(assessment_service_pb2.ListAssessmentsRequest(
                parent="suppliers/s%03d" % i, page_size=100))
            out["s%03d" % i] = len(page.assessments)
        return out

    def wait(self, c, name, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            op = c.operations.WaitOperation(operations_pb2.WaitOperationRequest(
                name=name, timeout={"seconds": 5}), timeout=30)
            if op.done:
                return op
        self.fail("%s did not finish in %ss" % (name, timeout))

    def test_sigkill_during_a_rescoring_resumes_with_exact_totals(self):
        d = Daemon(BINARY, extra_flags=["--rescore_threads=1", "--rescore_page_size=4"]).start()
        try:
            with d.client() as c:
                self.make_base(c, SUPPLIERS)
                op = c.rescores.StartRescore(rescore_service_pb2.StartRescoreRequest(scope=ALL))
                self.assertTrue(op.name.startswith("operations/"))
                # Kill it once some pages are done and well before the end.
                deadline = time.time() + 60
                while True:
                    op = c.operations.GetOperation(operations_pb2.GetOperationRequest(name=op.name))
                    if metadata(op).done >= 12 or op.done or time.time() > deadline:
                        break
                    time.sleep(0.002)
                self.assertFalse(op.done, "the rescoring ended before the kill")
                self.assertLess(metadata(op).done, SUPPLIERS)
            d.stop(sig=signal.SIGKILL)
            d.start()  # same data, same tokens: the job resumes by itself
            with d.client() as c:
                done = self.wait(c, op.name)
                self.assertFalse(done.HasField("error"), done.error.message)
                md, r = metadata(done), report(done)
                self.assertEqual(md.total, SUPPLIERS)
                self.assertEqual(md.done, SUPPLIERS)
                self.assertEqual((r.total, r.changed, r.unchanged, r.not_scored, r.failed),
                                 (SUPPLIERS, SUPPLIERS, 0, 0, 0))
                self.assertEqual(r.grade_changes_total, SUPPLIERS)  # first grades for all
                # History: one version per supplier, none missing, none twice.
                self.assertEqual(self.versions(c, SUPPLIERS),
                                 {"s%03d" % i: 1 for i in range(SUPPLIERS)})
                self.assertGreater(md.as_of.seconds, 0)

                # A dirty-only run now has nothing to do; after one new signal, one thing.
                idle = self.wait(c, c.rescores.StartRescore(
                    rescore_service_pb2.StartRescoreRequest(scope=DIRTY)).name)
                self.assertEqual(metadata(idle).total, 0)
                c.signals.ImportSignals(iter([signal_service_pb2.ImportSignalsRequest(signals=[
                    fixture_signal("suppliers/s007", common_pb2.FACTOR_DNS_HEALTH, "spf_missing",
                                   common_pb2.SEVERITY_HIGH, "s7.example.jp")])]))
                one = self.wait(c, c.rescores.StartRescore(
                    rescore_service_pb2.StartRescoreRequest(scope=DIRTY)).name)
                self.assertEqual((metadata(one).total, metadata(one).done), (1, 1))
                listed = c.operations.ListOperations(operations_pb2.ListOperationsRequest(
                    name="operations"))
                self.assertEqual(len(listed.operations), 3)
        finally:
            code = d.stop()
            d.cleanup()
        self.assertEqual(code, 0)

    def test_idempotent_start_overlap_cancel_and_bad_requests(self):
        d = Daemon(BINARY, extra_flags=["--rescore_threads=1", "--rescore_page_size=1"]).start()
        try:
            with d.client() as c, d.client(role="auditor") as auditor:
                self.make_base(c, 60)
                rid = str(uuid.uuid4())
                first = c.rescores.StartRescore(
                    rescore_service_pb2.StartRescoreRequest(scope=ALL, request_id=rid))
                again = c.rescores.StartRescore(
                    rescore_service_pb2.StartRescoreRequest(scope=ALL, request_id=rid))
                self.assertEqual(first.name, again.name)
                with self.assertRaises(grpc.RpcError) as reused:
                    c.rescores.StartRescore(
                        rescore_service_pb2.StartRescoreRequest(scope=DIRTY, request_id=rid))
                self.assertEqual(reused.exception.code(), grpc.StatusCode.FAILED_PRECONDITION)
                with self.assertRaises(grpc.RpcError) as overlap:
                    c.rescores.StartRescore(rescore_service_pb2.StartRescoreRequest(scope=DIRTY))
                # Either it is still running (ABORTED), or it has just ended (then this one runs).
                self.assertEqual(overlap.exception.code(), grpc.StatusCode.ABORTED)
                # An auditor reads, but neither starts nor cancels.
                auditor.operations.GetOperation(operations_pb2.GetOperationRequest(name=first.name))
                for call in (lambda: auditor.rescores.StartRescore(
                                 rescore_service_pb2.StartRescoreRequest(scope=ALL)),
                             lambda: auditor.operations.CancelOperation(
                                 operations_pb2.CancelOperationRequest(name=first.name))):
                    with self.assertRaises(grpc.RpcError) as denied:
                        call()
                    self.assertEqual(denied.exception.code(), grpc.StatusCode.PERMISSION_DENIED)
                c.operations.CancelOperation(operations_pb2.CancelOperationRequest(name=first.name))
                ended = self.wait(c, first.name)
                self.assertEqual(ended.error.code, grpc.StatusCode.CANCELLED.value[0])
                self.assertLess(metadata(ended).done, 60)
                # Bad requests name their field.
                for bad, field in [
                        (rescore_service_pb2.StartRescoreRequest(), "scope"),
                        (rescore_service_pb2.StartRescoreRequest(scope=ALL, grade="E"), "grade"),
                        (rescore_service_pb2.StartRescoreRequest(scope=ALL, grade="AB"), "grade"),
                        (rescore_service_pb2.StartRescoreRequest(scope=DIRTY, grade="A"), "grade"),
                        (rescore_service_pb2.StartRescoreRequest(scope=ALL, request_id="x"),
                         "request_id"),
                        (rescore_service_pb2.StartRescoreRequest(
                            scope=ALL, policy=policy_pb2.ScoringPolicy(version="p")), "policy"),
                        (rescore_service_pb2.StartRescoreRequest(
                            scope=ALL, dry_run=True, policy=policy_pb2.ScoringPolicy(version="p")),
                         "policy")]:
                    with self.subTest(field=field):
                        with self.assertRaises(grpc.RpcError) as raised:
                            c.rescores.StartRescore(bad)
                        self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
                        self.assertIn(field, raised.exception.details())
                for name in ("operations/nope", "jobs/x", ""):
                    with self.subTest(name=name):
                        with self.assertRaises(grpc.RpcError) as raised:
                            c.operations.GetOperation(operations_pb2.GetOperationRequest(name=name))
                        self.assertIn(raised.exception.code(),
                                      (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT))
                # Another tenant sees none of it.
                with d.client(tenant="globex") as other:
                    with self.assertRaises(grpc.RpcError) as raised:
                        other.operations.GetOperation(
                            operations_pb2.GetOperationRequest(name=first.name))
                    self.assertEqual(raised.exception.code(), grpc.StatusCode.NOT_FOUND)

                # The CLI starts a run and follows it to its report.
                token = private_token_file(d.data_dir, d.tokens[("acme", "procurement")])
                out = subprocess.run(
                    [cli_path(BINARY), "rescore", "--server", d.address, "--token_file", token,
                     "--wait", "--format", "json"], capture_output=True, text=True, timeout=120)
                self.assertEqual(out.returncode, 0, out.stderr)
                parsed = json.loads(out.stdout)
                self.assertEqual(int(parsed["total"]), 60)
                self.assertIn("rescore:", out.stderr)  # plain progress lines off a terminal
                # A dry run right after: the same facts everywhere, nothing stored.
                before = self.versions(c, 60)
                dry = self.wait(c, c.rescores.StartRescore(
                    rescore_service_pb2.StartRescoreRequest(scope=ALL, dry_run=True)).name)
                self.assertTrue(metadata(dry).dry_run)
                self.assertEqual((report(dry).total, report(dry).changed, report(dry).unchanged),
                                 (60, 0, 60))
                self.assertEqual(self.versions(c, 60), before)
        finally:
            code = d.stop()
            d.cleanup()
        self.assertEqual(code, 0)

    def test_a_dry_run_under_a_new_policy_is_what_adopting_it_does(self):
        # A stricter policy: every grade needs eight more points.
        with open(DEFAULT_POLICY, encoding="utf-8") as f:
            stricter = text_format.Parse(f.read(), policy_pb2.ScoringPolicy())
        stricter.version = "stricter-2027.1"
        for band in stricter.grade_bands:
            if band.min_score > 0:
                band.min_score = min(100, band.min_score + 8)
        n = 45
        d = Daemon(BINARY, extra_flags=["--rescore_threads=2", "--rescore_page_size=10"]).start()
        policy_path = os.path.join(d.data_dir, "stricter.textproto")
        with open(policy_path, "w", encoding="utf-8") as f:
            f.write(text_format.MessageToString(stricter))
        try:
            with d.client() as c:
                self.make_base(c, n)
                first = self.wait(c, c.rescores.StartRescore(
                    rescore_service_pb2.StartRescoreRequest(scope=ALL)).name)
                self.assertEqual(report(first).changed, n)
            d.stop()
            digest = store_digest(DIGEST_TOOL, d.data_dir)
            d.start()
            with d.client() as c:
                dry = self.wait(c, c.rescores.StartRescore(rescore_service_pb2.StartRescoreRequest(
                    scope=ALL, dry_run=True, policy=stricter)).name)
                self.assertFalse(dry.HasField("error"), dry.error.message)
                self.assertEqual(metadata(dry).policy_version, "stricter-2027.1")
            d.stop()
            # The dry run stored its job and nothing else.
            jobs_only = store_digest(DIGEST_TOOL, d.data_dir)
            self.assertNotEqual(jobs_only, digest)
            # Adopting it: the server restarted under it, then a real run.
            d.extra_flags.append("--policy=" + policy_path)
            d.start()
            self.assertTrue(any('"policy"' in line and "stricter-2027.1" in line
                                for line in d.lines))
            with d.client() as c:
                real = self.wait(c, c.rescores.StartRescore(
                    rescore_service_pb2.StartRescoreRequest(scope=ALL)).name)
                self.assertFalse(real.HasField("error"), real.error.message)
                self.assertEqual(metadata(real).policy_version, "stricter-2027.1")
                projected, made = report(dry), report(real)
                self.assertEqual((projected.total, projected.changed, projected.unchanged,
                                  projected.not_scored, projected.failed),
                                 (made.total, made.changed, made.unchanged, made.not_scored,
                                  made.failed))
                self.assertGreater(made.grade_changes_total, 0, "the stricter bands move grades")
                self.assertEqual(projected.grade_changes_total, made.grade_changes_total)

                def changes(r):
                    return sorted((g.supplier, g.from_grade, g.to_grade) for g in r.grade_changes)
                self.assertEqual(changes(projected), changes(made))
                # The versions the real run made are the stricter policy's.
                listed = c.assessments.ListAssessments(assessment_service_pb2.ListAssessmentsRequest(
                    parent="suppliers/s001", page_size=10))
                self.assertEqual(len(listed.assessments), 2)
                self.assertEqual(sum("stricter-2027.1" in a.model_version
                                     for a in listed.assessments), 1)
        finally:
            code = d.stop()
            d.cleanup()
        self.assertEqual(code, 0)

    def test_a_bad_policy_file_stops_the_server_naming_the_flag(self):
        d = Daemon(BINARY)
        bad = os.path.join(d.data_dir, "bad.textproto")
        with open(bad, "w", encoding="utf-8") as f:
            f.write('version: "x" grade_bands { grade: "A" min_score: 500 }\n')
        for flag in ["--policy=" + bad, "--policy=" + os.path.join(d.data_dir, "missing")]:
            proc = subprocess.run([BINARY, "--listen=127.0.0.1:0", "--data_dir=" + d.data_dir, flag],
                                  capture_output=True, text=True, timeout=30)
            self.assertNotEqual(proc.returncode, 0)
            self.assertIn('"policy"', proc.stderr)
        d.cleanup()
