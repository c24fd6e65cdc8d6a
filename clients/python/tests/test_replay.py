"""ReplayAssessment over every golden case: stored through the API, assessed, replayed identically.

Each case of testdata/suppliers/*/ (profile.textproto, response.textproto, signals.jsonl,
engagement.textproto, case.txt with the template id and as_of) is stored the way a buyer's
systems would store it: CreateSupplier with the profile, CreateResponse + SaveAnswers +
SubmitResponse, ImportSignals, CreateEngagement. Then:

- AssessSupplier with the engagement at the case's as_of: GetLatestAssessment returns the same
  bytes, and ReplayAssessment reports it identical. The server stamps the submission time now, so
  at the case's (earlier) as_of the response did not exist yet and the supplier is scored as
  having submitted nothing (allow_no_response), with its profile, its signals observed by then and
  the engagement.
- EvaluateEngagement at a fixed as_of after the submission, which counts the response too: the
  stored decision's assessment replays identically, and it names the response among its inputs.

Both templates the cases use are built in, so every case loads, except the two built to game the
engine with input the API refuses by design (REFUSED_BY_THE_API): those are skipped, named and
counted in the output, with the API's reason; any other refusal fails. The test also checks that a stored input changed afterwards is named by the replay and that
ExplainCell's on-demand explanation is refused then, while it answers before.
"""

import os
import time
import unittest

import grpc
from google.protobuf import timestamp_pb2

from fixtures import read_signals, read_textproto, supplier
from harness import Daemon
from supplyrisk.v1 import (
    assessment_pb2,
    assessment_service_pb2,
    common_pb2,
    engagement_pb2,
    engagement_service_pb2,
    response_pb2,
    response_service_pb2,
    signal_pb2,
    signal_service_pb2,
    supplier_pb2,
    supplier_service_pb2,
)

BINARY = None  # set by run_tests.py

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
CASES = os.path.join(ROOT, "testdata", "suppliers")
# Cases built to game the engine with input the API refuses by design, and why: they cannot be
# stored, so they cannot be replayed. Any other refusal fails the test.
REFUSED_BY_THE_API = {
    "game-empty-evidence": "empty evidence",
    "game-future-dates": "in the future",
}


