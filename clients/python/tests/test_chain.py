"""End to end: a supplier's submitted subcontractor answers become relationships, and the
engagement decision follows the chain to a failing subcontractor that receives its data."""

import unittest

from fixtures import CORPORATE_NUMBERS, answers_for, engagement, supplier
from harness import Daemon
from supplyrisk.v1 import (
    assessment_pb2,
    assessment_service_pb2,
    common_pb2,
    engagement_service_pb2,
    response_service_pb2,
    supplier_service_pb2,
    template_pb2,
    template_service_pb2,
)

BINARY = None  # set by run_tests.py
FULL = assessment_pb2.ASSESSMENT_VIEW_FULL


class ChainDecisionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(BINARY).start()
        cls.admin = cls.daemon.client("acme", "admin")
        cls.procurement = cls.daemon.client("acme", "procurement")

    @classmethod
    def tearDownClass(cls):
        cls.admin.close()
        cls.procurement.close()
        code = cls.daemon.stop()
        cls.daemon.cleanup()
        assert code == 0, "supplyriskd exited with %s" % code

    def submit(self, supplier_name, good, passes=None):
        """Answers cpsf-supplier (best or worst answers); `passes` replaces what the declared
        subcontractor (corporate number CORPORATE_NUMBERS[1]) receives."""
        tmpl = self.procurement.templates.GetTemplate(
            template_service_pb2.GetTemplateRequest(template_id="cpsf-supplier"))
        answers = answers_for(tmpl, good)
        for a in answers:
            if a.HasField("subcontractors") and passes is not None:
                entry = a.subcontractors.entries[0]
                self.assertEqual(entry.corporate_number, CORPORATE_NUMBERS[1])
                del entry.data_classes[:]
                entry.data_classes.extend(passes)
        response = self.procurement.responses.CreateResponse(
            response_service_pb2.CreateResponseRequest(parent=supplier_name,
                                                       template_id="cpsf-supplier"))
        response = self.admin.responses.SaveAnswers(response_service_pb2.SaveAnswersRequest(
            name=response.name, answers=answers, etag=response.etag))
        return self.admin.responses.SubmitResponse(
            response_service_pb2.SubmitResponseRequest(name=response.name, etag=response.etag))

    def evaluate(self, engagement_name):
        return self.procurement.engagements.EvaluateEngagement(
            engagement_service_pb2.EvaluateEngagementRequest(
                name=engagement_name, view=FULL, language="en"), timeout=20)

    def reasons(self, evaluated, code):
        return [r for r in evaluated.decision.reasons if r.code == code]

    def test_failing_subcontractor_receiving_confidential_data_rejects(self):
        tmpl = self.procurement.templates.GetTemplate(
            template_service_pb2.GetTemplateRequest(template_id="cpsf-supplier"))
        self.assertTrue(any(q.answer_type == template_pb2.ANSWER_TYPE_SUBCONTRACTORS
                            for s in tmpl.sections for q in s.questions))
        prime = self.procurement.suppliers.CreateSupplier(
            supplier_service_pb2.CreateSupplierRequest(
                supplier=supplier(name_en="Prime KK", corporate_number=CORPORATE_NUMBERS[0]),
                supplier_id="prime-co"))
        sub = self.procurement.suppliers.CreateSupplier(
            supplier_service_pb2.CreateSupplierRequest(
                supplier=supplier(name_en="Weak Sub KK", corporate_number=CORPORATE_NUMBERS[1],
                                  domains=["sub.example.jp"]),
                supplier_id="sub-co"))
        # Prime passes only internal data on; the engagement entrusts confidential and personal.
        self.submit(prime.name, good=True, passes=[common_pb2.DATA_CLASS_INTERNAL])
        stored = self.procurement.engagements.CreateEngagement(
            engagement_service_pb2.CreateEngagementRequest(engagement=engagement(prime.name)))
        before = self.evaluate(stored.name)
        self.assertIn(before.decision.outcome,
                      (assessment_pb2.DECISION_OUTCOME_APPROVE,
                       assessment_pb2.DECISION_OUTCOME_APPROVE_WITH_CONDITIONS))
        self.assertFalse(self.reasons(before, "subcontractor_failing"))
        self.assertFalse(self.reasons(before, "subcontractor_unassessed"))

        # Prime's new answers pass confidential data to the subcontractor, not yet assessed: the
        # decision asks for its assessment.
        self.submit(prime.name, good=True, passes=[common_pb2.DATA_CLASS_CONFIDENTIAL])
        unassessed = self.evaluate(stored.name)
        asked = self.reasons(unassessed, "subcontractor_unassessed")
        self.assertEqual([r.party for r in asked], [sub.name])
        self.assertEqual(asked[0].path.hops[0].to, sub.name)
        self.assertEqual(list(asked[0].path.hops[0].data_classes),
                         [common_pb2.DATA_CLASS_CONFIDENTIAL])
        self.assertIn("Weak Sub KK", asked[0].text.en)
        if unassessed.decision.outcome != assessment_pb2.DECISION_OUTCOME_REJECT:
            self.assertIn("assess_subcontractor:" + sub.name,
                          [c.id for c in unassessed.decision.conditions])
        self.assertLess(unassessed.confidence, before.confidence)

        # The subcontractor is assessed and fails: prime's engagement is rejected, with the path.
        self.submit(sub.name, good=False)
        assessed = self.procurement.assessments.AssessSupplier(
            assessment_service_pb2.AssessSupplierRequest(supplier=sub.name), timeout=20)
        self.assertLess(assessed.overall_score, 50)
        after = self.evaluate(stored.name)
        self.assertEqual(after.decision.outcome, assessment_pb2.DECISION_OUTCOME_REJECT)
        failing = self.reasons(after, "subcontractor_failing")
        self.assertEqual(len(failing), 1)
        self.assertEqual(failing[0].party, sub.name)
        self.assertTrue(failing[0].rejecting)
        self.assertAlmostEqual(failing[0].score, assessed.overall_score, places=6)
        self.assertIn("Weak Sub KK", failing[0].text.en)
        self.assertIn("confidential data", failing[0].text.en)
        lowered = self.reasons(after, "chain_lowered")
        self.assertEqual(len(lowered), 1)
        self.assertEqual(lowered[0].party, sub.name)

        # The stored assessment keeps the effective risk as facts.
        latest = self.procurement.assessments.GetLatestAssessment(
            assessment_service_pb2.GetLatestAssessmentRequest(supplier=prime.name))
        self.assertEqual(latest.name, after.assessment)
        risk = latest.effective_risk
        self.assertTrue(risk.lowered)
        self.assertEqual(risk.worst.supplier, sub.name)
        self.assertLess(risk.effective_score, risk.own_score)
        self.assertEqual(risk.effective_score, min(risk.own_score, risk.inherited_score))
        self.assertEqual(latest.overall_score, before.overall_score)  # its own score unchanged
        self.assertIn(assessment_pb2.ASSESSMENT_INPUT_KIND_CHAIN,
                      [i.kind for i in latest.inputs])
        for r in latest.decision.reasons:
            self.assertEqual((r.text.ja, r.text.en), ("", ""))

        # The same evaluation again changes nothing: the facts are confirmed.
        again = self.evaluate(stored.name)
        self.assertEqual(again.assessment, after.assessment)
        self.assertTrue(again.HasField("confirm_time"))


if __name__ == "__main__":
    unittest.main()
