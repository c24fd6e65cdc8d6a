"""Command-line manners of the CLI and the server binaries: `--help` or `-h` on every verb and
binary prints usage on stdout and exits 0, `--version` prints one line and exits 0, and a usage
error exits 2 with the reason on stderr."""

import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

from harness import Daemon

BINARY = None
DIGEST_TOOL = None


def sibling(*parts):
    """A binary of the same bazel-bin as supplyriskd."""
    bin_dir = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(BINARY))))
    path = os.path.join(bin_dir, *parts)
    if not os.access(path, os.X_OK):
        raise RuntimeError("%s is missing: bazel build //%s" % (path, "/".join(parts[:-1])))
    return path


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60)


class CliMannersTest(unittest.TestCase):
    def test_every_verb_has_help(self):
        cli = sibling("clients", "cli", "supplyrisk")
        for args in (["--help"], ["-h"], ["help"], ["score", "--help"],
                     ["score", "--response", "r.textproto", "-h"], ["template", "--help"],
                     ["template", "lint", "--help"], ["template", "coverage", "x", "-h"],
                     ["template", "diff", "--help"], ["scan", "--help"],
                     ["scan", "example.jp", "-h"], ["chain", "--help"],
                     ["chain", "suppliers/x", "-h"], ["questionnaire", "--help"],
                     ["questionnaire", "export", "cpsf-supplier", "-h"],
                     ["questionnaire", "import", "x.xlsx", "--help"], ["rescore", "--help"],
                     ["report", "--help"], ["report", "a.json", "-h"], ["suppliers", "--help"]):
            with self.subTest(args=args):
                done = run(cli, *args)
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertIn("usage: supplyrisk", done.stdout + done.stderr)

    def test_versions(self):
        done = run(sibling("clients", "cli", "supplyrisk"), "--version")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertRegex(done.stdout, r"^supplyrisk engine-\d+ \(API supplyrisk\.v1\)\n$")
        for binary in (BINARY, DIGEST_TOOL):
            if binary is None:
                continue
            with self.subTest(binary=binary):
                done = run(binary, "--version")
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertRegex(done.stdout, r"^\S+ engine-\d+ \(API supplyrisk\.v1\)\n$")
                done = run(binary, "--help")
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertTrue(done.stdout.startswith("usage: "), done.stdout)

    def test_python_readme_example_runs_as_written(self):
        readme = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "README.md")
        with open(readme, encoding="utf-8") as f:
            blocks = re.findall(r"```python\n(.*?)```", f.read(), re.S)
        self.assertTrue(blocks)
        d = Daemon(BINARY, with_default_tokens=False).start()
        try:
            env = dict(os.environ, SUPPLYRISK_TARGET=d.address,
                       SUPPLYRISK_TOKEN_FILE=os.path.join(d.data_dir, "dev-admin.token"))
            for block in blocks:
                done = subprocess.run([sys.executable, "-c", block], env=env, capture_output=True,
                                      text=True, timeout=60)
                self.assertEqual(done.returncode, 0, done.stderr)
                # No engagement exists yet: the example shows how a refusal reads.
                self.assertIn("NOT_FOUND", done.stdout)
        finally:
            d.cleanup()

    def test_results_print_as_json_on_request(self):
        cli = sibling("clients", "cli", "supplyrisk")
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
        data = os.path.join(root, "testdata")
        for args, check in (
                (["template", "lint", "--format", "json",
                  os.path.join(data, "templates", "invalid", "bad_answer_token.textproto")],
                 lambda d: d and all({"file", "line", "field", "message", "severity"} <= set(x)
                                     for x in d)),
                (["template", "diff", "--format", "json",
                  os.path.join(data, "questionnaire", "diff_old.textproto"),
                  os.path.join(data, "questionnaire", "diff_new.textproto")],
                 lambda d: d["new"]["revision"] == 2 and d["question_changes"]),
                (["template", "coverage", "--format", "json",
                  os.path.join(data, "templates", "cpsf-supplier.textproto")],
                 lambda d: bool(d))):
            with self.subTest(args=args[:2]):
                done = run(cli, *args)
                self.assertIn(done.returncode, (0, 1), done.stderr)
                self.assertTrue(check(json.loads(done.stdout)), done.stdout[:300])

    def test_score_text_leads_with_the_decision_and_names_things(self):
        cli = sibling("clients", "cli", "supplyrisk")
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
        case = os.path.join(root, "testdata", "suppliers", "sme-parts-maker")
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "supplier.textproto")
            with open(path, "w", encoding="utf-8") as f:
                f.write('name: "suppliers/sme-parts-maker" '
                        'display_name { ja: "水野部品製作所株式会社" en: "Mizuno Parts" }\n')
            done = run(cli, "score", "--response", os.path.join(case, "response.textproto"),
                       "--supplier", path, "--engagement",
                       os.path.join(case, "engagement.textproto"), "--as_of", "2026-11-01",
                       "--lang", "ja")
        self.assertEqual(done.returncode, 0, done.stderr)
        lines = done.stdout.splitlines()
        self.assertIn("水野部品製作所株式会社 (suppliers/sme-parts-maker)", lines[0])
        self.assertTrue(lines[3].startswith("DECISION REJECT  (engagement "), lines[3])
        self.assertIn("(engagements/sme-parts-maker-1)", lines[3])

    def test_usage_errors_exit_2_with_the_reason(self):
        cli = sibling("clients", "cli", "supplyrisk")
        for args, reason in ((["nope"], "unknown verb 'nope'"),
                             (["template", "frobnicate"], "unknown verb 'frobnicate'"),
                             (["score", "--format"], "--format"),
                             (["questionnaire", "export", "cpsf-supplier", "--format", "pdf",
                               "-o", "x"], "--format must be xlsx or csv"),
                             (["questionnaire", "frobnicate"], "unknown verb 'frobnicate'")):
            with self.subTest(args=args):
                done = run(cli, *args)
                self.assertEqual(done.returncode, 2, done.stdout)
                self.assertIn(reason, done.stderr)


if __name__ == "__main__":
    unittest.main()
