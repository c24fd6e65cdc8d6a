"""The standard methods an integrator expects on engagements and responses: UpdateEngagement
changes only the masked fields and keeps the supplier; DeleteEngagement removes an engagement
while the assessment that decided it stays on record; DeleteResponse removes
a draft but keeps a submitted response, which assessments name as their input. Etags guard all
three, and the supplier role deletes only its own drafts. ListSuppliers takes OR in its filter and
a descending order."""

import unittest

import grpc
from google.protobuf import field_mask_pb2
from google.rpc import error_details_pb2

import supplyrisk_client
from fixtures import answers_for, engagement, supplier
from harness import OWN_SUPPLIER, Daemon
from supplyrisk.v1 import (
    assessment_service_pb2 as asp,
    common_pb2 as cm,
    engagement_pb2,
    engagement_service_pb2 as esp,
    response_service_pb2 as rsp,
    supplier_service_pb2 as sup,
    template_service_pb2 as tsp,
)

BINARY = None  # set by run_tests.py


class StandardMethodsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(BINARY).start()
        cls.admin = cls.daemon.client("acme", "admin")
        c = cls.admin
        for sid in ("maker", "rival", OWN_SUPPLIER):
            c.suppliers.CreateSupplier(sup.CreateSupplierRequest(
                supplier=supplier(name_en=sid.title() + " KK"), supplier_id=sid))
        cls.template = c.templates.GetTemplate(tsp.GetTemplateRequest(template_id="cpsf-supplier"))

    @classmethod
    def tearDownClass(cls):
        cls.admin.close()
        code = cls.daemon.stop()
        cls.daemon.cleanup()
        assert code == 0, "supplyriskd exited with %s" % code

    def code_of(self, fn, request):
        with self.assertRaises(grpc.RpcError) as raised:
            fn(request, timeout=10)
        return raised.exception.code()

    def submitted_response(self, supplier_id):
        c = self.admin
        r = c.responses.CreateResponse(rsp.CreateResponseRequest(
            parent="suppliers/" + supplier_id, template_id="cpsf-supplier"))
        r = c.responses.SaveAnswers(rsp.SaveAnswersRequest(
            name=r.name, answers=answers_for(self.template, True), etag=r.etag))
        return c.responses.SubmitResponse(rsp.SubmitResponseRequest(name=r.name, etag=r.etag))

    def test_update_engagement_changes_only_the_masked_fields(self):
        e = self.admin.engagements
        created = e.CreateEngagement(esp.CreateEngagementRequest(
            engagement=engagement("suppliers/maker"), engagement_id="update-me"))
        change = engagement("suppliers/rival")  # a different supplier, not in the mask
        change.name = created.name
        change.title = "Payroll outsourcing"
        change.criticality = engagement_pb2.CRITICALITY_LOW
        del change.data_classes[:]
        change.data_classes.append(cm.DATA_CLASS_PERSONAL)
        updated = e.UpdateEngagement(esp.UpdateEngagementRequest(
            engagement=change, update_mask=field_mask_pb2.FieldMask(paths=["title",
                                                                            "data_classes"])))
        self.assertEqual(updated.title, "Payroll outsourcing")
        self.assertEqual(list(updated.data_classes), [cm.DATA_CLASS_PERSONAL])
        self.assertEqual(updated.supplier, "suppliers/maker")
        self.assertEqual(updated.criticality, created.criticality)
        self.assertNotEqual(updated.etag, created.etag)
        self.assertNotEqual(updated.digest, created.digest)
        # The old etag is stale now; the supplier cannot be moved.
        change.etag = created.etag
        self.assertEqual(self.code_of(e.UpdateEngagement, esp.UpdateEngagementRequest(
            engagement=change, update_mask=field_mask_pb2.FieldMask(paths=["title"]))),
            grpc.StatusCode.ABORTED)
        change.etag = ""
        with self.assertRaises(grpc.RpcError) as raised:
            e.UpdateEngagement(esp.UpdateEngagementRequest(
                engagement=change, update_mask=field_mask_pb2.FieldMask(paths=["supplier"])))
        self.assertIn("fixed", dict(supplyrisk_client.field_violations(raised.exception))
                      ["update_mask.paths[0]"])
        self.assertEqual(e.GetEngagement(esp.GetEngagementRequest(name=created.name)).supplier,
                         "suppliers/maker")

    def test_a_deleted_engagement_leaves_its_decision_on_record(self):
        self.submitted_response("rival")
        e = self.admin.engagements
        created = e.CreateEngagement(esp.CreateEngagementRequest(
            engagement=engagement("suppliers/rival"), engagement_id="delete-me"))
        decided = e.EvaluateEngagement(esp.EvaluateEngagementRequest(name=created.name),
                                       timeout=20)
        self.assertEqual(self.code_of(e.DeleteEngagement, esp.DeleteEngagementRequest(
            name=created.name, etag="stale")), grpc.StatusCode.ABORTED)
        e.DeleteEngagement(esp.DeleteEngagementRequest(name=created.name, etag=created.etag))
        self.assertEqual(self.code_of(e.GetEngagement, esp.GetEngagementRequest(
            name=created.name)), grpc.StatusCode.NOT_FOUND)
        self.assertEqual(self.code_of(e.EvaluateEngagement, esp.EvaluateEngagementRequest(
            name=created.name)), grpc.StatusCode.NOT_FOUND)
        listed = e.ListEngagements(esp.ListEngagementsRequest())
        self.assertNotIn(created.name, [x.name for x in listed.engagements])
        # The assessment that decided it stays on record, naming it.
        kept = self.admin.assessments.GetLatestAssessment(
            asp.GetLatestAssessmentRequest(supplier="suppliers/rival"))
        self.assertEqual(kept.name, decided.assessment)
        self.assertEqual(kept.decision.engagement, created.name)
        self.assertEqual(kept.decision.outcome, decided.decision.outcome)

    def test_only_a_draft_response_is_deleted(self):
        r = self.admin.responses
        draft = r.CreateResponse(rsp.CreateResponseRequest(
            parent="suppliers/maker", template_id="cpsf-supplier"))
        self.assertEqual(self.code_of(r.DeleteResponse, rsp.DeleteResponseRequest(
            name=draft.name, etag="stale")), grpc.StatusCode.ABORTED)
        r.DeleteResponse(rsp.DeleteResponseRequest(name=draft.name, etag=draft.etag))
        self.assertEqual(self.code_of(r.GetResponse, rsp.GetResponseRequest(name=draft.name)),
                         grpc.StatusCode.NOT_FOUND)
        sent = self.submitted_response("maker")
        with self.assertRaises(grpc.RpcError) as raised:
            r.DeleteResponse(rsp.DeleteResponseRequest(name=sent.name))
        self.assertEqual(raised.exception.code(), grpc.StatusCode.FAILED_PRECONDITION)
        failure = error_details_pb2.PreconditionFailure()
        self.assertTrue(supplyrisk_client.error_details(raised.exception).details[0]
                        .Unpack(failure))
        self.assertEqual((failure.violations[0].type, failure.violations[0].subject),
                         ("RESPONSE_STATE", sent.name))
        self.assertEqual(r.GetResponse(rsp.GetResponseRequest(name=sent.name)).state,
                         sent.state)

    def test_a_supplier_deletes_only_its_own_drafts(self):
        r = self.admin.responses
        own = r.CreateResponse(rsp.CreateResponseRequest(
            parent="suppliers/" + OWN_SUPPLIER, template_id="cpsf-supplier"))
        other = r.CreateResponse(rsp.CreateResponseRequest(
            parent="suppliers/rival", template_id="cpsf-supplier"))
        with self.daemon.client("acme", "supplier") as own_supplier:
            self.assertEqual(self.code_of(own_supplier.responses.DeleteResponse,
                                          rsp.DeleteResponseRequest(name=other.name)),
                             grpc.StatusCode.NOT_FOUND)
            own_supplier.responses.DeleteResponse(rsp.DeleteResponseRequest(name=own.name))
        self.assertEqual(r.GetResponse(rsp.GetResponseRequest(name=other.name)).name, other.name)
        self.assertEqual(self.code_of(r.GetResponse, rsp.GetResponseRequest(name=own.name)),
                         grpc.StatusCode.NOT_FOUND)
        with self.daemon.client("acme", "auditor") as auditor:
            self.assertEqual(self.code_of(auditor.responses.DeleteResponse,
                                          rsp.DeleteResponseRequest(name=other.name)),
                             grpc.StatusCode.PERMISSION_DENIED)

    def test_list_filters_with_or_and_orders_descending(self):
        s = self.admin.suppliers
        for sid, industry in (("list-a", "logistics"), ("list-b", "retail"),
                              ("list-c", "logistics"), ("list-d", "mining")):
            s.CreateSupplier(sup.CreateSupplierRequest(
                supplier=supplier(industry=industry), supplier_id=sid))

        def walk(**kw):
            names, token = [], ""
            while True:
                page = s.ListSuppliers(sup.ListSuppliersRequest(page_size=1, page_token=token,
                                                                **kw))
                names += [x.name for x in page.suppliers]
                token = page.next_page_token
                if not token:
                    return names

        either = 'industry = "logistics" OR industry = "retail"'
        self.assertEqual(walk(filter=either),
                         ["suppliers/list-a", "suppliers/list-b", "suppliers/list-c"])
        self.assertEqual(walk(filter=either, order_by="name desc"),
                         ["suppliers/list-c", "suppliers/list-b", "suppliers/list-a"])
        # OR binds tighter than AND: (logistics or retail) and not retail.
        self.assertEqual(walk(filter=either + ' AND industry != "retail"', order_by="name desc"),
                         ["suppliers/list-c", "suppliers/list-a"])
        # Newest first: the four were created in order.
        newest = [n for n in walk(order_by="update_time desc") if n.startswith("suppliers/list-")]
        self.assertEqual(newest, ["suppliers/list-d", "suppliers/list-c", "suppliers/list-b",
                                  "suppliers/list-a"])
        everyone = walk()
        self.assertEqual(walk(order_by="name desc"), list(reversed(everyone)))


if __name__ == "__main__":
    unittest.main()
