"""Authorization: every method x every role, cross-tenant access, and bad credentials."""

import unittest

import grpc

import supplyrisk_client
from fixtures import engagement, signal, supplier
from harness import OWN_SUPPLIER, ROLES, Daemon
from google.protobuf import field_mask_pb2
from google.rpc import error_details_pb2
from supplyrisk.v1 import (
    assessment_pb2,
    response_pb2,
    assessment_service_pb2,
    audit_service_pb2,
    common_pb2,
    engagement_service_pb2,
    response_service_pb2,
    signal_service_pb2,
    supplier_service_pb2,
    template_service_pb2,
)

BINARY = None

ALL = set(ROLES)
READERS = {"admin", "procurement", "auditor"}
# The policy under test, written from the design: who may call what.
EXPECTED = {
    "TemplateService/ListTemplates": READERS | {"supplier"},
    "TemplateService/GetTemplate": READERS | {"supplier"},
    "TemplateService/ListTemplateRevisions": READERS | {"supplier"},
    "TemplateService/CreateTemplateRevision": {"admin", "procurement"},
    "TemplateService/PublishTemplateRevision": {"admin"},
    "SupplierService/CreateSupplier": {"admin", "procurement"},
    "SupplierService/GetSupplier": READERS | {"supplier"},
    "SupplierService/ListSuppliers": READERS,
    "SupplierService/LookupSuppliers": READERS,
    "SupplierService/UpdateSupplier": {"admin", "procurement"},
    "SupplierService/DeleteSupplier": {"admin"},
    "SupplierService/BatchCreateSuppliers": {"admin", "procurement"},
    "ResponseService/CreateResponse": {"admin", "procurement", "supplier"},
    "ResponseService/GetResponse": READERS | {"supplier"},
    "ResponseService/ListResponses": READERS | {"supplier"},
    "ResponseService/SaveAnswers": {"admin", "supplier"},
    "ResponseService/SubmitResponse": {"admin", "supplier"},
    "ResponseService/DeleteResponse": {"admin", "procurement", "supplier"},
    "SignalService/ImportSignals": {"admin", "scanner"},
    "SignalService/ListSignals": READERS,
    "AssessmentService/AssessSupplier": {"admin", "procurement"},
    "AssessmentService/GetLatestAssessment": READERS | {"supplier"},
    "AssessmentService/ListAssessments": READERS,
    "AssessmentService/ExplainCell": READERS,
    "AssessmentService/ReplayAssessment": READERS,
    "AssessmentService/WatchAssessments": READERS,
    "EngagementService/CreateEngagement": {"admin", "procurement"},
    "EngagementService/GetEngagement": READERS,
    "EngagementService/ListEngagements": READERS,
    "EngagementService/UpdateEngagement": {"admin", "procurement"},
    "EngagementService/DeleteEngagement": {"admin", "procurement"},
    "EngagementService/EvaluateEngagement": {"admin", "procurement"},
    "AuditService/ListAuditEntries": {"admin", "auditor"},
    "AuditService/VerifyAuditLog": {"admin", "auditor"},
}

SERVICE_MODULES = [template_service_pb2, supplier_service_pb2, response_service_pb2,
                   signal_service_pb2, assessment_service_pb2, engagement_service_pb2,
                   audit_service_pb2]


def all_methods():
    """(short name "Service/Method", full path, client streaming, server streaming)."""
    out = []
    for module in SERVICE_MODULES:
        for service in module.DESCRIPTOR.services_by_name.values():
            for m in service.methods:
                out.append(("%s/%s" % (service.name, m.name),
                            "/%s/%s" % (service.full_name, m.name),
                            m.client_streaming if hasattr(m, "client_streaming") else None,
                            m.server_streaming if hasattr(m, "server_streaming") else None,
                            m))
    return out


def raw_call(channel, path, method, token, timeout=2.0):
    """Calls `path` with an empty request; returns the status code."""
    metadata = (("authorization", "Bearer " + token),) if token is not None else ()
    ident = lambda b: b
    client_streaming = method.name == "ImportSignals"
    server_streaming = method.name == "WatchAssessments"
    try:
        if client_streaming:
            fn = channel.stream_unary(path, request_serializer=ident, response_deserializer=ident)
            fn(iter([b""]), metadata=metadata, timeout=timeout)
        elif server_streaming:
            fn = channel.unary_stream(path, request_serializer=ident, response_deserializer=ident)
            for _ in fn(b"", metadata=metadata, timeout=timeout):
                pass
        else:
            fn = channel.unary_unary(path, request_serializer=ident, response_deserializer=ident)
            fn(b"", metadata=metadata, timeout=timeout)
        return grpc.StatusCode.OK
    except grpc.RpcError as e:
        return e.code()


class AuthorizationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(BINARY).start()
        cls.channel = cls.daemon.raw_channel()
        # Each tenant has a supplier with the same id, plus the supplier-role's own supplier.
        for tenant in ("acme", "globex"):
            c = cls.daemon.client(tenant, "admin")
            for sid in ("shared-id", OWN_SUPPLIER, "someone-else"):
                c.suppliers.CreateSupplier(supplier_service_pb2.CreateSupplierRequest(
                    supplier=supplier(name_en="%s %s" % (tenant, sid)), supplier_id=sid))
            c.close()
        acme = cls.daemon.client("acme", "admin")
        cls.acme_engagement = acme.engagements.CreateEngagement(
            engagement_service_pb2.CreateEngagementRequest(
                engagement=engagement("suppliers/shared-id"), engagement_id="acme-eng"))
        cls.acme_response = acme.responses.CreateResponse(
            response_service_pb2.CreateResponseRequest(parent="suppliers/shared-id",
                                                       template_id="sme-basic"))
        acme.close()

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.daemon.cleanup()

    def test_matrix_covers_every_method(self):
        self.assertEqual({m[0] for m in all_methods()}, set(EXPECTED))

    def test_every_method_times_every_role(self):
        checked = 0
        for short, path, _, _, method in all_methods():
            for role in ROLES:
                with self.subTest(method=short, role=role):
                    code = raw_call(self.channel, path, method, self.daemon.tokens[("acme", role)])
                    if role in EXPECTED[short]:
                        self.assertNotIn(code, (grpc.StatusCode.PERMISSION_DENIED,
                                                grpc.StatusCode.UNAUTHENTICATED,
                                                grpc.StatusCode.UNIMPLEMENTED), short)
                    else:
                        self.assertEqual(code, grpc.StatusCode.PERMISSION_DENIED)
                    checked += 1
        self.assertEqual(checked, len(EXPECTED) * len(ROLES))

    def test_missing_wrong_malformed_and_expired_credentials(self):
        for short, path, _, _, method in all_methods():
            with self.subTest(method=short):
                self.assertEqual(raw_call(self.channel, path, method, None),
                                 grpc.StatusCode.UNAUTHENTICATED)
                self.assertEqual(raw_call(self.channel, path, method, "srtest_wrong"),
                                 grpc.StatusCode.UNAUTHENTICATED)
                self.assertEqual(raw_call(self.channel, path, method, self.daemon.expired_token),
                                 grpc.StatusCode.UNAUTHENTICATED)
        get = self.channel.unary_unary("/supplyrisk.v1.SupplierService/ListSuppliers",
                                       request_serializer=lambda b: b,
                                       response_deserializer=lambda b: b)
        token = self.daemon.tokens[("acme", "admin")]
        for header in ("Basic " + token, token, "Bearer", "Bearer "):
            with self.assertRaises(grpc.RpcError) as raised:
                get(b"", metadata=(("authorization", header),))
            self.assertEqual(raised.exception.code(), grpc.StatusCode.UNAUTHENTICATED)

    def expect(self, code, fn, *args, **kwargs):
        with self.assertRaises(grpc.RpcError) as raised:
            fn(*args, **kwargs)
        self.assertEqual(raised.exception.code(), code, raised.exception.details())
        return raised.exception

    def test_cross_tenant_reads_and_writes_are_not_found(self):
        g = self.daemon.client("globex", "admin")
        NF = grpc.StatusCode.NOT_FOUND
        self.expect(NF, g.engagements.GetEngagement,
                    engagement_service_pb2.GetEngagementRequest(name=self.acme_engagement.name))
        self.expect(NF, g.engagements.EvaluateEngagement,
                    engagement_service_pb2.EvaluateEngagementRequest(
                        name=self.acme_engagement.name))
        self.expect(NF, g.responses.GetResponse,
                    response_service_pb2.GetResponseRequest(name=self.acme_response.name))
        self.expect(NF, g.responses.SaveAnswers, response_service_pb2.SaveAnswersRequest(
            name=self.acme_response.name, answers=[response_pb2.Answer(question_id="q", yes_no=1)]))
        self.expect(NF, g.responses.SubmitResponse,
                    response_service_pb2.SubmitResponseRequest(name=self.acme_response.name))
        # The same supplier id exists in both tenants: globex sees only its own.
        own = g.suppliers.GetSupplier(
            supplier_service_pb2.GetSupplierRequest(name="suppliers/shared-id"))
        self.assertEqual(own.display_name.en, "globex shared-id")
        listed = g.suppliers.ListSuppliers(supplier_service_pb2.ListSuppliersRequest())
        self.assertTrue(all(s.display_name.en.startswith("globex") for s in listed.suppliers))
        # Writing to an id only acme has is NOT_FOUND, never a write into acme.
        g.suppliers.DeleteSupplier(supplier_service_pb2.DeleteSupplierRequest(
            name="suppliers/someone-else"))
        a = self.daemon.client("acme", "admin")
        still = a.suppliers.GetSupplier(
            supplier_service_pb2.GetSupplierRequest(name="suppliers/someone-else"))
        self.assertEqual(still.display_name.en, "acme someone-else")
        self.expect(NF, g.suppliers.GetSupplier,
                    supplier_service_pb2.GetSupplierRequest(name="suppliers/someone-else"))
        self.expect(NF, g.suppliers.DeleteSupplier,
                    supplier_service_pb2.DeleteSupplierRequest(name="suppliers/someone-else"))
        upd = supplier_service_pb2.UpdateSupplierRequest(supplier=supplier(),
                                                         update_mask=field_mask_pb2.FieldMask(paths=["industry"]))
        upd.supplier.name = "suppliers/someone-else"
        self.expect(NF, g.suppliers.UpdateSupplier, upd)
        self.expect(NF, g.assessments.GetLatestAssessment,
                    assessment_service_pb2.GetLatestAssessmentRequest(
                        supplier="suppliers/someone-else"))
        self.expect(NF, g.assessments.AssessSupplier,
                    assessment_service_pb2.AssessSupplierRequest(supplier="suppliers/someone-else"))
        self.expect(NF, g.signals.ListSignals,
                    signal_service_pb2.ListSignalsRequest(parent="suppliers/someone-else"))
        self.expect(NF, g.responses.CreateResponse, response_service_pb2.CreateResponseRequest(
            parent="suppliers/someone-else", template_id="sme-basic"))
        # A globex scanner cannot feed acme's supplier; an engagement on it does not resolve.
        gs = self.daemon.client("globex", "scanner")
        err = self.expect(grpc.StatusCode.INVALID_ARGUMENT, gs.signals.ImportSignals, iter([
            signal_service_pb2.ImportSignalsRequest(signals=[signal(
                "suppliers/someone-else", common_pb2.FACTOR_DNS_HEALTH, "spf_record_missing",
                common_pb2.SEVERITY_MEDIUM, "x.example.jp")])]))
        self.assertEqual(supplyrisk_client.field_violations(err)[0][0], "signals[0].supplier")
        self.expect(grpc.StatusCode.INVALID_ARGUMENT, g.engagements.CreateEngagement,
                    engagement_service_pb2.CreateEngagementRequest(
                        engagement=engagement("suppliers/someone-else")))
        # Audit logs are per tenant.
        ga = g.audit.ListAuditEntries(audit_service_pb2.ListAuditEntriesRequest(page_size=1000))
        self.assertTrue(all(e.tenant == "globex" for e in ga.entries))
        g.close()
        gs.close()
        a.close()

    def test_supplier_role_reaches_only_its_own_supplier(self):
        s = self.daemon.client("acme", "supplier")
        mine = s.suppliers.GetSupplier(
            supplier_service_pb2.GetSupplierRequest(name="suppliers/" + OWN_SUPPLIER))
        self.assertEqual(mine.name, "suppliers/" + OWN_SUPPLIER)
        r = s.responses.CreateResponse(response_service_pb2.CreateResponseRequest(
            parent="suppliers/" + OWN_SUPPLIER, template_id="sme-basic"))
        s.responses.GetResponse(response_service_pb2.GetResponseRequest(name=r.name))
        NF = grpc.StatusCode.NOT_FOUND
        self.expect(NF, s.suppliers.GetSupplier,
                    supplier_service_pb2.GetSupplierRequest(name="suppliers/shared-id"))
        self.expect(NF, s.responses.GetResponse,
                    response_service_pb2.GetResponseRequest(name=self.acme_response.name))
        self.expect(NF, s.responses.SubmitResponse,
                    response_service_pb2.SubmitResponseRequest(name=self.acme_response.name))
        self.expect(NF, s.responses.CreateResponse, response_service_pb2.CreateResponseRequest(
            parent="suppliers/shared-id", template_id="sme-basic"))
        self.expect(NF, s.responses.ListResponses,
                    response_service_pb2.ListResponsesRequest(parent="suppliers/shared-id"))
        # Its own supplier's latest assessment, in the view and language asked for; another
        # supplier's (which exists and has one) is NOT_FOUND of the supplier, as for another tenant.
        admin = self.daemon.client("acme", "admin")
        for sid in (OWN_SUPPLIER, "shared-id"):
            admin.assessments.AssessSupplier(assessment_service_pb2.AssessSupplierRequest(
                supplier="suppliers/" + sid, allow_no_response=True))
        admin.close()
        own = s.assessments.GetLatestAssessment(assessment_service_pb2.GetLatestAssessmentRequest(
            supplier="suppliers/" + OWN_SUPPLIER, view=assessment_pb2.ASSESSMENT_VIEW_FULL,
            language="en"))
        self.assertEqual(own.supplier, "suppliers/" + OWN_SUPPLIER)
        self.assertTrue(own.findings)
        for f in own.findings:
            self.assertTrue(f.summary.en, f)
            self.assertEqual(f.summary.ja, "")
        other = self.expect(NF, s.assessments.GetLatestAssessment,
                            assessment_service_pb2.GetLatestAssessmentRequest(
                                supplier="suppliers/shared-id"))
        info = error_details_pb2.ResourceInfo()
        self.assertTrue(supplyrisk_client.error_details(other).details[0].Unpack(info))
        self.assertEqual(info.resource_type, "supplier")
        self.expect(grpc.StatusCode.INVALID_ARGUMENT, s.assessments.GetLatestAssessment,
                    assessment_service_pb2.GetLatestAssessmentRequest(
                        supplier="suppliers/" + OWN_SUPPLIER, language="fr"))
        s.close()


if __name__ == "__main__":
    unittest.main()
