"""Every command block of the top-level README runs as written: the blocks are run in order, in
one shell (a variable one block sets is used by the next), from the repository root, and each
command must succeed. Three blocks are run by other verbs, and are named here so that no new
block is left out unnoticed: the quick start (`./run.sh demo` is the demo, `./run.sh test` runs
this very suite), the Bazel test lines under Building (`./run.sh test` runs `bazel test //...`),
and the synthetic base generator, an optimised build that `./run.sh bench` makes and runs
through bench/rescore_base.sh."""

import os
import re
import subprocess
import unittest

BINARY = None  # set by run_tests.py; unused (the blocks build what they run)

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))

# The first command of each block another verb runs, and that verb.
RUN_ELSEWHERE = {
    "./run.sh demo": "./run.sh demo",
    "bazel test //...": "./run.sh test",
    "bazel build -c opt //bench:gen_supplier_base": "./run.sh bench",
}


def first_command(block):
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            return line
    return ""


class ReadmeTest(unittest.TestCase):
    def test_every_command_block_runs_as_written(self):
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            text = f.read()
        # Command blocks are fenced as sh; the others (the map of the tree) hold no commands.
        blocks = re.findall(r"^```sh\n(.*?)^```$", text, re.S | re.M)
        run, elsewhere = [], []
        for block in blocks:
            command = first_command(block)
            if command in RUN_ELSEWHERE:
                elsewhere.append(command)
            else:
                run.append(block)
        self.assertEqual(sorted(elsewhere), sorted(RUN_ELSEWHERE))
        self.assertGreaterEqual(len(run), 2)
        script = "set -eu -o pipefail\n" + "\n".join(run)
        done = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True,
                              timeout=900)
        self.assertEqual(done.returncode, 0, done.stderr[-3000:])
        # What the blocks say they write is there.
        for path in ("/tmp/sme-parts-maker.oscal.json", "/tmp/cpsf-supplier.xlsx",
                     "/tmp/imported.textproto", "/tmp/sme-parts-maker.decision.html",
                     "/tmp/sme-parts-maker.report.html"):
            self.assertTrue(os.path.getsize(path) > 0, path)


if __name__ == "__main__":
    unittest.main()