def read_case(path):
    """case.txt: one "key value" per line (template, as_of)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                out[parts[0]] = parts[1]
    return out


def as_of_timestamp(text):
    t = timestamp_pb2.Timestamp()
    t.FromJsonString(text + "T00:00:00Z" if len(text) == 10 else text)
    return t


def case_dirs():
    return sorted(d for d in os.listdir(CASES)
                  if os.path.isfile(os.path.join(CASES, d, "case.txt")))


def deterministic(message):
    return message.SerializeToString(deterministic=True)


class ReplayTest(unittest.TestCase):

    # A daemon per test: both store golden cases under their own supplier ids.
    def setUp(self):
        self.daemon = Daemon(BINARY).start()
        self.admin = self.daemon.client("acme", "admin")
        self.scanner = self.daemon.client("acme", "scanner")
        self.auditor = self.daemon.client("acme", "auditor")

    def tearDown(self):
        for c in (self.admin, self.scanner, self.auditor):
            c.close()
        code = self.daemon.stop()
        self.daemon.cleanup()
        self.assertEqual(code, 0, "supplyriskd exited with %s" % code)

    def store_case(self, name):
        """Stores the case through the API; returns (supplier, engagement, submitted response)."""
        case_dir = os.path.join(CASES, name)
        profile = read_textproto(os.path.join(case_dir, "profile.textproto"),
                                 supplier_pb2.SupplierProfile())
        response = read_textproto(os.path.join(case_dir, "response.textproto"),
                                  response_pb2.Response())
        engagement = read_textproto(os.path.join(case_dir, "engagement.textproto"),
                                    engagement_pb2.Engagement())
        signals = read_signals(os.path.join(case_dir, "signals.jsonl"))
        case = read_case(os.path.join(case_dir, "case.txt"))
        self.assertEqual(response.template_id, case["template"], name)
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
        if signals:
            imported = self.scanner.signals.ImportSignals(
                iter([signal_service_pb2.ImportSignalsRequest(signals=signals)]))
            self.assertEqual(imported.imported_count, len(signals), name)
        engagement_id = engagement.name.split("/")[1]
        engagement.ClearField("name")
        stored = self.admin.engagements.CreateEngagement(
            engagement_service_pb2.CreateEngagementRequest(engagement=engagement,
                                                           engagement_id=engagement_id))
        return created.name, stored.name, submitted, as_of_timestamp(case["as_of"])

    def replay(self, assessment_name, client=None):
        return (client or self.admin).assessments.ReplayAssessment(
            assessment_service_pb2.ReplayAssessmentRequest(assessment=assessment_name),
            timeout=30)

    def expect_identical(self, name, assessment_name):
        replay = self.replay(assessment_name)
        self.assertTrue(replay.identical, "%s: %s differs at %s: stored %s, replayed %s; "
                        "changed inputs %s" % (name, assessment_name, replay.first_difference,
                                               replay.stored_value, replay.replayed_value,
                                               list(replay.changed_inputs)))
        self.assertEqual(list(replay.changed_inputs), [], name)
        self.assertEqual(replay.assessment, assessment_name)
        return replay

    def test_every_golden_case_replays_identically_through_the_api(self):
        names = case_dirs()
        self.assertGreaterEqual(len(names), 20)
        stored, refused = {}, {}
        for name in names:
            try:
                stored[name] = self.store_case(name)
            except grpc.RpcError as e:
                # A case built to game the engine with input the API refuses (e.g. evidence with
                # nothing in it): it cannot be stored, so it cannot be replayed. Counted, named.
                self.assertEqual(e.code(), grpc.StatusCode.INVALID_ARGUMENT, name)
                refused[name] = e.details()
        for name, reason in sorted(refused.items()):
            print("\nskipped %s: the API refuses its inputs: %s" % (name, reason))
            self.assertIn(REFUSED_BY_THE_API.get(name, "(not expected to be refused)"), reason,
                          name)
        self.assertEqual(sorted(refused), sorted(REFUSED_BY_THE_API))
        # A fixed as_of after every submission, passed by the time it is used.
        latest_submission = max(s[2].submitted_at.seconds for s in stored.values())
        after = timestamp_pb2.Timestamp(seconds=latest_submission + 1)
        while time.time() <= after.seconds + 0.1:
            time.sleep(0.1)
        replayed = 0
        for name in sorted(stored):
            supplier_name, engagement_name, submitted, case_as_of = stored[name]
            with self.subTest(case=name):
                first = self.admin.assessments.AssessSupplier(
                    assessment_service_pb2.AssessSupplierRequest(
                        supplier=supplier_name, engagement=engagement_name, as_of=case_as_of,
                        allow_no_response=True),
                    timeout=30)
                self.assertEqual(first.as_of, case_as_of)
                self.assertEqual(len(first.explanations), 0)
                latest = self.admin.assessments.GetLatestAssessment(
                    assessment_service_pb2.GetLatestAssessmentRequest(supplier=supplier_name))
                self.assertEqual(deterministic(latest), deterministic(first), name)
                self.expect_identical(name, first.name)

                decided = self.admin.engagements.EvaluateEngagement(
                    engagement_service_pb2.EvaluateEngagementRequest(
                        name=engagement_name, as_of=after), timeout=30)
                replay = self.expect_identical(name, decided.assessment)
                self.assertEqual(replay.model_version, decided.model_version)
                latest = self.admin.assessments.GetLatestAssessment(
                    assessment_service_pb2.GetLatestAssessmentRequest(supplier=supplier_name))
                self.assertEqual(latest.name, decided.assessment)
                self.assertEqual(latest.input_digest, decided.input_digest)
                kinds = {(i.kind, i.name) for i in latest.inputs}
                self.assertIn((assessment_pb2.ASSESSMENT_INPUT_KIND_RESPONSE, submitted.name),
                              kinds)
                self.assertIn((assessment_pb2.ASSESSMENT_INPUT_KIND_ENGAGEMENT, engagement_name),
                              kinds)
                replayed += 2
        print("\nReplayAssessment: %d golden cases, %d stored and %d assessments of them replayed "
              "identically, %d skipped (the API refuses their inputs)" %
              (len(names), len(stored), replayed, len(refused)))
        self.assertEqual(replayed, 2 * len(stored))
        self.assertGreaterEqual(len(stored), 20)

    def test_changed_input_is_named_and_explanation_is_refused(self):
        name = "observed-rdp-exposed"
        supplier_name, engagement_name, submitted, _ = self.store_case(name)
        as_of = timestamp_pb2.Timestamp(seconds=submitted.submitted_at.seconds + 1)
        while time.time() <= as_of.seconds + 0.1:
            time.sleep(0.1)
        first = self.admin.assessments.AssessSupplier(
            assessment_service_pb2.AssessSupplierRequest(
                supplier=supplier_name, engagement=engagement_name, as_of=as_of), timeout=30)
        self.assertEqual(len(first.explanations), 0)
        request = assessment_service_pb2.ExplainCellRequest(
            assessment=first.name, layer=common_pb2.LAYER_3_CYBERSPACE,
            component=common_pb2.COMPONENT_PROCEDURE)
        explained = self.auditor.assessments.ExplainCell(request, timeout=30)
        self.assertEqual(explained.target, "cell:L3/PROCEDURE")
        cell = [c for c in first.cells if c.layer == common_pb2.LAYER_3_CYBERSPACE and
                c.component == common_pb2.COMPONENT_PROCEDURE][0]
        self.assertEqual(explained.score, cell.score)
        self.assertTrue(self.replay(first.name, self.auditor).identical)

        # The scanner sees one of the scored signals resolved afterwards.
        signals = self.admin.signals.ListSignals(
            signal_service_pb2.ListSignalsRequest(parent=supplier_name, page_size=100)).signals
        self.assertGreater(len(signals), 0)
        target = signals[0]
        recorded = [i for i in first.inputs
                    if i.kind == assessment_pb2.ASSESSMENT_INPUT_KIND_SIGNAL and
                    i.name == target.id]
        self.assertEqual(len(recorded), 1)
        self.assertEqual(recorded[0].digest.hex(), target.digest)
        resolved = signal_pb2.Signal()
        resolved.CopyFrom(target)
        resolved.ClearField("digest")
        resolved.resolved_at.FromSeconds(as_of.seconds + 1)
        self.scanner.signals.ImportSignals(
            iter([signal_service_pb2.ImportSignalsRequest(signals=[resolved])]))

        replay = self.replay(first.name)
        self.assertFalse(replay.identical)
        self.assertEqual(replay.first_difference, "input_digest")
        self.assertEqual([(c.kind, c.name, c.change) for c in replay.changed_inputs],
                         [(assessment_pb2.ASSESSMENT_INPUT_KIND_SIGNAL, target.id,
                           assessment_pb2.INPUT_CHANGE_KIND_CHANGED)])
        self.assertEqual(replay.changed_inputs[0].recorded_digest, target.digest)
        with self.assertRaises(grpc.RpcError) as caught:
            self.admin.assessments.ExplainCell(request, timeout=30)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.FAILED_PRECONDITION)
        self.assertIn('SIGNAL "%s" changed' % target.id, caught.exception.details())

        with self.assertRaises(grpc.RpcError) as caught:
            self.replay(supplier_name + "/assessments/none")
        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)
        with self.assertRaises(grpc.RpcError) as caught:
            self.replay("suppliers/x")
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("assessment", caught.exception.details())


if __name__ == "__main__":
    unittest.main()
