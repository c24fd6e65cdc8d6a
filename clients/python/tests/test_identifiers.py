"""Suppliers found and kept unique by their identifiers, as an integrator uses them: a corporate
number or LEI belongs to one supplier of a tenant (ALREADY_EXISTS names the holder, also inside a
batch and for an update), LookupSuppliers finds suppliers by corporate number, LEI, domain or
company name, and UpdateSupplier with allow_missing is an upsert."""

import unittest

import grpc
from google.protobuf import field_mask_pb2
from google.rpc import error_details_pb2

import supplyrisk_client
from fixtures import LEIS, fresh_corporate_number, supplier
from harness import Daemon
from supplyrisk.v1 import supplier_service_pb2 as sup

BINARY = None  # set by run_tests.py


class IdentifiersTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(BINARY).start()
        cls.admin = cls.daemon.client("acme", "admin")
        cls.number = fresh_corporate_number()
        cls.holder = cls.admin.suppliers.CreateSupplier(sup.CreateSupplierRequest(
            supplier=supplier(name_ja="株式会社東海データ", name_en="Tokai Data Co., Ltd.",
                              corporate_number=cls.number, lei=LEIS[0],
                              domains=["tokai-data.example", "mail.tokai-data.example"]),
            supplier_id="tokai"))

    @classmethod
    def tearDownClass(cls):
        cls.admin.close()
        code = cls.daemon.stop()
        cls.daemon.cleanup()
        assert code == 0, "supplyriskd exited with %s" % code

    def assert_held(self, fn, request, field):
        with self.assertRaises(grpc.RpcError) as raised:
            fn(request, timeout=10)
        error = raised.exception
        self.assertEqual(error.code(), grpc.StatusCode.ALREADY_EXISTS, error.details())
        self.assertIn(field, error.details())
        info = error_details_pb2.ResourceInfo()
        self.assertTrue(supplyrisk_client.error_details(error).details[0].Unpack(info))
        self.assertEqual((info.resource_type, info.resource_name), ("supplier", "suppliers/tokai"))

    def names(self, **identifier):
        found = self.admin.suppliers.LookupSuppliers(sup.LookupSuppliersRequest(**identifier))
        return [s.name for s in found.suppliers]

    def test_a_held_identifier_is_refused_with_its_holder(self):
        s = self.admin.suppliers
        self.assert_held(s.CreateSupplier, sup.CreateSupplierRequest(
            supplier=supplier(corporate_number=self.number)), "supplier.corporate_number")
        self.assert_held(s.CreateSupplier, sup.CreateSupplierRequest(
            supplier=supplier(lei=LEIS[0])), "supplier.lei")
        # In a batch the item is named, and nothing of the batch is stored.
        self.assert_held(s.BatchCreateSuppliers, sup.BatchCreateSuppliersRequest(requests=[
            sup.CreateSupplierRequest(supplier=supplier(), supplier_id="batch-ok"),
            sup.CreateSupplierRequest(supplier=supplier(corporate_number=self.number),
                                      supplier_id="batch-copy")]),
            "requests[1].supplier.corporate_number")
        for sid in ("batch-ok", "batch-copy"):
            with self.assertRaises(grpc.RpcError) as raised:
                s.GetSupplier(sup.GetSupplierRequest(name="suppliers/" + sid))
            self.assertEqual(raised.exception.code(), grpc.StatusCode.NOT_FOUND)
        # An update may not take it either.
        other = s.CreateSupplier(sup.CreateSupplierRequest(supplier=supplier(), supplier_id="other"))
        taking = sup.UpdateSupplierRequest(
            supplier=supplier(corporate_number=self.number),
            update_mask=field_mask_pb2.FieldMask(paths=["corporate_number"]))
        taking.supplier.name = other.name
        self.assert_held(s.UpdateSupplier, taking, "supplier.corporate_number")
        # Another tenant has its own numbering.
        with self.daemon.client("globex", "admin") as globex:
            globex.suppliers.CreateSupplier(sup.CreateSupplierRequest(
                supplier=supplier(corporate_number=self.number, lei=LEIS[0])))

    def test_lookup_finds_by_each_identifier(self):
        self.assertEqual(self.names(corporate_number=self.number), ["suppliers/tokai"])
        self.assertEqual(self.names(lei=LEIS[0]), ["suppliers/tokai"])
        # Domains are compared as stored: lower case, no trailing dot.
        self.assertEqual(self.names(domain="MAIL.Tokai-Data.example."), ["suppliers/tokai"])
        self.assertEqual(self.names(domain="data.example"), [])
        # Names by their company-name key: legal forms, widths and case aside.
        self.assertEqual(self.names(company_name="東海データ（株）"), ["suppliers/tokai"])
        self.assertEqual(self.names(company_name="TOKAI DATA"), ["suppliers/tokai"])
        self.assertEqual(self.names(lei=LEIS[1]), [])
        # Another tenant finds nothing of this one.
        with self.daemon.client("globex", "admin") as globex:
            found = globex.suppliers.LookupSuppliers(
                sup.LookupSuppliersRequest(domain="tokai-data.example"))
            self.assertEqual(list(found.suppliers), [])

    def test_lookup_pages_through_a_shared_domain(self):
        s = self.admin.suppliers
        for i in range(3):
            s.CreateSupplier(sup.CreateSupplierRequest(
                supplier=supplier(domains=["group-shared.example"]), supplier_id="group-%d" % i))
        seen, token = [], ""
        while True:
            page = s.LookupSuppliers(sup.LookupSuppliersRequest(
                domain="group-shared.example", page_size=2, page_token=token))
            seen += [x.name for x in page.suppliers]
            token = page.next_page_token
            if not token:
                break
        self.assertEqual(seen, ["suppliers/group-0", "suppliers/group-1", "suppliers/group-2"])
        # The token belongs to its query.
        page = s.LookupSuppliers(sup.LookupSuppliersRequest(
            domain="group-shared.example", page_size=1))
        with self.assertRaises(grpc.RpcError) as raised:
            s.LookupSuppliers(sup.LookupSuppliersRequest(
                domain="tokai-data.example", page_token=page.next_page_token))
        self.assertEqual([f for f, _ in supplyrisk_client.field_violations(raised.exception)],
                         ["page_token"])

    def test_update_with_allow_missing_is_an_upsert(self):
        s = self.admin.suppliers
        number = fresh_corporate_number()

        def upsert(industry):
            request = sup.UpdateSupplierRequest(
                supplier=supplier(name_en="Upsert KK", corporate_number=number, industry=industry),
                update_mask=field_mask_pb2.FieldMask(paths=["industry"]), allow_missing=True)
            request.supplier.name = "suppliers/upserted"
            return s.UpdateSupplier(request)

        created = upsert("logistics")
        self.assertEqual((created.name, created.industry, created.corporate_number),
                         ("suppliers/upserted", "logistics", number))
        updated = upsert("retail")
        self.assertEqual(updated.industry, "retail")
        self.assertNotEqual(updated.etag, created.etag)
        self.assertEqual(self.names(corporate_number=number), ["suppliers/upserted"])
        # Without allow_missing an absent supplier stays absent.
        request = sup.UpdateSupplierRequest(
            supplier=supplier(), update_mask=field_mask_pb2.FieldMask(paths=["industry"]))
        request.supplier.name = "suppliers/never-made"
        with self.assertRaises(grpc.RpcError) as raised:
            s.UpdateSupplier(request)
        self.assertEqual(raised.exception.code(), grpc.StatusCode.NOT_FOUND)
        # An upsert that would take another supplier's number is refused, and creates nothing.
        taking = sup.UpdateSupplierRequest(
            supplier=supplier(corporate_number=self.number),
            update_mask=field_mask_pb2.FieldMask(paths=["industry"]), allow_missing=True)
        taking.supplier.name = "suppliers/upsert-copy"
        self.assert_held(s.UpdateSupplier, taking, "supplier.corporate_number")
        self.assertEqual(self.names(corporate_number=self.number), ["suppliers/tokai"])


if __name__ == "__main__":
    unittest.main()
