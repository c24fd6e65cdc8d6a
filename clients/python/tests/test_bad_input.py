"""Over 100 malformed requests: each gets the right code (INVALID_ARGUMENT with the field
violations named), and the store's digest is the same before and after all of them."""

import datetime
import json
import math
import time
import unittest

import grpc
from google.protobuf import field_mask_pb2
from google.rpc import error_details_pb2

import supplyrisk_client
from fixtures import CORPORATE_NUMBERS, engagement, signal, supplier, timestamp
from harness import Daemon, store_digest
from supplyrisk.v1 import (
    assessment_service_pb2 as asp,
    audit_service_pb2 as aup,
    chain_service_pb2 as chs,
    common_pb2 as cm,
    engagement_pb2,
    engagement_service_pb2 as esp,
    relationship_pb2 as rel,
    response_pb2,
    response_service_pb2 as rsp,
    signal_service_pb2 as ssp,
    supplier_pb2,
    supplier_service_pb2 as sup,
    template_pb2,
    template_service_pb2 as tsp,
)

BINARY = None
DIGEST_TOOL = None
IA = grpc.StatusCode.INVALID_ARGUMENT


def sup_with(**changes):
    s = supplier()
    for key, value in changes.items():
        if key == "domains":
            del s.domains[:]
            s.domains.extend(value)
        elif key == "ja":
            s.display_name.ja = value
        elif key == "stars":
            s.profile.security_action_stars = value
        else:
            setattr(s, key, value)
    return s


def create_supplier(**changes):
    return ("suppliers.CreateSupplier", sup.CreateSupplierRequest(supplier=sup_with(**changes)))


def first_question(tmpl, answer_type):
    for section in tmpl.sections:
        for q in section.questions:
            if q.answer_type == answer_type:
                return q
    return None


class BadInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(BINARY).start()
        c = cls.daemon.client("acme", "admin")
        cls.existing = c.suppliers.CreateSupplier(sup.CreateSupplierRequest(
            supplier=supplier(name_en="Existing"), supplier_id="existing"))
        cls.response = c.responses.CreateResponse(rsp.CreateResponseRequest(
            parent="suppliers/existing", template_id="cpsf-supplier"))
        cls.template = c.templates.GetTemplate(tsp.GetTemplateRequest(template_id="cpsf-supplier"))
        cls.engagement = c.engagements.CreateEngagement(esp.CreateEngagementRequest(
            engagement=engagement("suppliers/existing"), engagement_id="existing-eng"))
        cls.assessment = c.assessments.AssessSupplier(
            asp.AssessSupplierRequest(supplier="suppliers/existing", allow_no_response=True))
        c.suppliers.CreateSupplier(sup.CreateSupplierRequest(
            supplier=supplier(name_en="Unassessed"), supplier_id="unassessed"))
        c.suppliers.CreateSupplier(sup.CreateSupplierRequest(
            supplier=supplier(name_en="Sub"), supplier_id="sub"))
        cls.relationship = c.chains.CreateRelationship(chs.CreateRelationshipRequest(
            relationship=rel.Relationship(
                from_supplier="suppliers/existing", to_supplier="suppliers/sub",
                access=cm.ACCESS_LEVEL_NONE, source=rel.RELATIONSHIP_SOURCE_DECLARED),
            relationship_id="existing-to-sub"))
        cls.other_query_token = c.suppliers.ListSuppliers(sup.ListSuppliersRequest())
        c.close()
        cls.daemon.stop()
        cls.digest_before = store_digest(DIGEST_TOOL, cls.daemon.data_dir)
        cls.daemon.start()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.cleanup()

    def cases(self):
        """(label, "stub.Method", request or request iterator factory, code, expected fields)."""
        t = self.template
        yes_no = first_question(t, template_pb2.ANSWER_TYPE_YES_NO)
        single = first_question(t, template_pb2.ANSWER_TYPE_SINGLE_CHOICE)
        number = first_question(t, template_pb2.ANSWER_TYPE_NUMBER)
        date_q = first_question(t, template_pb2.ANSWER_TYPE_DATE)
        text_q = first_question(t, template_pb2.ANSWER_TYPE_TEXT)
        no_na = next(q for s in t.sections for q in s.questions
                     if q.answer_type == template_pb2.ANSWER_TYPE_YES_NO
                     and not q.allow_not_applicable)
        resp = self.response.name
        out = []

        def add(label, method, request, code=IA, fields=()):
            out.append((label, method, request, code, tuple(fields)))

        # --- Suppliers: identifiers and fields.
        for label, cn in [("check digit", "7000012050003"), ("12 digits", "700001205000"),
                          ("14 digits", "70000120500021"), ("letter", "70000120500O2"),
                          ("full-width", "７000012050002"), ("spaces", "7000 012050002"),
                          ("wrong first", "1000012050002")]:
            add("corporate number " + label, *create_supplier(corporate_number=cn),
                fields=["supplier.corporate_number"])
        for label, lei in [("check digits", "HWUPKR0MPOU8FGXBT395"),
                           ("lower case", "hwupkr0mpou8fgxbt394"), ("19 chars", "HWUPKR0MPOU8FGXBT39"),
                           ("21 chars", "HWUPKR0MPOU8FGXBT3941"), ("symbol", "HWUPKR0MPOU8FGXBT3-4"),
                           ("letters in check", "HWUPKR0MPOU8FGXBTAB"), ("swap", "WHUPKR0MPOU8FGXBT394")]:
            add("LEI " + label, *create_supplier(lei=lei), fields=["supplier.lei"])
        for label, domain in [("empty", ""), ("single label", "localhost"),
                              ("leading hyphen", "-a.example.jp"), ("trailing hyphen", "a-.jp"),
                              ("empty label", "a..jp"), ("underscore", "under_score.jp"),
                              ("numeric tld", "example.123"), ("url", "http://x.jp"),
                              ("path", "x.jp/path"), ("long label", "a" * 64 + ".jp"),
                              ("space", "exa mple.jp"), ("bad punycode", "xn--zz.jp"),
                              ("too long", ".".join(["abcdefghij"] * 26))]:
            add("domain " + label, *create_supplier(domains=["ok.example.jp", domain]),
                fields=["supplier.domains[1]"])
        add("duplicate domain", *create_supplier(domains=["a.example.jp", "A.EXAMPLE.JP"]),
            fields=["supplier.domains[1]"])
        add("101 domains", *create_supplier(domains=["d%d.example.jp" % i for i in range(101)]),
            fields=["supplier.domains"])
        add("size 99", *create_supplier(size=99), fields=["supplier.size"])
        add("industry too long", *create_supplier(industry="x" * 101), fields=["supplier.industry"])
        add("industry control", *create_supplier(industry="a\x01b"), fields=["supplier.industry"])
        add("stars 3", *create_supplier(stars=3), fields=["supplier.profile.security_action_stars"])
        add("stars -1", *create_supplier(stars=-1), fields=["supplier.profile.security_action_stars"])
        add("name too long", *create_supplier(ja="あ" * 101), fields=["supplier.display_name.ja"])
        add("no display name", "suppliers.CreateSupplier",
            sup.CreateSupplierRequest(supplier=supplier(name_ja="", name_en="")),
            fields=["supplier.display_name"])
        add("no supplier", "suppliers.CreateSupplier", sup.CreateSupplierRequest(),
            fields=["supplier", "supplier.display_name"])
        for sid in ["Bad_ID", "-x", "x-", "a" * 64, "a/b", "ünï"]:
            add("supplier_id " + sid[:10], "suppliers.CreateSupplier",
                sup.CreateSupplierRequest(supplier=supplier(), supplier_id=sid),
                fields=["supplier_id"])
        for rid in ["123", "not-a-uuid", "123e4567-e89b-42d3-a456-42661417400g"]:
            add("request_id " + rid, "suppliers.CreateSupplier",
                sup.CreateSupplierRequest(supplier=supplier(), request_id=rid),
                fields=["request_id"])
        add("many at once", "suppliers.CreateSupplier", sup.CreateSupplierRequest(
            supplier=sup_with(corporate_number="1", lei="x", domains=["-"], size=42),
            supplier_id="X"), fields=["supplier.corporate_number", "supplier.lei",
                                      "supplier.domains[0]", "supplier.size", "supplier_id"])
        add("existing id", "suppliers.CreateSupplier",
            sup.CreateSupplierRequest(supplier=supplier(), supplier_id="existing"),
            code=grpc.StatusCode.ALREADY_EXISTS)
        for name in ["", "supplier/existing", "suppliers/", "suppliers/Existing",
                     "suppliers/existing/x"]:
            add("get name %r" % name, "suppliers.GetSupplier", sup.GetSupplierRequest(name=name),
                fields=["name"])
        add("get unknown", "suppliers.GetSupplier", sup.GetSupplierRequest(name="suppliers/nope"),
            code=grpc.StatusCode.NOT_FOUND)
        # --- ListSuppliers.
        add("page size -1", "suppliers.ListSuppliers", sup.ListSuppliersRequest(page_size=-1),
            fields=["page_size"])
        for f in ['grade', 'grade ~ "A"', 'unknown = 1', 'star_ready >= x', 'star_ready >= 9',
                  'update_time > "yesterday"', 'grade = "A" OR', 'NOT grade = "A"',
                  'decision = "MAYBE"', 'factor_issue = "NOPE"', 'grade = "A', 'grade < "A"',
                  'size = HUGE', '(grade = "A")']:
            add("filter " + f, "suppliers.ListSuppliers", sup.ListSuppliersRequest(filter=f),
                fields=["filter"])
        for order in ["score desc", "name up", "overall_score desc desc", "desc"]:
            add("order_by " + order, "suppliers.ListSuppliers",
                sup.ListSuppliersRequest(order_by=order), fields=["order_by"])
        add("garbage token", "suppliers.ListSuppliers",
            sup.ListSuppliersRequest(page_token="!!garbage!!"), fields=["page_token"])
        add("forged token", "suppliers.ListSuppliers",
            sup.ListSuppliersRequest(page_token="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            fields=["page_token"])
        # --- UpdateSupplier / DeleteSupplier.
        def update(paths, **changes):
            s = sup_with(**changes)
            s.name = "suppliers/existing"
            return sup.UpdateSupplierRequest(supplier=s,
                                             update_mask=field_mask_pb2.FieldMask(paths=paths))
        add("update no mask", "suppliers.UpdateSupplier", update([]), fields=["update_mask"])
        for path in ["name", "etag", "nonexistent", "profile.nope"]:
            add("update mask " + path, "suppliers.UpdateSupplier", update([path]),
                fields=["update_mask.paths[0]"])
        add("update invalid value", "suppliers.UpdateSupplier",
            update(["corporate_number"], corporate_number="123"),
            fields=["supplier.corporate_number"])
        bad_name = update(["industry"])
        bad_name.supplier.name = "existing"
        add("update bad name", "suppliers.UpdateSupplier", bad_name, fields=["supplier.name"])
        stale = update(["industry"], industry="changed")
        stale.supplier.etag = "stale-etag"
        add("update stale etag", "suppliers.UpdateSupplier", stale, code=grpc.StatusCode.ABORTED)
        add("delete stale etag", "suppliers.DeleteSupplier",
            sup.DeleteSupplierRequest(name="suppliers/existing", etag="stale-etag"),
            code=grpc.StatusCode.ABORTED)
        add("delete bad name", "suppliers.DeleteSupplier", sup.DeleteSupplierRequest(name="x"),
            fields=["name"])
        # --- Identifiers: held ones, lookups, upserts.
        held = self.existing.corporate_number
        add("create with a held number", *create_supplier(corporate_number=held),
            code=grpc.StatusCode.ALREADY_EXISTS)
        add("batch with a held number", "suppliers.BatchCreateSuppliers",
            sup.BatchCreateSuppliersRequest(requests=[sup.CreateSupplierRequest(
                supplier=sup_with(corporate_number=held), supplier_id="batch-held")]),
            code=grpc.StatusCode.ALREADY_EXISTS)
        taking = update(["corporate_number"], corporate_number=held)
        taking.supplier.name = "suppliers/unassessed"
        add("update to a held number", "suppliers.UpdateSupplier", taking,
            code=grpc.StatusCode.ALREADY_EXISTS)
        upsert = update(["industry"], industry="x")
        upsert.allow_missing = True
        upsert.supplier.etag = "some-etag"
        add("upsert with an etag", "suppliers.UpdateSupplier", upsert, fields=["supplier.etag"])
        upsert_bad = update(["industry"], ja="", lei="bad")
        upsert_bad.supplier.display_name.Clear()
        upsert_bad.supplier.name = "suppliers/upsert-new"
        upsert_bad.allow_missing = True
        add("upsert of an invalid supplier", "suppliers.UpdateSupplier", upsert_bad,
            fields=["supplier.display_name", "supplier.lei"])
        look = lambda **kw: ("suppliers.LookupSuppliers", sup.LookupSuppliersRequest(**kw))
        add("lookup nothing", *look(), fields=["identifier"])
        for label, kw, field in [
                ("check digit", {"corporate_number": "7000012050003"}, "corporate_number"),
                ("12 digits", {"corporate_number": "700001205000"}, "corporate_number"),
                ("empty number", {"corporate_number": ""}, "corporate_number"),
                ("lei check", {"lei": "HWUPKR0MPOU8FGXBT395"}, "lei"),
                ("lei lower case", {"lei": "hwupkr0mpou8fgxbt394"}, "lei"),
                ("domain url", {"domain": "http://x.jp"}, "domain"),
                ("domain empty label", {"domain": "a..jp"}, "domain"),
                ("domain empty", {"domain": ""}, "domain"),
                ("full-width number", {"corporate_number": "７000012050002"}, "corporate_number"),
                ("number with letter", {"corporate_number": "70000120500O2"}, "corporate_number"),
                ("lei 19 chars", {"lei": "HWUPKR0MPOU8FGXBT39"}, "lei"),
                ("lei symbol", {"lei": "HWUPKR0MPOU8FGXBT3-4"}, "lei"),
                ("domain single label", {"domain": "localhost"}, "domain"),
                ("domain underscore", {"domain": "under_score.jp"}, "domain"),
                ("domain long label", {"domain": "a" * 64 + ".jp"}, "domain"),
                ("domain bad punycode", {"domain": "xn--zz.jp"}, "domain"),
                ("name bidi override", {"company_name": "abc\u202edef"}, "company_name"),
                ("name blank", {"company_name": " \u3000 "}, "company_name"),
                ("name control", {"company_name": "a\x1b[2Jb"}, "company_name"),
                ("name too long", {"company_name": "x" * 301}, "company_name"),
                ("page size", {"lei": "HWUPKR0MPOU8FGXBT394", "page_size": -1}, "page_size"),
                ("garbage token", {"lei": "HWUPKR0MPOU8FGXBT394", "page_token": "!!"},
                 "page_token")]:
            add("lookup " + label, *look(**kw), fields=[field])
        # --- BatchCreateSuppliers.
        ok = lambda i: sup.CreateSupplierRequest(supplier=supplier(), supplier_id="batch-%d" % i)
        add("batch empty", "suppliers.BatchCreateSuppliers", sup.BatchCreateSuppliersRequest(),
            fields=["requests"])
        add("batch one bad", "suppliers.BatchCreateSuppliers", sup.BatchCreateSuppliersRequest(
            requests=[ok(0), sup.CreateSupplierRequest(supplier=sup_with(lei="bad")), ok(2)]),
            fields=["requests[1].supplier.lei"])
        add("batch duplicate ids", "suppliers.BatchCreateSuppliers",
            sup.BatchCreateSuppliersRequest(requests=[ok(0), ok(0)]),
            fields=["requests[1].supplier_id"])
        add("batch existing id", "suppliers.BatchCreateSuppliers",
            sup.BatchCreateSuppliersRequest(requests=[ok(0), sup.CreateSupplierRequest(
                supplier=supplier(), supplier_id="existing")]),
            code=grpc.StatusCode.ALREADY_EXISTS)
        add("batch too big", "suppliers.BatchCreateSuppliers",
            sup.BatchCreateSuppliersRequest(requests=[ok(i) for i in range(1001)]),
            fields=["requests"])
        # A retry key does not let a batch write its new items and then fail on a taken id.
        add("batch with request id, taken id", "suppliers.BatchCreateSuppliers",
            sup.BatchCreateSuppliersRequest(
                request_id="5f0c2a7e-1b7d-4c1e-9a53-0d6f3c2b8e41",
                requests=[ok(0), sup.CreateSupplierRequest(
                    supplier=supplier(name_en="Not The Existing One"), supplier_id="existing")]),
            code=grpc.StatusCode.ALREADY_EXISTS)
        # Many violations still arrive as one readable BadRequest (bounded in size).
        nameless = supplier()
        nameless.display_name.Clear()
        add("batch of 1000 invalid", "suppliers.BatchCreateSuppliers",
            sup.BatchCreateSuppliersRequest(requests=[
                sup.CreateSupplierRequest(supplier=nameless, supplier_id="n-%d" % i)
                for i in range(1000)]),
            fields=["requests[0].supplier.display_name"])
        # --- Engagements.
        def eng(**changes):
            e = engagement("suppliers/existing")
            for key, value in changes.items():
                if key == "data_classes":
                    del e.data_classes[:]
                    e.data_classes.extend(value)
                else:
                    setattr(e, key, value)
            return e
        for label, e, fields in [
                ("no supplier", eng(supplier=""), ["engagement.supplier"]),
                ("bad supplier name", eng(supplier="existing"), ["engagement.supplier"]),
                ("unknown supplier", eng(supplier="suppliers/nope"), ["engagement.supplier"]),
                ("data class 99", eng(data_classes=[99]), ["engagement.data_classes[0]"]),
                ("data class 0", eng(data_classes=[0]), ["engagement.data_classes[0]"]),
                ("duplicate data class", eng(data_classes=[3, 3]), ["engagement.data_classes[1]"]),
                ("no access", eng(access=0), ["engagement.access"]),
                ("access 77", eng(access=77), ["engagement.access"]),
                ("no criticality", eng(criticality=0), ["engagement.criticality"]),
                ("criticality 42", eng(criticality=42), ["engagement.criticality"]),
                ("title too long", eng(title="t" * 301), ["engagement.title"])]:
            add("create engagement " + label, "engagements.CreateEngagement",
                esp.CreateEngagementRequest(engagement=e), fields=fields)
            add("evaluate inline " + label, "engagements.EvaluateEngagement",
                esp.EvaluateEngagementRequest(engagement=e), fields=fields)
            # The same values through an update of the stored engagement (its supplier is fixed).
            if fields[0] != "engagement.supplier":
                path = fields[0].split(".")[1].split("[")[0]
                e.name = self.engagement.name
                add("update engagement " + label, "engagements.UpdateEngagement",
                    esp.UpdateEngagementRequest(
                        engagement=e, update_mask=field_mask_pb2.FieldMask(paths=[path])),
                    fields=fields)
        def update_eng(paths, name=None, etag=""):
            e = eng(title="changed")
            e.name = self.engagement.name if name is None else name
            e.etag = etag
            return esp.UpdateEngagementRequest(
                engagement=e, update_mask=field_mask_pb2.FieldMask(paths=paths))
        for label, request, fields in [
                ("no mask", update_eng([]), ["update_mask"]),
                ("supplier", update_eng(["supplier"]), ["update_mask.paths[0]"]),
                ("name", update_eng(["title", "name"]), ["update_mask.paths[1]"]),
                ("digest", update_eng(["digest"]), ["update_mask.paths[0]"]),
                ("unknown path", update_eng(["budget"]), ["update_mask.paths[0]"]),
                ("bad name", update_eng(["title"], name="engagement/x"), ["engagement.name"]),
                ("no engagement", esp.UpdateEngagementRequest(
                    update_mask=field_mask_pb2.FieldMask(paths=["title"])),
                 ["engagement", "engagement.name"])]:
            add("update engagement " + label, "engagements.UpdateEngagement", request,
                fields=fields)
        add("update engagement unknown", "engagements.UpdateEngagement",
            update_eng(["title"], name="engagements/nope"), code=grpc.StatusCode.NOT_FOUND)
        add("update engagement stale etag", "engagements.UpdateEngagement",
            update_eng(["title"], etag="stale"), code=grpc.StatusCode.ABORTED)
        add("delete engagement bad name", "engagements.DeleteEngagement",
            esp.DeleteEngagementRequest(name="existing-eng"), fields=["name"])
        add("delete engagement unknown", "engagements.DeleteEngagement",
            esp.DeleteEngagementRequest(name="engagements/nope"), code=grpc.StatusCode.NOT_FOUND)
        add("delete engagement stale etag", "engagements.DeleteEngagement",
            esp.DeleteEngagementRequest(name=self.engagement.name, etag="stale"),
            code=grpc.StatusCode.ABORTED)
        add("engagement id", "engagements.CreateEngagement",
            esp.CreateEngagementRequest(engagement=eng(), engagement_id="Bad Id"),
            fields=["engagement_id"])
        add("evaluate nothing", "engagements.EvaluateEngagement",
            esp.EvaluateEngagementRequest(), fields=["target"])
        add("evaluate bad name", "engagements.EvaluateEngagement",
            esp.EvaluateEngagementRequest(name="engagement/x"), fields=["name"])
        add("evaluate unknown", "engagements.EvaluateEngagement",
            esp.EvaluateEngagementRequest(name="engagements/nope"), code=grpc.StatusCode.NOT_FOUND)
        # --- Responses.
        add("response bad parent", "responses.CreateResponse",
            rsp.CreateResponseRequest(parent="existing", template_id="cpsf-supplier"),
            fields=["parent"])
        add("response no template", "responses.CreateResponse",
            rsp.CreateResponseRequest(parent="suppliers/existing"), fields=["template_id"])
        add("response negative revision", "responses.CreateResponse",
            rsp.CreateResponseRequest(parent="suppliers/existing", template_id="cpsf-supplier",
                                      template_revision=-1), fields=["template_revision"])
        add("response unknown template", "responses.CreateResponse",
            rsp.CreateResponseRequest(parent="suppliers/existing", template_id="nope"),
            fields=["template_id"])
        add("response unknown revision", "responses.CreateResponse",
            rsp.CreateResponseRequest(parent="suppliers/existing", template_id="cpsf-supplier",
                                      template_revision=999), fields=["template_revision"])
        add("response readiness profile", "responses.CreateResponse",
            rsp.CreateResponseRequest(parent="suppliers/existing", template_id="scs-star3"),
            fields=["template_id"])
        for label, request, code, fields in [
                ("bad name", rsp.DeleteResponseRequest(name="responses/x"), IA, ["name"]),
                ("no name", rsp.DeleteResponseRequest(), IA, ["name"]),
                ("unknown", rsp.DeleteResponseRequest(name="suppliers/existing/responses/nope"),
                 grpc.StatusCode.NOT_FOUND, []),
                ("unknown supplier", rsp.DeleteResponseRequest(name="suppliers/nope/responses/r"),
                 grpc.StatusCode.NOT_FOUND, []),
                ("stale etag", rsp.DeleteResponseRequest(name=resp, etag="stale"),
                 grpc.StatusCode.ABORTED, [])]:
            add("delete response " + label, "responses.DeleteResponse", request, code=code,
                fields=fields)
        A = response_pb2.Answer
        def save(*answers, etag=""):
            return rsp.SaveAnswersRequest(name=resp, answers=list(answers), etag=etag)
        add("save nothing", "responses.SaveAnswers", save(), fields=["answers"])
        add("save unknown question", "responses.SaveAnswers",
            save(A(question_id="no-such-q", yes_no=1)), fields=["answers[0].question_id"])
        add("save no question id", "responses.SaveAnswers", save(A(yes_no=1)),
            fields=["answers[0].question_id"])
        add("save no value", "responses.SaveAnswers", save(A(question_id=yes_no.id)),
            fields=["answers[0].value"])
        add("save yes_no 0", "responses.SaveAnswers",
            save(A(question_id=yes_no.id, yes_no=0)), fields=["answers[0].yes_no"])
        add("save yes_no 9", "responses.SaveAnswers",
            save(A(question_id=yes_no.id, yes_no=9)), fields=["answers[0].yes_no"])
        add("save n/a not allowed", "responses.SaveAnswers",
            save(A(question_id=no_na.id, yes_no=response_pb2.YES_NO_NOT_APPLICABLE)),
            fields=["answers[0].yes_no"])
        add("save wrong type", "responses.SaveAnswers",
            save(A(question_id=yes_no.id, number=3)), fields=["answers[0].number"])
        add("save twice", "responses.SaveAnswers",
            save(A(question_id=yes_no.id, yes_no=1), A(question_id=yes_no.id, yes_no=3)),
            fields=["answers[1].question_id"])
        add("save evidence no uri", "responses.SaveAnswers", save(A(
            question_id=yes_no.id, yes_no=1, evidence=[response_pb2.Evidence(kind=1)])),
            fields=["answers[0].evidence[0].uri"])
        add("save evidence bad hash", "responses.SaveAnswers", save(A(
            question_id=yes_no.id, yes_no=1,
            evidence=[response_pb2.Evidence(kind=1, uri="u", sha256="XYZ")])),
            fields=["answers[0].evidence[0].sha256"])
        add("save evidence kind 0", "responses.SaveAnswers", save(A(
            question_id=yes_no.id, yes_no=1, evidence=[response_pb2.Evidence(uri="u")])),
            fields=["answers[0].evidence[0].kind"])
        add("save comment control", "responses.SaveAnswers",
            save(A(question_id=yes_no.id, yes_no=1, comment="a\x00b")),
            fields=["answers[0].comment"])
        bad_time = A(question_id=yes_no.id, yes_no=1)
        bad_time.answered_at.seconds = 10 ** 12
        add("save answered_at range", "responses.SaveAnswers", save(bad_time),
            fields=["answers[0].answered_at"])
        # Times later than the server's clock plus --clock_skew (5 minutes) are refused.
        soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
        future_answer = A(question_id=yes_no.id, yes_no=1)
        future_answer.answered_at.CopyFrom(timestamp(soon))
        add("save answered_at future", "responses.SaveAnswers", save(future_answer),
            fields=["answers[0].answered_at"])
        add("save evidence empty", "responses.SaveAnswers", save(A(
            question_id=yes_no.id, yes_no=1, evidence=[response_pb2.Evidence(kind=1)])),
            fields=["answers[0].evidence[0]"])
        if single is not None:
            add("save unknown option", "responses.SaveAnswers",
                save(A(question_id=single.id, option_id="nope")), fields=["answers[0].option_id"])
        if number is not None:
            add("save NaN", "responses.SaveAnswers",
                save(A(question_id=number.id, number=math.nan)), fields=["answers[0].number"])
            add("save infinity", "responses.SaveAnswers",
                save(A(question_id=number.id, number=math.inf)), fields=["answers[0].number"])
        if date_q is not None:
            for d in ["2026-02-30", "2026/01/01", "yesterday", "2026-1-1"]:
                add("save date " + d, "responses.SaveAnswers",
                    save(A(question_id=date_q.id, date=d)), fields=["answers[0].date"])
            add("save date future", "responses.SaveAnswers",
                save(A(question_id=date_q.id, date=(soon + datetime.timedelta(days=2)).strftime(
                    "%Y-%m-%d"))), fields=["answers[0].date"])
        if text_q is not None:
            add("save text too long", "responses.SaveAnswers",
                save(A(question_id=text_q.id, text="x" * 10001)), fields=["answers[0].text"])
        add("save stale etag", "responses.SaveAnswers",
            save(A(question_id=yes_no.id, yes_no=1), etag="stale"), code=grpc.StatusCode.ABORTED)
        add("save bad name", "responses.SaveAnswers",
            rsp.SaveAnswersRequest(name="suppliers/existing", answers=[A(question_id="q", yes_no=1)]),
            fields=["name"])
        add("submit empty", "responses.SubmitResponse", rsp.SubmitResponseRequest(name=resp),
            code=grpc.StatusCode.FAILED_PRECONDITION)
        add("submit bad name", "responses.SubmitResponse",
            rsp.SubmitResponseRequest(name="responses/x"), fields=["name"])
        # --- Signals (client streaming): nothing from the stream is written.
        now = datetime.datetime.now(datetime.timezone.utc)
        good_signal = signal("suppliers/existing", cm.FACTOR_DNS_HEALTH, "spf_record_missing",
                             cm.SEVERITY_MEDIUM, "existing.example.jp")
        def sig(**changes):
            s = signal("suppliers/existing", cm.FACTOR_DNS_HEALTH, "spf_record_missing",
                       cm.SEVERITY_MEDIUM, "existing.example.jp")
            for key, value in changes.items():
                if value is None:
                    s.ClearField(key)
                elif key in ("observed_at", "last_observed_at", "resolved_at"):
                    getattr(s, key).CopyFrom(value)
                else:
                    setattr(s, key, value)
            return s
        for label, s, field in [
                ("factor 0", sig(factor=0), "factor"), ("factor 42", sig(factor=42), "factor"),
                ("issue type", sig(issue_type="Bad Type"), "issue_type"),
                ("no issue type", sig(issue_type=""), "issue_type"),
                ("severity 0", sig(severity=0), "severity"),
                ("no asset", sig(asset=""), "asset"),
                ("no observed_at", sig(observed_at=None), "observed_at"),
                ("last before first", sig(last_observed_at=timestamp(now - datetime.timedelta(days=30))),
                 "last_observed_at"),
                ("resolved before first", sig(resolved_at=timestamp(now - datetime.timedelta(days=30))),
                 "resolved_at"),
                ("observed_at future", sig(observed_at=timestamp(now + datetime.timedelta(hours=1))),
                 "observed_at"),
                ("last_observed_at future",
                 sig(last_observed_at=timestamp(now + datetime.timedelta(hours=1))),
                 "last_observed_at"),
                ("resolved_at future", sig(resolved_at=timestamp(now + datetime.timedelta(hours=1))),
                 "resolved_at"),
                ("cve", sig(cve="CVE-1"), "cve"), ("cve year", sig(cve="CVE-1990-12345"), "cve"),
                ("supplier name", sig(supplier="existing"), "supplier"),
                ("unknown supplier", sig(supplier="suppliers/nope"), "supplier")]:
            add("signal " + label, "signals.ImportSignals",
                [ssp.ImportSignalsRequest(signals=[good_signal]),
                 ssp.ImportSignalsRequest(signals=[good_signal, s])],
                fields=["signals[2]." + field])
        add("signal empty stream", "signals.ImportSignals", [], fields=["signals"])
        add("signal stream of too many messages", "signals.ImportSignals",
            [ssp.ImportSignalsRequest(signals=[good_signal]) for _ in range(10001)],
            fields=["requests"])
        add("list signals bad parent", "signals.ListSignals",
            ssp.ListSignalsRequest(parent="x"), fields=["parent"])
        # --- Assessments.
        add("assess bad supplier", "assessments.AssessSupplier",
            asp.AssessSupplierRequest(supplier="x"), fields=["supplier"])
        add("assess bad engagement", "assessments.AssessSupplier",
            asp.AssessSupplierRequest(supplier="suppliers/existing", engagement="x"),
            fields=["engagement"])
        add("assess bad request id", "assessments.AssessSupplier",
            asp.AssessSupplierRequest(supplier="suppliers/existing", request_id="1"),
            fields=["request_id"])
        future_as_of = timestamp(datetime.datetime.now(datetime.timezone.utc) +
                                 datetime.timedelta(hours=1))
        add("assess as_of future", "assessments.AssessSupplier",
            asp.AssessSupplierRequest(supplier="suppliers/existing", as_of=future_as_of),
            fields=["as_of"])
        add("evaluate as_of future", "engagements.EvaluateEngagement",
            esp.EvaluateEngagementRequest(engagement=engagement("suppliers/existing"),
                                          as_of=future_as_of), fields=["as_of"])
        add("assess unknown", "assessments.AssessSupplier",
            asp.AssessSupplierRequest(supplier="suppliers/nope"), code=grpc.StatusCode.NOT_FOUND)
        # suppliers/existing has only an unsubmitted response: nothing to score, nothing stored.
        add("assess without a submitted response", "assessments.AssessSupplier",
            asp.AssessSupplierRequest(supplier="suppliers/existing"),
            code=grpc.StatusCode.FAILED_PRECONDITION)
        add("evaluate without a submitted response", "engagements.EvaluateEngagement",
            esp.EvaluateEngagementRequest(name=self.engagement.name),
            code=grpc.StatusCode.FAILED_PRECONDITION)
        add("explain no layer", "assessments.ExplainCell", asp.ExplainCellRequest(
            assessment=self.assessment.name, component=1), fields=["layer"])
        add("explain component 99", "assessments.ExplainCell", asp.ExplainCellRequest(
            assessment=self.assessment.name, layer=1, component=99), fields=["component"])
        add("explain bad name", "assessments.ExplainCell", asp.ExplainCellRequest(
            assessment="assessments/x", layer=1, component=1), fields=["assessment"])
        add("list assessments page size", "assessments.ListAssessments",
            asp.ListAssessmentsRequest(parent="suppliers/existing", page_size=-5),
            fields=["page_size"])
        # --- Templates.
        add("get template no id", "templates.GetTemplate", tsp.GetTemplateRequest(),
            fields=["template_id"])
        add("get template -1", "templates.GetTemplate",
            tsp.GetTemplateRequest(template_id="cpsf-supplier", revision=-1), fields=["revision"])
        for label, template_id in [("slash", "a/b"), ("dots", ".."), ("too long", "t" * 64),
                                   ("upper case", "Cpsf-Supplier")]:
            add("get template id " + label, "templates.GetTemplate",
                tsp.GetTemplateRequest(template_id=template_id), fields=["template_id"])
        add("template revisions id", "templates.ListTemplateRevisions",
            tsp.ListTemplateRevisionsRequest(template_id="x" * 5000), fields=["template_id"])
        add("publish id", "templates.PublishTemplateRevision",
            tsp.PublishTemplateRevisionRequest(template_id="a/b", revision=1),
            fields=["template_id"])
        add("response template id", "responses.CreateResponse",
            rsp.CreateResponseRequest(parent="suppliers/existing", template_id="a/b"),
            fields=["template_id"])
        add("create template none", "templates.CreateTemplateRevision",
            tsp.CreateTemplateRevisionRequest(), fields=["template"])
        builtin = template_pb2.Template()
        builtin.CopyFrom(t)
        add("create template builtin id", "templates.CreateTemplateRevision",
            tsp.CreateTemplateRevisionRequest(template=builtin), fields=["template.id"])
        broken = template_pb2.Template()
        broken.CopyFrom(t)
        broken.id = "tenant-broken"
        broken.sections[0].questions[0].measures.add(measure_id="CPS.XX-99")
        broken.sections[0].questions[1].weight = -1
        add("create template invalid", "templates.CreateTemplateRevision",
            tsp.CreateTemplateRevisionRequest(template=broken), fields=["template.sections[0]"])
        add("publish revision 0", "templates.PublishTemplateRevision",
            tsp.PublishTemplateRevisionRequest(template_id="x"), fields=["revision"])
        add("publish builtin", "templates.PublishTemplateRevision",
            tsp.PublishTemplateRevisionRequest(template_id="cpsf-supplier", revision=1),
            code=grpc.StatusCode.FAILED_PRECONDITION)
        # --- Chains: relationships and the views over them.
        def relationship(**fields):
            r = rel.Relationship(from_supplier="suppliers/existing", to_supplier="suppliers/sub",
                                 access=cm.ACCESS_LEVEL_NONE,
                                 source=rel.RELATIONSHIP_SOURCE_DECLARED)
            for key, value in fields.items():
                if key in ("data_classes", "services", "dependency_classes"):
                    getattr(r, key).extend(value)
                elif isinstance(value, timestamp_type):
                    getattr(r, key).CopyFrom(value)
                else:
                    setattr(r, key, value)
            return chs.CreateRelationshipRequest(relationship=r)

        timestamp_type = type(timestamp(datetime.datetime(2026, 1, 1)))
        future = timestamp(datetime.datetime.now(datetime.timezone.utc)
                           + datetime.timedelta(days=3))
        for label, fields, field in [
                ("to itself", {"to_supplier": "suppliers/existing"}, "relationship.to_supplier"),
                ("no subcontractor", {"to_supplier": ""}, "relationship.to_supplier"),
                ("absent subcontractor", {"to_supplier": "suppliers/nope"},
                 "relationship.to_supplier"),
                ("absent contractor", {"from_supplier": "suppliers/nope"},
                 "relationship.from_supplier"),
                ("contractor not a supplier", {"from_supplier": "engagements/x"},
                 "relationship.from_supplier"),
                ("both supplier and party", {"party_name": "Other KK"},
                 "relationship.party_name"),
                ("questionnaire source", {"source": rel.RELATIONSHIP_SOURCE_QUESTIONNAIRE},
                 "relationship.source"),
                ("no source", {"source": 0}, "relationship.source"),
                ("unknown source", {"source": 9}, "relationship.source"),
                ("source response", {"source_response": "suppliers/existing/responses/r"},
                 "relationship.source_response"),
                ("confidence above 1", {"confidence": 1.5}, "relationship.confidence"),
                ("confidence NaN", {"confidence": math.nan}, "relationship.confidence"),
                ("no access", {"access": 0}, "relationship.access"),
                ("unknown access", {"access": 77}, "relationship.access"),
                ("unknown data class", {"data_classes": [99]}, "relationship.data_classes[0]"),
                ("data class twice", {"data_classes": [cm.DATA_CLASS_PERSONAL] * 2},
                 "relationship.data_classes[1]"),
                ("blank service", {"services": [" "]}, "relationship.services[0]"),
                ("service twice", {"services": ["a", "a"]}, "relationship.services[1]"),
                ("51 services", {"services": ["s%d" % i for i in range(51)]},
                 "relationship.services"),
                ("long service", {"services": ["x" * 101]}, "relationship.services[0]"),
                ("unknown dependency class", {"dependency_classes": [42]},
                 "relationship.dependency_classes[0]"),
                ("ends before it starts", {"start_time": timestamp(datetime.datetime(2026, 5, 1)),
                                           "end_time": timestamp(datetime.datetime(2026, 4, 1))},
                 "relationship.end_time"),
                ("evidence from the future", {"last_evidence_time": future},
                 "relationship.last_evidence_time"),
                ("party of punctuation", {"to_supplier": "", "party_name": "・、"},
                 "relationship.party_name"),
                ("party bidi override", {"to_supplier": "", "party_name": "A\u202eB KK"},
                 "relationship.party_name"),
                ("party corporate number", {"to_supplier": "", "party_name": "Other KK",
                                            "party_corporate_number": "1234"},
                 "relationship.party_corporate_number")]:
            add("relationship " + label, "chains.CreateRelationship", relationship(**fields),
                fields=[field])
        add("relationship bad id", "chains.CreateRelationship",
            chs.CreateRelationshipRequest(relationship=relationship().relationship,
                                          relationship_id="Bad/Id"), fields=["relationship_id"])
        add("relationship bad request id", "chains.CreateRelationship",
            chs.CreateRelationshipRequest(relationship=relationship().relationship,
                                          request_id="not-a-uuid"), fields=["request_id"])
        add("relationship taken id", "chains.CreateRelationship",
            chs.CreateRelationshipRequest(relationship=relationship().relationship,
                                          relationship_id="existing-to-sub"),
            code=grpc.StatusCode.ALREADY_EXISTS)
        add("get relationship bad name", "chains.GetRelationship",
            chs.GetRelationshipRequest(name="suppliers/existing"), fields=["name"])
        add("get relationship absent", "chains.GetRelationship",
            chs.GetRelationshipRequest(name="relationships/nope"), code=grpc.StatusCode.NOT_FOUND)
        add("list relationships direction", "chains.ListRelationships",
            chs.ListRelationshipsRequest(parent="suppliers/existing", direction=5),
            fields=["direction"])
        add("list relationships page size", "chains.ListRelationships",
            chs.ListRelationshipsRequest(parent="suppliers/existing", page_size=-1),
            fields=["page_size"])
        add("list relationships token", "chains.ListRelationships",
            chs.ListRelationshipsRequest(parent="suppliers/existing", page_token="zz"),
            fields=["page_token"])
        add("list relationships absent", "chains.ListRelationships",
            chs.ListRelationshipsRequest(parent="suppliers/nope"), code=grpc.StatusCode.NOT_FOUND)
        mask = field_mask_pb2.FieldMask(paths=["verified"])
        change = rel.Relationship(name=self.relationship.name, verified=True)
        add("update no mask", "chains.UpdateRelationship",
            chs.UpdateRelationshipRequest(relationship=change), fields=["update_mask"])
        add("update from_supplier", "chains.UpdateRelationship",
            chs.UpdateRelationshipRequest(relationship=change, update_mask=field_mask_pb2.FieldMask(
                paths=["from_supplier"])), fields=["update_mask.paths[0]"])
        add("update stale etag", "chains.UpdateRelationship",
            chs.UpdateRelationshipRequest(
                relationship=rel.Relationship(name=self.relationship.name, etag="stale",
                                              verified=True), update_mask=mask),
            code=grpc.StatusCode.ABORTED)
        bad_confidence = rel.Relationship(name=self.relationship.name, confidence=7)
        add("update to a bad confidence", "chains.UpdateRelationship",
            chs.UpdateRelationshipRequest(relationship=bad_confidence,
                                          update_mask=field_mask_pb2.FieldMask(
                                              paths=["confidence"])),
            fields=["relationship.confidence"])
        add("delete stale etag", "chains.DeleteRelationship",
            chs.DeleteRelationshipRequest(name=self.relationship.name, etag="stale"),
            code=grpc.StatusCode.ABORTED)
        add("delete bad name", "chains.DeleteRelationship",
            chs.DeleteRelationshipRequest(name="relationships/"), fields=["name"])
        add("chain depth 11", "chains.GetChain",
            chs.GetChainRequest(supplier="suppliers/existing", depth=11), fields=["depth"])
        add("chain depth -1", "chains.GetChain",
            chs.GetChainRequest(supplier="suppliers/existing", depth=-1), fields=["depth"])
        add("chain future as_of", "chains.GetChain",
            chs.GetChainRequest(supplier="suppliers/existing", as_of=future), fields=["as_of"])
        add("chain absent supplier", "chains.GetChain",
            chs.GetChainRequest(supplier="suppliers/nope"), code=grpc.StatusCode.NOT_FOUND)
        add("effective risk no target", "chains.GetEffectiveRisk",
            chs.GetEffectiveRiskRequest(), fields=["target"])
        add("effective risk bad engagement", "chains.GetEffectiveRisk",
            chs.GetEffectiveRiskRequest(engagement="suppliers/x"), fields=["engagement"])
        bad_inline = engagement("suppliers/existing")
        bad_inline.access = 0
        add("effective risk inline no access", "chains.GetEffectiveRisk",
            chs.GetEffectiveRiskRequest(inline_engagement=bad_inline),
            fields=["inline_engagement.access"])
        add("concentrations class", "chains.ListConcentrations",
            chs.ListConcentrationsRequest(dependency_class=99), fields=["dependency_class"])
        add("concentrations max parties", "chains.ListConcentrations",
            chs.ListConcentrationsRequest(max_parties=1001), fields=["max_parties"])
        add("impact no target", "chains.AnalyzeImpact", chs.AnalyzeImpactRequest(),
            fields=["target"])
        add("impact party of blanks", "chains.AnalyzeImpact",
            chs.AnalyzeImpactRequest(party_name="　"), fields=["party_name"])
        add("impact max results", "chains.AnalyzeImpact",
            chs.AnalyzeImpactRequest(supplier="suppliers/existing", max_results=-1),
            fields=["max_results"])
        # --- Audit.
        add("audit page size", "audit.ListAuditEntries",
            aup.ListAuditEntriesRequest(page_size=-1), fields=["page_size"])
        add("audit token", "audit.ListAuditEntries",
            aup.ListAuditEntriesRequest(page_token="abc"), fields=["page_token"])
        return out

    def details_of(self, code, fn, request):
        with self.assertRaises(grpc.RpcError) as raised:
            fn(request, timeout=10)
        self.assertEqual(raised.exception.code(), code, raised.exception.details())
        return raised.exception, supplyrisk_client.error_details(raised.exception)

    def test_absent_supplier_is_told_from_absent_assessment(self):
        """Runs before test_malformed_requests_change_nothing, whose store digest covers it."""
        c = self.daemon.client("acme", "admin")
        NF = grpc.StatusCode.NOT_FOUND
        a = c.assessments
        cases = [
            (a.GetLatestAssessment, asp.GetLatestAssessmentRequest(supplier="suppliers/nope"),
             "supplier", "suppliers/nope"),
            (a.GetLatestAssessment, asp.GetLatestAssessmentRequest(supplier="suppliers/unassessed"),
             "assessment", "suppliers/unassessed/assessments/-"),
            (a.ListAssessments, asp.ListAssessmentsRequest(parent="suppliers/nope"),
             "supplier", "suppliers/nope"),
            (a.ExplainCell, asp.ExplainCellRequest(assessment="suppliers/nope/assessments/x",
                                                   layer=1, component=1),
             "supplier", "suppliers/nope"),
            (a.ExplainCell, asp.ExplainCellRequest(assessment="suppliers/existing/assessments/x",
                                                   layer=1, component=1),
             "assessment", "suppliers/existing/assessments/x"),
            (a.ReplayAssessment, asp.ReplayAssessmentRequest(
                assessment="suppliers/nope/assessments/x"), "supplier", "suppliers/nope"),
            (a.ReplayAssessment, asp.ReplayAssessmentRequest(
                assessment="suppliers/existing/assessments/x"),
             "assessment", "suppliers/existing/assessments/x"),
        ]
        for fn, request, resource_type, name in cases:
            with self.subTest(request=str(request)):
                _, status = self.details_of(NF, fn, request)
                info = error_details_pb2.ResourceInfo()
                self.assertTrue(status.details[0].Unpack(info))
                self.assertEqual((info.resource_type, info.resource_name), (resource_type, name))
        # A watch of an absent supplier is refused at once, not left open and silent.
        started = time.monotonic()
        with self.assertRaises(grpc.RpcError) as raised:
            next(iter(a.WatchAssessments(asp.WatchAssessmentsRequest(supplier="suppliers/nope"),
                                         timeout=20)))
        self.assertEqual(raised.exception.code(), NF, raised.exception.details())
        self.assertLess(time.monotonic() - started, 10)
        info = error_details_pb2.ResourceInfo()
        self.assertTrue(supplyrisk_client.error_details(raised.exception).details[0].Unpack(info))
        self.assertEqual(info.resource_type, "supplier")
        for fn, request in [
                (a.AssessSupplier, asp.AssessSupplierRequest(supplier="suppliers/existing")),
                (c.engagements.EvaluateEngagement,
                 esp.EvaluateEngagementRequest(name=self.engagement.name))]:
            error, status = self.details_of(grpc.StatusCode.FAILED_PRECONDITION, fn, request)
            failure = error_details_pb2.PreconditionFailure()
            self.assertTrue(status.details[0].Unpack(failure))
            v = failure.violations[0]
            self.assertEqual((v.type, v.subject), ("RESPONSE", "suppliers/existing"))
            self.assertIn("no submitted response to score; submit one first", v.description)
            self.assertNotIn("etag", error.details())
        c.close()

    def test_invalid_utf8_is_the_clients_fault_and_stores_nothing(self):
        """Runs before test_malformed_requests_change_nothing, whose store digest covers it."""
        token = self.daemon.tokens[("acme", "admin")]
        metadata = (("authorization", "Bearer " + token),)
        channel = self.daemon.raw_channel()
        # CreateSupplierRequest{supplier{industry: b"\xff"}}, which no proto3 parser accepts.
        create = channel.unary_unary("/supplyrisk.v1.SupplierService/CreateSupplier")
        with self.assertRaises(grpc.RpcError) as raised:
            create(b"\x0a\x03\x3a\x01\xff", metadata=metadata, timeout=10)
        self.assertEqual(raised.exception.code(), IA, raised.exception.details())
        self.assertIn("industry", raised.exception.details())
        self.assertEqual([f for f, _ in supplyrisk_client.field_violations(raised.exception)],
                         ["industry"])

        # A stream whose second message does not parse stores nothing of the first.
        good = ssp.ImportSignalsRequest(signals=[signal(
            "suppliers/existing", cm.FACTOR_DNS_HEALTH, "spf_missing", cm.SEVERITY_LOW,
            "ZZZZ.example.jp")])
        bad = good.SerializeToString().replace(b"ZZZZ", b"\xff\xfe\xff\xfe")
        import_signals = channel.stream_unary("/supplyrisk.v1.SignalService/ImportSignals")
        with self.assertRaises(grpc.RpcError) as raised:
            import_signals(iter([good.SerializeToString(), bad]), metadata=metadata, timeout=10)
        self.assertEqual(raised.exception.code(), IA, raised.exception.details())
        self.assertEqual([f for f, _ in supplyrisk_client.field_violations(raised.exception)],
                         ["asset"])
        channel.close()
        with self.daemon.client("acme", "admin") as c:
            listed = c.signals.ListSignals(ssp.ListSignalsRequest(parent="suppliers/existing"))
            self.assertEqual(len(listed.signals), 0)

        # Every log line is JSON, the refused unary call has its call line, and protobuf's own
        # complaint is a JSON event rather than a raw line.
        records = []
        for line in self.daemon.lines:
            records.append(json.loads(line))
        calls = [r for r in records if r.get("method") == "SupplierService/CreateSupplier"
                 and r.get("code") == "INVALID_ARGUMENT"]
        self.assertTrue(calls, self.daemon.lines[-5:])
        self.assertTrue(any(r.get("event") == "protobuf_log" and "UTF-8" in r.get("message", "")
                            for r in records))

    def test_malformed_requests_change_nothing(self):
        client = self.daemon.client("acme", "admin")
        cases = self.cases()
        self.assertGreaterEqual(len(cases), 100)
        for label, method, request, code, fields in cases:
            with self.subTest(label):
                stub_name, rpc = method.split(".")
                fn = getattr(getattr(client, stub_name), rpc)
                with self.assertRaises(grpc.RpcError) as raised:
                    fn(iter(request) if isinstance(request, list) else request, timeout=10)
                error = raised.exception
                self.assertEqual(error.code(), code, "%s: %s" % (label, error.details()))
                if code == IA:
                    got = [f for f, _ in supplyrisk_client.field_violations(error)]
                    self.assertTrue(got, "no field violations")
                    for field in fields:
                        self.assertTrue(any(g.startswith(field) for g in got),
                                        "%s not in %s" % (field, got))
        client.close()
        self.daemon.stop()
        self.assertEqual(store_digest(DIGEST_TOOL, self.daemon.data_dir), self.digest_before)
        print("bad-input: %d malformed requests, store digest unchanged" % len(cases))


if __name__ == "__main__":
    unittest.main()
