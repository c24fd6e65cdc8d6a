"""ChainService through the API: relationships (create, get, list both ways, update and delete
with etags, request ids), who may see and write them, and the chain views (GetChain,
GetEffectiveRisk, ListConcentrations, AnalyzeImpact) over what is in force."""

import datetime
import subprocess
import unittest

import grpc
from google.protobuf import json_format

from fixtures import CORPORATE_NUMBERS, answers_for, engagement, supplier, timestamp
from harness import OWN_SUPPLIER, Daemon, cli_path, private_token_file
from supplyrisk_client import field_violations, new_request_id
from supplyrisk.v1 import (
    assessment_service_pb2,
    chain_pb2,
    chain_service_pb2,
    common_pb2,
    engagement_pb2,
    engagement_service_pb2,
    relationship_pb2,
    response_service_pb2,
    supplier_service_pb2,
    template_service_pb2,
)

BINARY = None  # set by run_tests.py
R = relationship_pb2
C = chain_service_pb2


def relationship(from_name, to_name=None, party=None, data=(common_pb2.DATA_CLASS_PERSONAL,),
                 access=common_pb2.ACCESS_LEVEL_NONE, source=R.RELATIONSHIP_SOURCE_DECLARED,
                 classes=(), **kw):
    r = R.Relationship(from_supplier=from_name, access=access, source=source, **kw)
    if to_name:
        r.to_supplier = to_name
    if party:
        r.party_name = party
    r.data_classes.extend(data)
    r.dependency_classes.extend(classes)
    return r


class ChainApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(BINARY).start()
        cls.clients = {role: cls.daemon.client("acme", role)
                       for role in ("admin", "procurement", "auditor", "supplier", "scanner")}
        cls.admin = cls.clients["admin"]
        cls.procurement = cls.clients["procurement"]
        cls.globex = cls.daemon.client("globex", "procurement")

    @classmethod
    def tearDownClass(cls):
        for c in list(cls.clients.values()) + [cls.globex]:
            c.close()
        code = cls.daemon.stop()
        cls.daemon.cleanup()
        assert code == 0, "supplyriskd exited with %s" % code

    def make_supplier(self, supplier_id, name_en, client=None, number=None):
        client = client or self.procurement
        return client.suppliers.CreateSupplier(supplier_service_pb2.CreateSupplierRequest(
            supplier=supplier(name_en=name_en, name_ja=name_en, corporate_number=number),
            supplier_id=supplier_id)).name

    def create(self, r, client=None, **kw):
        client = client or self.procurement
        return client.chains.CreateRelationship(C.CreateRelationshipRequest(relationship=r, **kw))

    def refused(self, call, code=grpc.StatusCode.INVALID_ARGUMENT):
        with self.assertRaises(grpc.RpcError) as caught:
            call()
        self.assertEqual(caught.exception.code(), code, caught.exception.details())
        return caught.exception

    def assess_badly(self, supplier_name):
        """Submits the worst answers and assesses: a failing supplier."""
        tmpl = self.procurement.templates.GetTemplate(
            template_service_pb2.GetTemplateRequest(template_id="cpsf-supplier"))
        answers = [a for a in answers_for(tmpl, good=False) if not a.HasField("subcontractors")]
        response = self.procurement.responses.CreateResponse(
            response_service_pb2.CreateResponseRequest(parent=supplier_name,
                                                       template_id="cpsf-supplier"))
        response = self.admin.responses.SaveAnswers(response_service_pb2.SaveAnswersRequest(
            name=response.name, answers=answers, etag=response.etag))
        self.admin.responses.SubmitResponse(
            response_service_pb2.SubmitResponseRequest(name=response.name, etag=response.etag))
        return self.procurement.assessments.AssessSupplier(
            assessment_service_pb2.AssessSupplierRequest(supplier=supplier_name), timeout=20)

    def test_relationship_lifecycle_with_etags_and_request_ids(self):
        a = self.make_supplier("life-a", "Life A KK")
        b = self.make_supplier("life-b", "Life B KK")
        request_id = new_request_id()
        created = self.create(relationship(a, b, services=["hosting"]), relationship_id="a-to-b",
                              request_id=request_id)
        self.assertEqual(created.name, "relationships/a-to-b")
        self.assertTrue(created.etag)
        # A retry under the same request id answers the first result; another body is refused.
        again = self.create(relationship(a, b, services=["hosting"]), relationship_id="a-to-b",
                            request_id=request_id)
        self.assertEqual(again, created)
        self.refused(lambda: self.create(relationship(a, b, services=["backup"]),
                                         relationship_id="a-to-b", request_id=request_id),
                     grpc.StatusCode.FAILED_PRECONDITION)
        self.refused(lambda: self.create(relationship(a, b), relationship_id="a-to-b"),
                     grpc.StatusCode.ALREADY_EXISTS)

        got = self.clients["auditor"].chains.GetRelationship(C.GetRelationshipRequest(
            name=created.name))
        self.assertEqual(got, created)
        down = self.procurement.chains.ListRelationships(C.ListRelationshipsRequest(parent=a))
        self.assertEqual([r.name for r in down.relationships], [created.name])
        up = self.procurement.chains.ListRelationships(C.ListRelationshipsRequest(
            parent=b, direction=C.ListRelationshipsRequest.CONTRACTORS))
        self.assertEqual([r.name for r in up.relationships], [created.name])
        self.assertEqual(list(self.procurement.chains.ListRelationships(
            C.ListRelationshipsRequest(parent=b)).relationships), [])

        change = R.Relationship(name=created.name, etag=created.etag, verified=True)
        change.services.append("backup")
        mask = {"paths": ["services", "verified"]}
        updated = self.procurement.chains.UpdateRelationship(
            C.UpdateRelationshipRequest(relationship=change, update_mask=mask))
        self.assertEqual(list(updated.services), ["backup"])
        self.assertTrue(updated.verified)
        self.assertEqual(updated.from_supplier, a)
        self.assertNotEqual(updated.etag, created.etag)
        # The old etag is stale now.
        self.refused(lambda: self.procurement.chains.UpdateRelationship(
            C.UpdateRelationshipRequest(relationship=change, update_mask=mask)),
            grpc.StatusCode.ABORTED)
        moved = R.Relationship(name=created.name, to_supplier=a)
        error = self.refused(lambda: self.procurement.chains.UpdateRelationship(
            C.UpdateRelationshipRequest(relationship=moved,
                                        update_mask={"paths": ["to_supplier"]})))
        self.assertEqual([f for f, _ in field_violations(error)], ["update_mask.paths[0]"])
        self.refused(lambda: self.procurement.chains.DeleteRelationship(
            C.DeleteRelationshipRequest(name=created.name, etag=created.etag)),
            grpc.StatusCode.ABORTED)
        self.procurement.chains.DeleteRelationship(
            C.DeleteRelationshipRequest(name=created.name, etag=updated.etag))
        self.refused(lambda: self.procurement.chains.GetRelationship(
            C.GetRelationshipRequest(name=created.name)), grpc.StatusCode.NOT_FOUND)

    def test_bad_relationships_are_refused_naming_the_field_and_change_nothing(self):
        a = self.make_supplier("bad-a", "Bad A KK")
        b = self.make_supplier("bad-b", "Bad B KK")
        cases = [
            ("to itself", relationship(a, a), "relationship.to_supplier"),
            ("no such subcontractor", relationship(a, "suppliers/nobody"),
             "relationship.to_supplier"),
            ("no such contractor", relationship("suppliers/nobody", b),
             "relationship.from_supplier"),
            ("nobody receives", relationship(a), "relationship.to_supplier"),
            ("claims to be an answer", relationship(a, b, source=R.RELATIONSHIP_SOURCE_QUESTIONNAIRE),
             "relationship.source"),
            ("no source", relationship(a, b, source=R.RELATIONSHIP_SOURCE_UNSPECIFIED),
             "relationship.source"),
            ("confidence 2", relationship(a, b, confidence=2), "relationship.confidence"),
            ("access unset", relationship(a, b, access=common_pb2.ACCESS_LEVEL_UNSPECIFIED),
             "relationship.access"),
            ("ends before it starts", relationship(
                a, b, start_time=timestamp(datetime.datetime(2026, 5, 1)),
                end_time=timestamp(datetime.datetime(2026, 4, 1))), "relationship.end_time"),
            ("evidence from the future", relationship(
                a, b, last_evidence_time=timestamp(
                    datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=2))),
             "relationship.last_evidence_time"),
            ("a party of punctuation", relationship(a, party="・、"), "relationship.party_name"),
        ]
        for what, r, field in cases:
            with self.subTest(what):
                error = self.refused(lambda: self.create(r))
                self.assertIn(field, [f for f, _ in field_violations(error)])
        self.assertEqual(list(self.procurement.chains.ListRelationships(
            C.ListRelationshipsRequest(parent=a)).relationships), [])
        error = self.refused(lambda: self.procurement.chains.ListRelationships(
            C.ListRelationshipsRequest(parent=a, direction=7)))
        self.assertEqual([f for f, _ in field_violations(error)], ["direction"])
        error = self.refused(lambda: self.procurement.chains.GetChain(
            C.GetChainRequest(supplier=a, depth=11)))
        self.assertEqual([f for f, _ in field_violations(error)], ["depth"])

    def test_roles_scanner_discovers_supplier_sees_its_own_subcontractors(self):
        own = self.make_supplier(OWN_SUPPLIER, "Own KK")
        other = self.make_supplier("roles-other", "Other KK")
        mine = self.create(relationship(own, other))
        theirs = self.create(relationship(other, own))
        scanner = self.clients["scanner"]
        found = self.create(relationship(other, party="Mail Provider Inc.",
                                         source=R.RELATIONSHIP_SOURCE_DISCOVERED,
                                         classes=[R.DEPENDENCY_CLASS_MAIL], confidence=0.7),
                            client=scanner)
        self.assertEqual(found.source, R.RELATIONSHIP_SOURCE_DISCOVERED)
        error = self.refused(lambda: self.create(relationship(other, own), client=scanner))
        self.assertEqual([f for f, _ in field_violations(error)], ["relationship.source"])
        self.refused(lambda: self.create(relationship(
            other, party="X Corp", source=R.RELATIONSHIP_SOURCE_DISCOVERED, verified=True),
            client=scanner))
        self.refused(lambda: scanner.chains.GetChain(C.GetChainRequest(supplier=other)),
                     grpc.StatusCode.PERMISSION_DENIED)
        # A scanner refreshes the evidence of what scanners found, and sees nothing else.
        refresh = R.Relationship(name=found.name, confidence=0.9)
        refreshed = scanner.chains.UpdateRelationship(C.UpdateRelationshipRequest(
            relationship=refresh, update_mask={"paths": ["confidence"]}))
        self.assertAlmostEqual(refreshed.confidence, 0.9)
        vouch = R.Relationship(name=found.name, verified=True)
        error = self.refused(lambda: scanner.chains.UpdateRelationship(
            C.UpdateRelationshipRequest(relationship=vouch, update_mask={"paths": ["verified"]})))
        self.assertEqual([f for f, _ in field_violations(error)], ["update_mask.paths[0]"])
        self.refused(lambda: scanner.chains.GetRelationship(C.GetRelationshipRequest(
            name=mine.name)), grpc.StatusCode.NOT_FOUND)
        self.refused(lambda: scanner.chains.UpdateRelationship(C.UpdateRelationshipRequest(
            relationship=R.Relationship(name=mine.name, confidence=0.5),
            update_mask={"paths": ["confidence"]})), grpc.StatusCode.NOT_FOUND)
        self.refused(lambda: self.clients["auditor"].chains.DeleteRelationship(
            C.DeleteRelationshipRequest(name=mine.name)), grpc.StatusCode.PERMISSION_DENIED)

        sup = self.clients["supplier"].chains
        listed = sup.ListRelationships(C.ListRelationshipsRequest(parent=own))
        self.assertEqual([r.name for r in listed.relationships], [mine.name])
        self.assertEqual(sup.GetRelationship(C.GetRelationshipRequest(name=mine.name)), mine)
        self.refused(lambda: sup.GetRelationship(C.GetRelationshipRequest(name=theirs.name)),
                     grpc.StatusCode.NOT_FOUND)
        self.refused(lambda: sup.ListRelationships(C.ListRelationshipsRequest(parent=other)),
                     grpc.StatusCode.NOT_FOUND)
        self.refused(lambda: sup.ListRelationships(C.ListRelationshipsRequest(
            parent=own, direction=C.ListRelationshipsRequest.CONTRACTORS)),
            grpc.StatusCode.PERMISSION_DENIED)
        self.refused(lambda: sup.GetChain(C.GetChainRequest(supplier=own)),
                     grpc.StatusCode.PERMISSION_DENIED)
        # Another tenant sees none of it.
        self.refused(lambda: self.globex.chains.GetRelationship(
            C.GetRelationshipRequest(name=mine.name)), grpc.StatusCode.NOT_FOUND)

    def test_chain_views_follow_what_is_in_force(self):
        prime = self.make_supplier("view-prime", "View Prime KK")
        host = self.make_supplier("view-host", "View Host KK")
        backup = self.make_supplier("view-backup", "View Backup KK")
        printer = self.make_supplier("view-print", "View Print KK")
        self.create(relationship(prime, host, data=[common_pb2.DATA_CLASS_CONFIDENTIAL]))
        self.create(relationship(host, backup, data=[common_pb2.DATA_CLASS_CONFIDENTIAL]))
        self.create(relationship(prime, printer, data=[common_pb2.DATA_CLASS_INTERNAL]))
        # Ended last year: not in force, so in no view.
        self.create(relationship(prime, party="Old Vendor KK",
                                 end_time=timestamp(datetime.datetime(2025, 1, 1))))
        failing = self.assess_badly(backup)
        self.assertLess(failing.overall_score, 50)

        graph = self.clients["auditor"].chains.GetChain(C.GetChainRequest(supplier=prime))
        depth_of = {n.supplier or n.party_name: n.depth for n in graph.nodes}
        self.assertEqual(depth_of, {prime: 0, host: 1, printer: 1, backup: 2})
        graded = {n.supplier: n for n in graph.nodes}
        self.assertTrue(graded[backup].assessed)
        self.assertEqual(graded[backup].grade, failing.grade)
        self.assertFalse(graded[host].assessed)
        one = self.procurement.chains.GetChain(C.GetChainRequest(supplier=prime, depth=1))
        self.assertNotIn(backup, [n.supplier for n in one.nodes])

        stored = self.procurement.engagements.CreateEngagement(
            engagement_service_pb2.CreateEngagementRequest(engagement=engagement(prime)))
        risk = self.procurement.chains.GetEffectiveRisk(
            C.GetEffectiveRiskRequest(engagement=stored.name))
        self.assertEqual(risk.engagement, stored.name)
        self.assertEqual(risk.worst.supplier, backup)
        self.assertEqual([h.to for h in risk.worst_path.hops], [host, backup])
        self.assertEqual([n.supplier for n in risk.unassessed], [host])
        self.assertNotIn(printer, [n.supplier for n in risk.receivers])  # internal data only
        self.assertLess(risk.confidence_factor, 1)
        # In 2020 the relationships were in force (no start), the old vendor's too, but the backup
        # provider had no assessment yet.
        then = self.procurement.chains.GetEffectiveRisk(C.GetEffectiveRiskRequest(
            engagement=stored.name, as_of=timestamp(datetime.datetime(2020, 1, 1))))
        self.assertIn(backup, [n.supplier for n in then.unassessed])
        self.assertEqual([n.party_name for n in then.unidentified], ["Old Vendor KK"])
        inline = engagement(prime)
        del inline.data_classes[:]
        inline.data_classes.append(common_pb2.DATA_CLASS_INTERNAL)
        inline.access = common_pb2.ACCESS_LEVEL_NONE
        narrow = self.procurement.chains.GetEffectiveRisk(
            C.GetEffectiveRiskRequest(inline_engagement=inline))
        self.assertEqual([n.supplier for n in narrow.receivers], [printer])
        self.assertFalse(narrow.HasField("worst") and narrow.worst.supplier == backup)

        # The CLI reads the same chain from the server: a tree a manager reads, and the facts.
        token = private_token_file(self.daemon.data_dir, self.daemon.tokens[("acme", "auditor")])
        base = [cli_path(BINARY), "chain", prime, "--server", self.daemon.address,
                "--token_file", token]
        tree = subprocess.run(base + ["--engagement", stored.name], capture_output=True,
                              timeout=30)
        self.assertEqual(tree.returncode, 0, tree.stderr)
        text = tree.stdout.decode()
        self.assertIn("View Backup KK (%s" % failing.grade, text)
        self.assertIn("worst: View Backup KK", text)
        self.assertIn("no assessment: View Host KK", text)
        as_json = subprocess.run(base + ["--engagement", stored.name, "--format", "json"],
                                 capture_output=True, timeout=30)
        self.assertEqual(as_json.returncode, 0, as_json.stderr)
        self.assertEqual(json_format.Parse(as_json.stdout, chain_pb2.EffectiveRisk()), risk)
        graph_json = subprocess.run(base + ["--format", "json"], capture_output=True, timeout=30)
        self.assertEqual(json_format.Parse(graph_json.stdout, chain_pb2.ChainGraph()), graph)
        refused = subprocess.run(base + ["--relationships", "x.jsonl"], capture_output=True,
                                 timeout=30)
        self.assertEqual(refused.returncode, 2)

        impact = self.procurement.chains.AnalyzeImpact(C.AnalyzeImpactRequest(supplier=backup))
        self.assertEqual(impact.total, 1)
        self.assertEqual(impact.engagements[0].engagement, stored.name)
        self.assertEqual(impact.engagements[0].depth, 2)
        self.assertEqual([h.to for h in impact.engagements[0].path.hops], [host, backup])
        nothing = self.procurement.chains.AnalyzeImpact(
            C.AnalyzeImpactRequest(party_name="Old Vendor KK"))
        self.assertEqual(nothing.total, 0)
        self.refused(lambda: self.procurement.chains.AnalyzeImpact(
            C.AnalyzeImpactRequest(supplier="suppliers/nobody")), grpc.StatusCode.NOT_FOUND)

    def test_concentration_flags_a_single_point_of_failure(self):
        c = self.globex
        names = [self.make_supplier("conc-%d" % i, "Conc %d KK" % i, client=c) for i in range(3)]
        for n in names:
            e = engagement(n)
            e.criticality = engagement_pb2.CRITICALITY_CRITICAL
            c.engagements.CreateEngagement(engagement_service_pb2.CreateEngagementRequest(
                engagement=e))
        for n in names[:2]:
            self.create(relationship(n, party="Big Cloud KK", classes=[R.DEPENDENCY_CLASS_CLOUD]),
                        client=c)
        self.create(relationship(names[2], party="Small Cloud KK",
                                 classes=[R.DEPENDENCY_CLASS_CLOUD]), client=c)
        out = c.chains.ListConcentrations(C.ListConcentrationsRequest())
        self.assertEqual((out.suppliers, out.critical_suppliers), (3, 3))
        self.assertEqual([k.dependency_class for k in out.classes], [R.DEPENDENCY_CLASS_CLOUD])
        cloud = out.classes[0]
        self.assertEqual(cloud.links, 3)
        self.assertAlmostEqual(cloud.hhi, (200 / 3) ** 2 + (100 / 3) ** 2, places=3)
        self.assertEqual(len(cloud.parties), 1)  # a party with one dependent is not shared
        big = cloud.parties[0]
        self.assertEqual(big.party.party_name, "Big Cloud KK")
        self.assertEqual(big.dependents, 2)
        self.assertTrue(big.single_point_of_failure)
        self.assertEqual(sorted(big.dependent_suppliers), names[:2])
        none = c.chains.ListConcentrations(
            C.ListConcentrationsRequest(dependency_class=R.DEPENDENCY_CLASS_MAIL))
        self.assertEqual(list(none.classes), [])


if __name__ == "__main__":
    unittest.main()
