"""The daemon itself: the development token, the rate limit, health, reflection, graceful
shutdown."""

import json
import os
import stat
import subprocess
import tempfile
import shutil
import threading
import time
import unittest

import grpc

import supplyrisk_client
from fixtures import signal as fixture_signal, supplier
from harness import Daemon, sha256_hex
from supplyrisk.v1 import (
    assessment_service_pb2,
    common_pb2,
    signal_service_pb2,
    supplier_service_pb2,
    template_service_pb2,
)
from google.rpc import error_details_pb2

BINARY = None


class DaemonTest(unittest.TestCase):
    def test_no_flags_writes_a_private_dev_token_and_never_logs_it(self):
        d = Daemon(BINARY, with_default_tokens=False).start()
        try:
            path = os.path.join(d.data_dir, "dev-admin.token")
            mode = stat.S_IMODE(os.stat(path).st_mode)
            self.assertEqual(mode, 0o600)
            token = open(path).read().strip()
            events = [r for r in d.log_records() if r.get("event") == "dev_token"]
            self.assertEqual(events[0]["path"], path)
            with d.client(token=token) as c:
                listed = c.templates.ListTemplates(template_service_pb2.ListTemplatesRequest())
                self.assertTrue(listed.templates)
            self.assertNotIn(token, "\n".join(d.lines))
            self.assertEqual(d.stop(), 0)
            # A restart keeps the same token.
            d.start()
            with d.client(token=token) as c:
                c.templates.ListTemplates(template_service_pb2.ListTemplatesRequest())
        finally:
            d.cleanup()

    def test_supplier_role_stays_scoped_when_combined_with_another_role(self):
        admin, mixed = "srtest_admin", "srtest_supplier_scanner"
        config = ('tokens { sha256: "%s" principal { tenant: "t" roles: ROLE_ADMIN } }\n'
                  'tokens { sha256: "%s" principal { tenant: "t" roles: ROLE_SUPPLIER '
                  'roles: ROLE_SCANNER supplier: "suppliers/own" } }\n'
                  % (sha256_hex(admin), sha256_hex(mixed)))
        d = Daemon(BINARY, auth_config_text=config).start()
        try:
            with d.client(token=admin) as c:
                for supplier_id in ("own", "other"):
                    c.suppliers.CreateSupplier(supplier_service_pb2.CreateSupplierRequest(
                        supplier=supplier(), supplier_id=supplier_id))
            with d.client(token=mixed) as c:
                c.suppliers.GetSupplier(supplier_service_pb2.GetSupplierRequest(
                    name="suppliers/own"))
                with self.assertRaises(grpc.RpcError) as raised:
                    c.suppliers.GetSupplier(supplier_service_pb2.GetSupplierRequest(
                        name="suppliers/other"))
                self.assertEqual(raised.exception.code(), grpc.StatusCode.NOT_FOUND)
        finally:
            d.stop()
            d.cleanup()

    def test_unbounded_message_size_is_refused(self):
        d = Daemon(BINARY, extra_flags=["--max_message_bytes=-1"])
        try:
            with self.assertRaises(RuntimeError):
                d.start(timeout=10)
            self.assertTrue(any(r.get("event") == "fatal" for r in d.log_records()))
        finally:
            d.cleanup()

    def test_client_sends_a_token_in_the_clear_only_to_loopback(self):
        with self.assertRaises(ValueError):
            supplyrisk_client.connect("supplyrisk.example.jp:443", token="srtest_secret")
        for target in ("127.0.0.1:1", "localhost:1", "[::1]:1"):
            supplyrisk_client.connect(target, token="srtest_secret").close()
        supplyrisk_client.connect("supplyrisk.example.jp:443", token="srtest_secret",
                                  allow_plaintext_token=True).close()

    def test_second_server_on_a_port_in_use_does_not_start(self):
        first = Daemon(BINARY).start()
        second = Daemon(BINARY, extra_flags=["--listen=" + first.address])
        try:
            with self.assertRaises(RuntimeError):
                second.start(timeout=15)
            fatal = [r for r in second.log_records() if r.get("event") == "fatal"]
            self.assertTrue(fatal, second.lines)
            # The first server still answers its own clients.
            with first.client() as c:
                c.templates.ListTemplates(template_service_pb2.ListTemplatesRequest())
        finally:
            second.cleanup()
            first.cleanup()

    def test_development_token_is_refused_beyond_loopback(self):
        for listen in ("0.0.0.0:0", "[::]:0"):
            d = Daemon(BINARY, with_default_tokens=False, extra_flags=["--listen=" + listen])
            try:
                with self.assertRaises(RuntimeError):
                    d.start(timeout=15)
                fatal = [r for r in d.log_records() if r.get("event") == "fatal"]
                self.assertTrue(fatal and "auth_config" in json.dumps(fatal[0]), d.lines)
                self.assertFalse(os.path.exists(os.path.join(d.data_dir, "dev-admin.token")))
            finally:
                d.cleanup()

    def test_help_and_version_exit_zero(self):
        for flag in ("--help", "-h"):
            done = subprocess.run([BINARY, flag], capture_output=True, text=True, timeout=30)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertIn("--listen=127.0.0.1:50051", done.stdout)
            self.assertIn("--auth_config", done.stdout)
        done = subprocess.run([BINARY, "--version"], capture_output=True, text=True, timeout=30)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertRegex(done.stdout, r"^supplyriskd engine-\d+ \(API supplyrisk\.v1\)\n$")
        done = subprocess.run([BINARY, "--no_such_flag"], capture_output=True, text=True,
                              timeout=30)
        self.assertNotEqual(done.returncode, 0)

    def test_idle_and_surplus_import_streams_are_refused_and_store_nothing(self):
        d = Daemon(BINARY, extra_flags=["--stream_idle_timeout=1s", "--stream_max_duration=60s",
                                        "--max_streams_per_tenant=1"]).start()
        try:
            with d.client() as c:
                c.suppliers.CreateSupplier(supplier_service_pb2.CreateSupplierRequest(
                    supplier=supplier(), supplier_id="idle"))
                batch = signal_service_pb2.ImportSignalsRequest(signals=[fixture_signal(
                    "suppliers/idle", common_pb2.FACTOR_DNS_HEALTH, "spf_missing",
                    common_pb2.SEVERITY_LOW, "idle.example.jp")])
                release = threading.Event()

                def stalls():
                    yield batch
                    release.wait(20)  # silent far beyond the idle timeout
                    yield batch

                held = c.signals.ImportSignals.future(stalls(), timeout=30)
                time.sleep(0.3)
                # While the first stream is open the tenant may not open another.
                with self.assertRaises(grpc.RpcError) as raised:
                    c.signals.ImportSignals(iter([batch]), timeout=10)
                self.assertEqual(raised.exception.code(), grpc.StatusCode.RESOURCE_EXHAUSTED)
                with self.assertRaises(grpc.RpcError) as raised:
                    held.result(timeout=20)
                release.set()
                self.assertIn(raised.exception.code(), (grpc.StatusCode.CANCELLED,
                                                        grpc.StatusCode.DEADLINE_EXCEEDED))
                listed = c.signals.ListSignals(signal_service_pb2.ListSignalsRequest(
                    parent="suppliers/idle"))
                self.assertEqual(len(listed.signals), 0)
                # The stream's place is free again once it ended.
                c.signals.ImportSignals(iter([batch]), timeout=10)
            lines = [r for r in d.log_records() if r.get("method") == "SignalService/ImportSignals"]
            self.assertIn("DEADLINE_EXCEEDED", [r.get("code") for r in lines])
        finally:
            d.cleanup()

    def test_dev_token_file_readable_by_others_is_made_private(self):
        d = Daemon(BINARY, with_default_tokens=False)
        path = os.path.join(d.data_dir, "dev-admin.token")
        with open(path, "w") as f:
            f.write("srdev_preexisting\n")
        os.chmod(path, 0o644)
        try:
            d.start()
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
            with d.client(token="srdev_preexisting") as c:
                c.templates.ListTemplates(template_service_pb2.ListTemplatesRequest())
            self.assertNotIn("srdev_preexisting", "\n".join(d.lines))
        finally:
            d.stop()
            d.cleanup()

    def test_per_tenant_rate_limit(self):
        token = "srtest_rate"
        other = "srtest_other"
        config = ('tokens { sha256: "%s" principal { tenant: "busy" roles: ROLE_ADMIN } }\n'
                  'tokens { sha256: "%s" principal { tenant: "quiet" roles: ROLE_ADMIN } }\n'
                  "rate_limit_per_second: 1\nrate_limit_burst: 3\n"
                  % (sha256_hex(token), sha256_hex(other)))
        d = Daemon(BINARY, auth_config_text=config).start()
        try:
            codes = []
            with d.client(token=token) as c:
                for _ in range(5):
                    try:
                        c.templates.ListTemplates(template_service_pb2.ListTemplatesRequest())
                        codes.append(grpc.StatusCode.OK)
                    except grpc.RpcError as e:
                        codes.append(e.code())
                        last = e
            self.assertEqual(codes[:3], [grpc.StatusCode.OK] * 3)
            self.assertIn(grpc.StatusCode.RESOURCE_EXHAUSTED, codes[3:])
            status = supplyrisk_client.error_details(last)
            retry = error_details_pb2.RetryInfo()
            self.assertTrue(status.details[0].Unpack(retry))
            self.assertGreater(retry.retry_delay.seconds * 1e9 + retry.retry_delay.nanos, 0)
            # Another tenant is not slowed down.
            with d.client(token=other) as c:
                c.templates.ListTemplates(template_service_pb2.ListTemplatesRequest())
        finally:
            d.cleanup()

    def test_health_and_reflection(self):
        d = Daemon(BINARY).start()
        try:
            ch = d.raw_channel()
            check = ch.unary_unary("/grpc.health.v1.Health/Check",
                                   request_serializer=lambda b: b,
                                   response_deserializer=lambda b: b)
            # HealthCheckResponse{status: SERVING} is field 1 = 1.
            self.assertEqual(check(b"", timeout=5), b"\x08\x01")
            reflect = ch.stream_stream(
                "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                request_serializer=lambda b: b, response_deserializer=lambda b: b)
            # ServerReflectionRequest{list_services: ""} is field 7.
            replies = list(reflect(iter([b"\x3a\x00"]), timeout=5))
            self.assertIn(b"supplyrisk.v1.EngagementService", replies[0])
            self.assertIn(b"supplyrisk.v1.SupplierService", replies[0])
            ch.close()
        finally:
            d.cleanup()

    def test_precontract_example_runs(self):
        d = Daemon(BINARY, with_default_tokens=False).start()
        try:
            here = os.path.dirname(os.path.abspath(__file__))
            example = os.path.join(here, "..", "examples", "precontract_check.py")
            out = subprocess.run(
                ["/usr/bin/python3", example, "--target", d.address, "--token_file",
                 os.path.join(d.data_dir, "dev-admin.token")],
                capture_output=True, text=True, timeout=120, env=dict(os.environ))
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertIn("loaded 3 suppliers", out.stdout)
            self.assertIn("=> APPROVE", out.stdout)
            self.assertIn("=> REJECT", out.stdout)
            self.assertIn("reason ", out.stdout)
        finally:
            d.cleanup()

    def test_message_size_and_page_size_are_bounded(self):
        d = Daemon(BINARY, extra_flags=["--max_message_bytes=65536"]).start()
        try:
            with d.client("acme", "admin") as c:
                with self.assertRaises(grpc.RpcError) as raised:
                    c.suppliers.CreateSupplier(supplier_service_pb2.CreateSupplierRequest(
                        supplier={"display_name": {"en": "x" * 100000}}))
                self.assertEqual(raised.exception.code(), grpc.StatusCode.RESOURCE_EXHAUSTED)
                c.suppliers.BatchCreateSuppliers(supplier_service_pb2.BatchCreateSuppliersRequest(
                    requests=[{"supplier": {"display_name": {"en": "s%d" % i}},
                               "supplier_id": "s%04d" % i} for i in range(120)]))
                page = c.suppliers.ListSuppliers(
                    supplier_service_pb2.ListSuppliersRequest(page_size=100000))
                self.assertLessEqual(len(page.suppliers), 1000)
                default = c.suppliers.ListSuppliers(supplier_service_pb2.ListSuppliersRequest())
                self.assertEqual(len(default.suppliers), 100)
                self.assertTrue(default.next_page_token)
        finally:
            d.cleanup()

    def test_sigterm_drains_and_ends_streams(self):
        d = Daemon(BINARY).start()
        try:
            c = d.client("acme", "admin")
            c.suppliers.CreateSupplier(supplier_service_pb2.CreateSupplierRequest(
                supplier={"display_name": {"en": "Drain"}}, supplier_id="drain"))
            ended = threading.Event()
            outcome = {}

            def watch():
                try:
                    for _ in c.assessments.WatchAssessments(
                            assessment_service_pb2.WatchAssessmentsRequest(), timeout=60):
                        pass
                    outcome["code"] = grpc.StatusCode.OK
                except grpc.RpcError as e:
                    outcome["code"] = e.code()
                ended.set()

            threading.Thread(target=watch, daemon=True).start()
            time.sleep(0.5)
            start = time.time()
            self.assertEqual(d.stop(), 0)
            self.assertLess(time.time() - start, 10)
            self.assertTrue(ended.wait(10))
            events = [r.get("event") for r in d.log_records()]
            self.assertIn("draining", events)
            self.assertIn("stopped", events)
            c.close()
        finally:
            d.cleanup()


if __name__ == "__main__":
    unittest.main()
