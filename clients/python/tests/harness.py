"""Starts supplyriskd for tests: a free port, a temporary data dir, an auth config with a token
per role in two tenants, and the daemon's JSON log collected for inspection."""

import hashlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time

import grpc

import supplyrisk_client


def cli_path(daemon_binary):
    """The supplyrisk CLI built beside `daemon_binary` (bazel-bin/service/supplyriskd/...)."""
    bin_dir = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(daemon_binary))))
    path = os.path.join(bin_dir, "clients", "cli", "supplyrisk")
    if not os.access(path, os.X_OK):
        raise RuntimeError("%s is missing: bazel build //clients/cli:supplyrisk" % path)
    return path


def private_token_file(directory, token):
    """A token file only its owner may read, as the CLI requires."""
    path = os.path.join(directory, "token-%s" % secrets.token_hex(4))
    with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
        f.write(token + "\n")
    return path

ROLES = ["admin", "procurement", "auditor", "supplier", "scanner"]
TENANTS = ["acme", "globex"]
# The supplier a supplier-role token acts for, in each tenant.
OWN_SUPPLIER = "own-supplier"


def sha256_hex(text):
    return hashlib.sha256(text.encode()).hexdigest()


class Daemon:
    """A running supplyriskd. Tokens: self.tokens[(tenant, role)]; self.expired_token."""

    def __init__(self, binary, data_dir=None, auth_config_text=None, extra_flags=(),
                 with_default_tokens=True):
        self.binary = binary
        self.owns_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="supplyriskd-test-")
        self.tokens = {}
        self.expired_token = "srtest_" + secrets.token_hex(16)
        self.extra_flags = list(extra_flags)
        self.auth_path = None
        if with_default_tokens:
            self.auth_path = os.path.join(self.data_dir, "auth.textproto")
            with open(self.auth_path, "w") as f:
                f.write(auth_config_text if auth_config_text is not None
                        else self._default_auth_config())
        self.proc = None
        self.lines = []
        self.address = None

    def _default_auth_config(self):
        out = []
        for tenant in TENANTS:
            for role in ROLES:
                token = "srtest_" + secrets.token_hex(16)
                self.tokens[(tenant, role)] = token
                supplier = ' supplier: "suppliers/%s"' % OWN_SUPPLIER if role == "supplier" else ""
                out.append('tokens { sha256: "%s" principal { tenant: "%s" roles: ROLE_%s%s '
                           'label: "%s-%s" } }' % (sha256_hex(token), tenant, role.upper(),
                                                   supplier, tenant, role))
        out.append('tokens { sha256: "%s" principal { tenant: "acme" roles: ROLE_ADMIN '
                   'label: "expired" expire_time: "2020-01-01T00:00:00Z" } }'
                   % sha256_hex(self.expired_token))
        out.append("rate_limit_per_second: 100000\nrate_limit_burst: 100000")
        return "\n".join(out) + "\n"

    def start(self, timeout=30):
        args = [self.binary, "--listen=127.0.0.1:0", "--data_dir=" + self.data_dir]
        if self.auth_path:
            args.append("--auth_config=" + self.auth_path)
        args += self.extra_flags
        self.lines = []
        self.address = None
        self.proc = subprocess.Popen(args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
        ready = threading.Event()

        def pump():
            for raw in self.proc.stderr:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                self.lines.append(line)
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if record.get("event") == "listening":
                    self.address = record["address"]
                    ready.set()
            ready.set()

        threading.Thread(target=pump, daemon=True).start()
        if not ready.wait(timeout) or self.address is None:
            self.stop()
            raise RuntimeError("supplyriskd did not start:\n" + "\n".join(self.lines[-20:]))
        return self

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Stops the daemon; returns its exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self.proc = None
        time.sleep(0.05)
        return code

    def client(self, tenant="acme", role="admin", token=None, **kwargs):
        if token is None and (tenant, role) in self.tokens:
            token = self.tokens[(tenant, role)]
        return supplyrisk_client.connect(self.address, token=token, **kwargs)

    def raw_channel(self):
        return grpc.insecure_channel(self.address)

    def log_records(self):
        out = []
        for line in self.lines:
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
        return out

    def cleanup(self):
        self.stop()
        if self.owns_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)


def store_digest(tool, data_dir):
    """Digest of the stopped daemon's store (every key and value of every column family)."""
    out = subprocess.run([tool, "--db=" + os.path.join(data_dir, "db")], check=True,
                         capture_output=True, text=True)
    return out.stdout.strip()
