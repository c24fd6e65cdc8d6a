"""Runs the Python test suites against a supplyriskd binary and prints `N passed, M failed`.

Usage: run_tests.py SUPPLYRISKD [STORE_DIGEST] [-k PATTERN]
"""

import argparse
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "tests"))
sys.path.insert(0, HERE)
# The scanners' loopback servers and their own checks.
sys.path.insert(0, os.path.join(HERE, "..", "scan", "testing"))

import test_atomic  # noqa: E402
import test_authz  # noqa: E402
import test_chain  # noqa: E402
import test_chain_api  # noqa: E402
import test_bad_input  # noqa: E402
import test_cli_manners  # noqa: E402
import test_daemon  # noqa: E402
import test_e2e  # noqa: E402
import test_identifiers  # noqa: E402
import test_mtls  # noqa: E402
import test_parity  # noqa: E402
import test_readme  # noqa: E402
import test_replay  # noqa: E402
import test_reports_api  # noqa: E402
import test_rescore  # noqa: E402
import test_scan  # noqa: E402
import test_standard_methods  # noqa: E402
import dns_probe_test  # noqa: E402
import local_dns_test  # noqa: E402

MODULES = [test_e2e, test_authz, test_bad_input, test_mtls, test_daemon, local_dns_test,
           dns_probe_test, test_scan, test_parity, test_cli_manners, test_replay,
           test_atomic, test_chain, test_chain_api, test_rescore, test_reports_api, test_identifiers,
           test_standard_methods, test_readme]


class CountingResult(unittest.TextTestResult):
    """Counts subtests as tests, so a suite of 100 bad inputs counts 100."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0
        self.failed = 0
        self._failed_ids = set()

    def addSubTest(self, test, subtest, outcome):
        super().addSubTest(test, subtest, outcome)
        if outcome is None:
            self.passed += 1
        else:
            self.failed += 1
            self._failed_ids.add(test.id())

    def addSuccess(self, test):
        super().addSuccess(test)
        if test.id() not in self._failed_ids:
            self.passed += 1

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.failed += 1

    def addError(self, test, err):
        super().addError(test, err)
        self.failed += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("supplyriskd")
    parser.add_argument("store_digest", nargs="?")
    parser.add_argument("-k", dest="pattern", default=None)
    args = parser.parse_args()
    binary = os.path.abspath(args.supplyriskd)
    digest = os.path.abspath(args.store_digest or
                             os.path.join(os.path.dirname(binary), "store_digest"))
    for module in MODULES:
        module.BINARY = binary
        if hasattr(module, "DIGEST_TOOL"):
            module.DIGEST_TOOL = digest
    loader = unittest.TestLoader()
    if args.pattern:
        loader.testNamePatterns = ["*%s*" % args.pattern]
    suite = unittest.TestSuite(loader.loadTestsFromModule(m) for m in MODULES)
    runner = unittest.TextTestRunner(resultclass=CountingResult, verbosity=2)
    result = runner.run(suite)
    print("%d passed, %d failed" % (result.passed, result.failed))
    return 0 if result.failed == 0 and result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
