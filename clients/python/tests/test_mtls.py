"""Mutual TLS end to end with certificates made here by the openssl CLI: a client with a
certificate mapped in the auth config gets in; one without a certificate, or with one from
another CA, is refused."""

import os
import shutil
import subprocess
import tempfile
import unittest

import grpc

from harness import Daemon
from supplyrisk.v1 import supplier_service_pb2, template_service_pb2

BINARY = None


def openssl(*args, cwd):
    subprocess.run(["openssl"] + list(args), cwd=cwd, check=True, capture_output=True)


def make_ca(d, name):
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", name + ".key", "-out", name + ".pem", "-subj", "/CN=" + name, cwd=d)


def make_cert(d, name, ca, subject, ext):
    with open(os.path.join(d, name + ".ext"), "w") as f:
        f.write(ext)
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key",
            "-out", name + ".csr", "-subj", subject, cwd=d)
    openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
            "-CAcreateserial", "-days", "2", "-out", name + ".pem", "-extfile", name + ".ext",
            cwd=d)


def read(d, name):
    with open(os.path.join(d, name), "rb") as f:
        return f.read()


class MutualTlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="supplyrisk-mtls-")
        d = cls.dir
        make_ca(d, "ca")
        make_ca(d, "rogue-ca")
        make_cert(d, "server", "ca", "/CN=localhost",
                  "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
        make_cert(d, "erp", "ca", "/O=Buyer KK/CN=erp-client",
                  "extendedKeyUsage=clientAuth\n")
        make_cert(d, "unmapped", "ca", "/CN=someone-else", "extendedKeyUsage=clientAuth\n")
        make_cert(d, "rogue", "rogue-ca", "/CN=erp-client", "extendedKeyUsage=clientAuth\n")
        auth = ('certificates { identity: "erp-client" principal { tenant: "acme" '
                'roles: ROLE_PROCUREMENT label: "erp" } }\n')
        cls.daemon = Daemon(BINARY, auth_config_text=auth, extra_flags=[
            "--tls_cert=" + os.path.join(d, "server.pem"),
            "--tls_key=" + os.path.join(d, "server.key"),
            "--tls_client_ca=" + os.path.join(d, "ca.pem")]).start()
        cls.target = cls.daemon.address

    @classmethod
    def tearDownClass(cls):
        cls.daemon.cleanup()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def channel(self, cert=None):
        creds = grpc.ssl_channel_credentials(
            root_certificates=read(self.dir, "ca.pem"),
            private_key=read(self.dir, cert + ".key") if cert else None,
            certificate_chain=read(self.dir, cert + ".pem") if cert else None)
        return grpc.secure_channel(self.target, creds,
                                   options=[("grpc.ssl_target_name_override", "localhost")])

    def call(self, channel):
        stub = template_service_pb2_grpc_stub(channel)
        return stub.ListTemplates(template_service_pb2.ListTemplatesRequest(), timeout=10)

    def test_client_certificate_maps_to_tenant_and_role(self):
        with self.channel("erp") as ch:
            listed = self.call(ch)
            self.assertTrue(listed.templates)
            from supplyrisk.v1 import supplier_service_pb2_grpc
            stub = supplier_service_pb2_grpc.SupplierServiceStub(ch)
            created = stub.CreateSupplier(supplier_service_pb2.CreateSupplierRequest(
                supplier={"display_name": {"en": "Via mTLS"}}, supplier_id="via-mtls"))
            self.assertEqual(created.name, "suppliers/via-mtls")
            # procurement may not delete
            with self.assertRaises(grpc.RpcError) as raised:
                stub.DeleteSupplier(supplier_service_pb2.DeleteSupplierRequest(
                    name=created.name))
            self.assertEqual(raised.exception.code(), grpc.StatusCode.PERMISSION_DENIED)
        log = [r for r in self.daemon.log_records() if r.get("method") ==
               "SupplierService/CreateSupplier"]
        self.assertEqual(log[-1]["tenant"], "acme")
        self.assertEqual(log[-1]["principal"], "erp")

    def test_client_without_certificate_is_refused(self):
        with self.channel(None) as ch:
            with self.assertRaises(grpc.RpcError) as raised:
                self.call(ch)
            self.assertEqual(raised.exception.code(), grpc.StatusCode.UNAVAILABLE)

    def test_certificate_from_another_ca_is_refused(self):
        with self.channel("rogue") as ch:
            with self.assertRaises(grpc.RpcError) as raised:
                self.call(ch)
            self.assertEqual(raised.exception.code(), grpc.StatusCode.UNAVAILABLE)

    def test_unmapped_identity_is_unauthenticated(self):
        with self.channel("unmapped") as ch:
            with self.assertRaises(grpc.RpcError) as raised:
                self.call(ch)
            self.assertEqual(raised.exception.code(), grpc.StatusCode.UNAUTHENTICATED)

    def test_plaintext_client_is_refused(self):
        with grpc.insecure_channel(self.target) as ch:
            with self.assertRaises(grpc.RpcError) as raised:
                self.call(ch)
            self.assertEqual(raised.exception.code(), grpc.StatusCode.UNAVAILABLE)


def template_service_pb2_grpc_stub(channel):
    from supplyrisk.v1 import template_service_pb2_grpc
    return template_service_pb2_grpc.TemplateServiceStub(channel)


if __name__ == "__main__":
    unittest.main()
