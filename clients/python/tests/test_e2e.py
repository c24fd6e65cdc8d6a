"""End to end: suppliers, responses, signals, an engagement decision, and error details."""

import threading
import time
import unittest

import grpc

import supplyrisk_client
from fixtures import CORPORATE_NUMBERS, LEIS, answers_for, engagement, signal, supplier
from harness import Daemon
from supplyrisk.v1 import (
    assessment_pb2,
    assessment_service_pb2,
    audit_service_pb2,
    common_pb2,
    engagement_service_pb2,
    response_pb2,
    response_service_pb2,
    signal_service_pb2,
    supplier_service_pb2,
    template_pb2,
    template_service_pb2,
)
from google.protobuf import field_mask_pb2
from google.rpc import error_details_pb2

BINARY = None  # set by run_tests.py


class EndToEndTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(BINARY).start()
        cls.admin = cls.daemon.client("acme", "admin")
        cls.procurement = cls.daemon.client("acme", "procurement")
        cls.scanner = cls.daemon.client("acme", "scanner")

    @classmethod
    def tearDownClass(cls):
        cls.admin.close()
        cls.procurement.close()
        cls.scanner.close()
        code = cls.daemon.stop()
        cls.daemon.cleanup()
        assert code == 0, "supplyriskd exited with %s" % code

    def check_views(self, supplier_name, latest, decided):
        """BASIC (the default) holds facts only; FULL renders every text in ja (the default) or en."""
        FULL = assessment_pb2.ASSESSMENT_VIEW_FULL
        self.assertTrue(latest.findings)
        for f in latest.findings:
            self.assertEqual((f.summary.ja, f.summary.en), ("", ""))
        for r in decided.decision.reasons:
            self.assertEqual((r.text.ja, r.text.en), ("", ""))
        rendered = {}
        for language in ("", "ja", "en"):
            a = self.procurement.assessments.GetLatestAssessment(
                assessment_service_pb2.GetLatestAssessmentRequest(
                    supplier=supplier_name, view=FULL, language=language))
            shown = "en" if language == "en" else "ja"
            hidden = "ja" if shown == "en" else "en"
            texts = [f.summary for f in a.findings] + [r.text for r in a.decision.reasons]
            texts += [c.remediation.advice for c in a.decision.conditions]
            for t in texts:
                self.assertTrue(getattr(t, shown), a)
                self.assertEqual(getattr(t, hidden), "")
            rendered[shown] = [getattr(t, shown) for t in texts]
            # The facts are the stored ones, whatever the view.
            self.assertEqual(a.input_digest, latest.input_digest)
            self.assertEqual(len(a.findings), len(latest.findings))
        for ja, en in zip(rendered["ja"], rendered["en"]):
            self.assertNotEqual(ja, en)
        self.assertTrue(any("knockout" in t or "observed" in t for t in rendered["en"]),
                        rendered["en"])
        listed = self.procurement.assessments.ListAssessments(
            assessment_service_pb2.ListAssessmentsRequest(
                parent=supplier_name, view=FULL, language="en"))
        self.assertTrue(all(f.summary.en for a in listed.assessments for f in a.findings))
        evaluated = self.procurement.engagements.EvaluateEngagement(
            engagement_service_pb2.EvaluateEngagementRequest(
                engagement=engagement(supplier_name), view=FULL, language="en"), timeout=10)
        self.assertTrue(all(r.text.en and not r.text.ja for r in evaluated.decision.reasons))
        for bad in (
                lambda: self.procurement.assessments.GetLatestAssessment(
                    assessment_service_pb2.GetLatestAssessmentRequest(
                        supplier=supplier_name, view=FULL, language="fr")),
                lambda: self.procurement.engagements.EvaluateEngagement(
                    engagement_service_pb2.EvaluateEngagementRequest(
                        engagement=engagement(supplier_name), language="de"), timeout=10)):
            with self.assertRaises(grpc.RpcError) as raised:
                bad()
            self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
            self.assertEqual(supplyrisk_client.field_violations(raised.exception)[0][0],
                             "language")

    def create_supplier(self, supplier_id, **kw):
        return self.procurement.suppliers.CreateSupplier(
            supplier_service_pb2.CreateSupplierRequest(supplier=supplier(**kw),
                                                       supplier_id=supplier_id))

    def answer_and_submit(self, supplier_name, template_id, good):
        tmpl = self.procurement.templates.GetTemplate(
            template_service_pb2.GetTemplateRequest(template_id=template_id))
        response = self.procurement.responses.CreateResponse(
            response_service_pb2.CreateResponseRequest(parent=supplier_name,
                                                       template_id=template_id))
        self.assertEqual(response.state, response_pb2.RESPONSE_STATE_IN_PROGRESS)
        self.assertEqual(response.template_revision, tmpl.revision)
        answers = answers_for(tmpl, good)
        self.assertGreater(len(answers), 10)
        # Saved in three parts.
        third = len(answers) // 3 + 1
        for start in range(0, len(answers), third):
            response = self.admin.responses.SaveAnswers(response_service_pb2.SaveAnswersRequest(
                name=response.name, answers=answers[start:start + third], etag=response.etag))
        self.assertEqual(len(response.answers), len(answers))
        submitted = self.admin.responses.SubmitResponse(
            response_service_pb2.SubmitResponseRequest(name=response.name, etag=response.etag))
        self.assertEqual(submitted.state, response_pb2.RESPONSE_STATE_SUBMITTED)
        return submitted

    def test_templates_are_built_in(self):
        listed = self.procurement.templates.ListTemplates(
            template_service_pb2.ListTemplatesRequest())
        ids = {t.id for t in listed.templates}
        for expected in ("cpsf-supplier", "sme-basic", "scs-star3", "scs-star4"):
            self.assertIn(expected, ids)
        star4 = self.procurement.templates.GetTemplate(
            template_service_pb2.GetTemplateRequest(template_id="scs-star4"))
        self.assertEqual(star4.kind, template_pb2.TEMPLATE_KIND_READINESS_PROFILE)

    def test_tenant_template_revisions(self):
        base = self.procurement.templates.GetTemplate(
            template_service_pb2.GetTemplateRequest(template_id="sme-basic"))
        draft = template_pb2.Template()
        draft.CopyFrom(base)
        draft.id = "acme-sme"
        draft.title.en = "ACME SME check"
        created = self.procurement.templates.CreateTemplateRevision(
            template_service_pb2.CreateTemplateRevisionRequest(template=draft))
        self.assertEqual((created.revision, created.state),
                         (1, template_pb2.TEMPLATE_STATE_DRAFT))
        # A draft cannot be answered yet, and only an admin publishes.
        s = self.create_supplier("tmpl-user", name_en="Template User")
        with self.assertRaises(grpc.RpcError) as raised:
            self.procurement.responses.CreateResponse(response_service_pb2.CreateResponseRequest(
                parent=s.name, template_id="acme-sme", template_revision=1))
        self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        with self.assertRaises(grpc.RpcError) as raised:
            self.procurement.templates.PublishTemplateRevision(
                template_service_pb2.PublishTemplateRevisionRequest(template_id="acme-sme",
                                                                    revision=1))
        self.assertEqual(raised.exception.code(), grpc.StatusCode.PERMISSION_DENIED)
        published = self.admin.templates.PublishTemplateRevision(
            template_service_pb2.PublishTemplateRevisionRequest(template_id="acme-sme",
                                                                revision=1))
        self.assertEqual(published.state, template_pb2.TEMPLATE_STATE_PUBLISHED)
        with self.assertRaises(grpc.RpcError) as raised:
            self.admin.templates.PublishTemplateRevision(
                template_service_pb2.PublishTemplateRevisionRequest(template_id="acme-sme",
                                                                    revision=1))
        self.assertEqual(raised.exception.code(), grpc.StatusCode.FAILED_PRECONDITION)
        second = self.procurement.templates.CreateTemplateRevision(
            template_service_pb2.CreateTemplateRevisionRequest(template=draft))
        self.assertEqual(second.revision, 2)
        revisions = self.procurement.templates.ListTemplateRevisions(
            template_service_pb2.ListTemplateRevisionsRequest(template_id="acme-sme"))
        self.assertEqual([(t.revision, t.state) for t in revisions.templates],
                         [(1, template_pb2.TEMPLATE_STATE_PUBLISHED),
                          (2, template_pb2.TEMPLATE_STATE_DRAFT)])
        # Revision 0 means the latest published one; the response is pinned to it.
        response = self.procurement.responses.CreateResponse(
            response_service_pb2.CreateResponseRequest(parent=s.name, template_id="acme-sme"))
        self.assertEqual(response.template_revision, 1)
        listed = self.procurement.templates.ListTemplates(
            template_service_pb2.ListTemplatesRequest())
        self.assertIn("acme-sme", [t.id for t in listed.templates])
        # Another tenant does not see it.
        other = self.daemon.client("globex", "admin")
        with self.assertRaises(grpc.RpcError) as raised:
            other.templates.GetTemplate(
                template_service_pb2.GetTemplateRequest(template_id="acme-sme"))
        self.assertEqual(raised.exception.code(), grpc.StatusCode.NOT_FOUND)
        other.close()

    def test_pre_contract_flow(self):
        good = self.create_supplier("good-co", name_en="Good Co", domains=["good.example.jp"])
        bad = self.create_supplier("bad-co", name_en="Bad Co",
                                   corporate_number=CORPORATE_NUMBERS[1], lei=LEIS[0],
                                   domains=["bad.example.jp", "例え.jp"])
        self.assertEqual(good.name, "suppliers/good-co")
        self.assertIn("xn--r8jz45g.jp", bad.domains)  # IDNA A-label stored

        # Watch from the start, in the background.
        events = []
        watch_ctx = {}

        def watch():
            call = self.procurement.assessments.WatchAssessments(
                assessment_service_pb2.WatchAssessmentsRequest(after_sequence=0), timeout=60)
            watch_ctx["call"] = call
            try:
                for event in call:
                    events.append(event)
            except grpc.RpcError:
                pass

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()

        self.answer_and_submit(good.name, "cpsf-supplier", good=True)
        self.answer_and_submit(bad.name, "cpsf-supplier", good=False)

        def batches():
            yield signal_service_pb2.ImportSignalsRequest(signals=[
                signal(bad.name, common_pb2.FACTOR_DNS_HEALTH, "spf_record_missing",
                       common_pb2.SEVERITY_MEDIUM, "bad.example.jp"),
                signal(bad.name, common_pb2.FACTOR_NETWORK_SECURITY, "exposed_rdp",
                       common_pb2.SEVERITY_HIGH, "203.0.113.7")])
            yield signal_service_pb2.ImportSignalsRequest(signals=[
                signal(bad.name, common_pb2.FACTOR_PATCHING_CADENCE, "unpatched_cve",
                       common_pb2.SEVERITY_CRITICAL, "vpn.bad.example.jp", days_ago=60,
                       cve="CVE-2024-3400"),
                signal(good.name, common_pb2.FACTOR_DNS_HEALTH, "dnssec_detected",
                       common_pb2.SEVERITY_POSITIVE, "good.example.jp")])

        imported = self.scanner.signals.ImportSignals(batches())
        self.assertEqual(imported.imported_count, 4)
        listed = self.procurement.signals.ListSignals(
            signal_service_pb2.ListSignalsRequest(parent=bad.name))
        self.assertEqual(len(listed.signals), 3)

        stored = self.procurement.engagements.CreateEngagement(
            engagement_service_pb2.CreateEngagementRequest(engagement=engagement(good.name)))
        good_decision = self.procurement.engagements.EvaluateEngagement(
            engagement_service_pb2.EvaluateEngagementRequest(name=stored.name), timeout=10)
        bad_decision = self.procurement.engagements.EvaluateEngagement(
            engagement_service_pb2.EvaluateEngagementRequest(engagement=engagement(bad.name)),
            timeout=10)
        self.assertEqual(bad_decision.decision.outcome, assessment_pb2.DECISION_OUTCOME_REJECT)
        self.assertTrue(bad_decision.decision.reasons)
        self.assertIn(good_decision.decision.outcome,
                      (assessment_pb2.DECISION_OUTCOME_APPROVE,
                       assessment_pb2.DECISION_OUTCOME_APPROVE_WITH_CONDITIONS))
        self.assertGreater(good_decision.overall_score, bad_decision.overall_score)
        self.assertEqual(good_decision.decision.engagement, stored.name)
        self.assertEqual(len(good_decision.input_digest), 64)

        latest = self.procurement.assessments.GetLatestAssessment(
            assessment_service_pb2.GetLatestAssessmentRequest(supplier=bad.name))
        self.assertEqual(latest.name, bad_decision.assessment)
        self.assertEqual(len(latest.cells), 18)
        explained = self.procurement.assessments.ExplainCell(
            assessment_service_pb2.ExplainCellRequest(
                assessment=latest.name, layer=common_pb2.LAYER_1_ORGANIZATIONS,
                component=common_pb2.COMPONENT_ORGANIZATION))
        self.assertEqual(explained.target, "cell:L1/ORGANIZATION")
        self.check_views(bad.name, latest, bad_decision)

        # Filter on the indexed standing.
        rejected = self.procurement.suppliers.ListSuppliers(
            supplier_service_pb2.ListSuppliersRequest(filter='decision = "REJECT"'))
        self.assertEqual([s.name for s in rejected.suppliers], [bad.name])
        self.assertEqual(rejected.standings[0].decision, "DECISION_OUTCOME_REJECT")
        with_rdp = self.procurement.suppliers.ListSuppliers(
            supplier_service_pb2.ListSuppliersRequest(filter='open_issue = "exposed_rdp"'))
        self.assertEqual([s.name for s in with_rdp.suppliers], [bad.name])
        dns = self.procurement.suppliers.ListSuppliers(
            supplier_service_pb2.ListSuppliersRequest(filter="factor_issue = DNS_HEALTH"))
        self.assertIn(bad.name, [s.name for s in dns.suppliers])

        # The change stream saw both decisions.
        for _ in range(100):
            if sum(1 for e in events if e.decision.engagement or e.kind ==
                   assessment_service_pb2.ASSESSMENT_EVENT_KIND_DECIDED) >= 2:
                break
            threading.Event().wait(0.1)
        watch_ctx["call"].cancel()
        decided = [e for e in events
                   if e.kind == assessment_service_pb2.ASSESSMENT_EVENT_KIND_DECIDED]
        self.assertGreaterEqual(len(decided), 2)
        sequences = [e.sequence for e in events]
        self.assertEqual(sequences, sorted(sequences))
        # Resuming after the first decision replays only what followed.
        resumed = self.procurement.assessments.WatchAssessments(
            assessment_service_pb2.WatchAssessmentsRequest(after_sequence=decided[0].sequence),
            timeout=2)
        replay = []
        try:
            for e in resumed:
                replay.append(e)
        except grpc.RpcError as e:
            self.assertEqual(e.code(), grpc.StatusCode.DEADLINE_EXCEEDED)
        self.assertTrue(replay)
        self.assertTrue(all(e.sequence > decided[0].sequence for e in replay))

        audit = self.daemon.client("acme", "auditor")
        verified = audit.audit.VerifyAuditLog(audit_service_pb2.VerifyAuditLogRequest())
        self.assertTrue(verified.verified, verified.problem)
        self.assertGreater(verified.entries_checked, 5)

    def test_inline_engagement_cannot_name_a_stored_one(self):
        # Its own tenant, so the other tests' change streams do not see it.
        with self.daemon.client("globex", "procurement") as globex:
            globex.suppliers.CreateSupplier(supplier_service_pb2.CreateSupplierRequest(
                supplier=supplier(), supplier_id="inline-eval"))
            inline = engagement("suppliers/inline-eval")
            inline.name = "engagements/somebody-elses"
            inline.etag = "forged"
            result = globex.engagements.EvaluateEngagement(
                engagement_service_pb2.EvaluateEngagementRequest(engagement=inline,
                                                                 allow_no_response=True),
                timeout=10)
            assessment = globex.assessments.GetLatestAssessment(
                assessment_service_pb2.GetLatestAssessmentRequest(
                    supplier="suppliers/inline-eval"))
        self.assertEqual(assessment.name, result.assessment)
        self.assertEqual(assessment.decision.engagement, "")
        self.assertEqual(result.decision.engagement, "")

    def test_bad_request_lists_every_violation(self):
        bad = supplier(corporate_number="7000012050003", lei="HWUPKR0MPOU8FGXBT395",
                       domains=["ok.example.jp", "-bad-.jp", "OK.example.jp"])
        bad.display_name.Clear()
        with self.assertRaises(grpc.RpcError) as raised:
            self.procurement.suppliers.CreateSupplier(
                supplier_service_pb2.CreateSupplierRequest(supplier=bad, supplier_id="Bad Id",
                                                           request_id="not-a-uuid"))
        error = raised.exception
        self.assertEqual(error.code(), grpc.StatusCode.INVALID_ARGUMENT)
        fields = dict(supplyrisk_client.field_violations(error))
        self.assertEqual(set(fields), {
            "supplier.display_name", "supplier.corporate_number", "supplier.lei",
            "supplier.domains[1]", "supplier.domains[2]", "supplier_id", "request_id"})
        self.assertIn("check digit", fields["supplier.corporate_number"])
        # Nothing was written.
        listed = self.procurement.suppliers.ListSuppliers(
            supplier_service_pb2.ListSuppliersRequest(filter='industry = "nothing-here"'))
        self.assertEqual(len(listed.suppliers), 0)

    def test_idempotent_create_etag_and_update_mask(self):
        request_id = supplyrisk_client.new_request_id()
        req = supplier_service_pb2.CreateSupplierRequest(
            supplier=supplier(name_en="Idem KK", corporate_number=CORPORATE_NUMBERS[2]),
            request_id=request_id)
        first = self.procurement.suppliers.CreateSupplier(req)
        again = self.procurement.suppliers.CreateSupplier(req)
        self.assertEqual(first.name, again.name)
        self.assertEqual(first.etag, again.etag)
        # The same request id with another body is refused.
        other = supplier_service_pb2.CreateSupplierRequest()
        other.CopyFrom(req)
        other.supplier.industry = "retail"
        with self.assertRaises(grpc.RpcError) as raised:
            self.procurement.suppliers.CreateSupplier(other)
        self.assertIn(raised.exception.code(), (grpc.StatusCode.FAILED_PRECONDITION,
                                                grpc.StatusCode.ALREADY_EXISTS))

        update = supplier_service_pb2.UpdateSupplierRequest(
            supplier=supplier(name_en="ignored", industry="logistics"),
            update_mask=field_mask_pb2.FieldMask(paths=["industry"]))
        update.supplier.name = first.name
        update.supplier.etag = first.etag
        updated = self.procurement.suppliers.UpdateSupplier(update)
        self.assertEqual(updated.industry, "logistics")
        self.assertEqual(updated.display_name.en, "Idem KK")
        self.assertNotEqual(updated.etag, first.etag)
        # The old etag is now stale.
        with self.assertRaises(grpc.RpcError) as raised:
            self.procurement.suppliers.UpdateSupplier(update)
        self.assertEqual(raised.exception.code(), grpc.StatusCode.ABORTED)
        status = supplyrisk_client.error_details(raised.exception)
        failure = error_details_pb2.PreconditionFailure()
        self.assertTrue(status.details[0].Unpack(failure))
        self.assertEqual(failure.violations[0].type, "ETAG")

    def test_pagination_tokens_are_bound_to_the_query(self):
        reqs = [supplier_service_pb2.CreateSupplierRequest(
            supplier=supplier(name_en="Page %d" % i, industry="paging"),
            supplier_id="page-%02d" % i) for i in range(5)]
        self.procurement.suppliers.BatchCreateSuppliers(
            supplier_service_pb2.BatchCreateSuppliersRequest(requests=reqs))
        seen = []
        token = ""
        while True:
            page = self.procurement.suppliers.ListSuppliers(
                supplier_service_pb2.ListSuppliersRequest(
                    page_size=2, page_token=token, filter='industry = "paging"'))
            seen.extend(s.name for s in page.suppliers)
            token = page.next_page_token
            if not token:
                break
            self.assertNotIn("page-", token)
            with self.assertRaises(grpc.RpcError) as raised:
                self.procurement.suppliers.ListSuppliers(
                    supplier_service_pb2.ListSuppliersRequest(page_size=2, page_token=token,
                                                              filter='industry = "other"'))
            self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
            self.assertEqual(supplyrisk_client.field_violations(raised.exception)[0][0],
                             "page_token")
        self.assertEqual(seen, ["suppliers/page-%02d" % i for i in range(5)])

    def test_logs_are_json_without_secrets(self):
        self.procurement.templates.ListTemplates(template_service_pb2.ListTemplatesRequest(),
                                                 metadata=(("x-request-id", "trace-123"),))
        # The server logs a call once the response is sent: the client may get the response
        # first, so wait (bounded) for the line.
        deadline = time.monotonic() + 5
        while True:
            calls = [r for r in self.daemon.log_records() if r.get("request_id") == "trace-123"]
            if calls or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0]["method"], "TemplateService/ListTemplates")
        self.assertEqual(calls[0]["tenant"], "acme")
        self.assertEqual(calls[0]["role"], "procurement")
        self.assertEqual(calls[0]["code"], "OK")
        text = "\n".join(self.daemon.lines)
        for token in self.daemon.tokens.values():
            self.assertNotIn(token, text)


if __name__ == "__main__":
    unittest.main()
