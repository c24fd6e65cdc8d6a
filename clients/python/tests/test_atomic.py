"""All or nothing: batch creates and multi-supplier imports are stored whole or not at all, also
when the daemon is killed with SIGKILL while they are in flight."""

import signal
import threading
import time
import unittest

import grpc

from fixtures import signal as fixture_signal, supplier
from harness import Daemon
from supplyrisk.v1 import common_pb2, signal_service_pb2, supplier_service_pb2
from google.rpc import error_details_pb2, status_pb2

BINARY = None  # set by run_tests.py

SUPPLIERS = 12
SIGNALS_PER_SUPPLIER = 40


def bad_request(err):
    for key, value in err.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                br = error_details_pb2.BadRequest()
                if detail.Unpack(br):
                    return br
    return None


def all_suppliers(c):
    ids, token = [], ""
    while True:
        page = c.suppliers.ListSuppliers(supplier_service_pb2.ListSuppliersRequest(
            page_size=1000, page_token=token))
        ids += [s.name for s in page.suppliers]
        token = page.next_page_token
        if not token:
            return ids


def all_signals(c, name):
    out, token = [], ""
    while True:
        page = c.signals.ListSignals(signal_service_pb2.ListSignalsRequest(
            parent=name, page_size=1000, page_token=token))
        out += list(page.signals)
        token = page.next_page_token
        if not token:
            return out


def import_batches(k):
    """Import k: SIGNALS_PER_SUPPLIER signals of issue type "kill_k" for every supplier."""
    for i in range(SUPPLIERS):
        yield signal_service_pb2.ImportSignalsRequest(signals=[
            fixture_signal("suppliers/s%02d" % i, common_pb2.FACTOR_DNS_HEALTH, "kill_%d" % k,
                           common_pb2.SEVERITY_LOW, "h%d.s%02d.example.jp" % (j, i))
            for j in range(SIGNALS_PER_SUPPLIER)])


class AtomicTest(unittest.TestCase):
    def test_batch_create_with_a_taken_id_stores_nothing_and_names_every_item(self):
        d = Daemon(BINARY).start()
        try:
            with d.client() as c:
                c.suppliers.CreateSupplier(supplier_service_pb2.CreateSupplierRequest(
                    supplier=supplier(), supplier_id="taken"))
                reqs = [{"supplier": supplier(corporate_number=""), "supplier_id": "new%d" % i}
                        for i in range(3)]
                reqs.append({"supplier": supplier(corporate_number=""), "supplier_id": "taken"})
                reqs.append({"supplier": supplier(corporate_number=""), "supplier_id": "taken"})
                with self.assertRaises(grpc.RpcError) as raised:
                    c.suppliers.BatchCreateSuppliers(
                        supplier_service_pb2.BatchCreateSuppliersRequest(requests=reqs))
                self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
                br = bad_request(raised.exception)
                self.assertIsNotNone(br)
                self.assertIn("requests[4].supplier_id",
                              [v.field for v in br.field_violations])
                reqs.pop()
                with self.assertRaises(grpc.RpcError) as raised:
                    c.suppliers.BatchCreateSuppliers(
                        supplier_service_pb2.BatchCreateSuppliersRequest(requests=reqs))
                self.assertEqual(raised.exception.code(), grpc.StatusCode.ALREADY_EXISTS)
                br = bad_request(raised.exception)
                self.assertEqual([v.field for v in br.field_violations],
                                 ["requests[3].supplier_id"])
                self.assertEqual(all_suppliers(c), ["suppliers/taken"])
                reqs.pop()
                first = c.suppliers.BatchCreateSuppliers(
                    supplier_service_pb2.BatchCreateSuppliersRequest(requests=reqs,
                                                                     request_id="123e4567-e89b-42d3-a456-426614174001"))
                again = c.suppliers.BatchCreateSuppliers(
                    supplier_service_pb2.BatchCreateSuppliersRequest(requests=reqs,
                                                                     request_id="123e4567-e89b-42d3-a456-426614174001"))
                self.assertEqual([s.name for s in first.suppliers],
                                 ["suppliers/new0", "suppliers/new1", "suppliers/new2"])
                self.assertEqual(list(first.suppliers), list(again.suppliers))
        finally:
            d.cleanup()

    def test_sigkill_during_imports_and_batch_creates_leaves_no_prefix(self):
        d = Daemon(BINARY, extra_flags=["--max_streams_per_tenant=64"]).start()
        try:
            with d.client() as c:
                c.suppliers.BatchCreateSuppliers(supplier_service_pb2.BatchCreateSuppliersRequest(
                    requests=[{"supplier": supplier(corporate_number=""),
                               "supplier_id": "s%02d" % i} for i in range(SUPPLIERS)]))
            stop = threading.Event()
            done = {"imports": [], "batches": []}

            def importer(first):
                k = first
                with d.client() as c:
                    while not stop.is_set():
                        try:
                            c.signals.ImportSignals(import_batches(k), timeout=30)
                            done["imports"].append(k)
                        except grpc.RpcError:
                            return
                        k += 1000

            def creator(first):
                k = first
                with d.client() as c:
                    while not stop.is_set():
                        try:
                            c.suppliers.BatchCreateSuppliers(
                                supplier_service_pb2.BatchCreateSuppliersRequest(requests=[
                                    {"supplier": supplier(corporate_number=""),
                                     "supplier_id": "b%d-%03d" % (k, i)} for i in range(150)]),
                                timeout=30)
                            done["batches"].append(k)
                        except grpc.RpcError:
                            return
                        k += 1000

            threads = [threading.Thread(target=importer, args=(i,)) for i in range(3)]
            threads += [threading.Thread(target=creator, args=(i,)) for i in range(2)]
            for t in threads:
                t.start()
            time.sleep(2.0)
            d.stop(sig=signal.SIGKILL)
            stop.set()
            for t in threads:
                t.join(60)
            d.start()
            with d.client() as c:
                per_import = {}
                for i in range(SUPPLIERS):
                    for s in all_signals(c, "suppliers/s%02d" % i):
                        per_import.setdefault(s.issue_type, set()).add(s.supplier)
                        self.assertTrue(s.issue_type.startswith("kill_"))
                counts = {}
                for s in all_signals(c, "suppliers/s00"):
                    counts[s.issue_type] = counts.get(s.issue_type, 0) + 1
                batches = {}
                for name in all_suppliers(c):
                    if name.startswith("suppliers/b"):
                        k = name[len("suppliers/b"):].split("-")[0]
                        batches[k] = batches.get(k, 0) + 1
            # Every acknowledged write survived; nothing is stored in part.
            self.assertTrue(done["imports"] and done["batches"], done)
            for k in done["imports"]:
                self.assertIn("kill_%d" % k, per_import)
            for issue, suppliers in per_import.items():
                self.assertEqual(len(suppliers), SUPPLIERS, issue)
                self.assertEqual(counts[issue], SIGNALS_PER_SUPPLIER, issue)
            for k in done["batches"]:
                self.assertIn(str(k), batches)
            for k, n in batches.items():
                self.assertEqual(n, 150, k)
        finally:
            d.cleanup()


if __name__ == "__main__":
    unittest.main()
