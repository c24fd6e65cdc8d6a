#!/usr/bin/python3
"""Loads one sample supplier (profile, submitted answers, signals, engagement) into a running
supplyriskd through the API and prints the engagement's name, for bench/evaluate_engagement.sh.

Uses the loading steps of clients/python/examples/supplier_base_demo.py, so the benchmark scores
the same inputs the demo does.
"""

import argparse
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "clients", "python", "examples"))

import supplyrisk_client  # noqa: E402
import supplier_base_demo  # noqa: E402
from supplyrisk.v1 import supplier_service_pb2  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", required=True)
    parser.add_argument("--token_file", required=True)
    parser.add_argument("--cases_dir", default=os.path.join(here, "..", "testdata", "suppliers"))
    parser.add_argument("--supplier_id", default="saas-vendor-strong")
    args = parser.parse_args()
    base = supplier_base_demo.read_text(
        os.path.join(args.cases_dir, "supplier_base.textproto"),
        supplier_service_pb2.BatchCreateSuppliersRequest())
    requests = [r for r in base.requests if r.supplier_id == args.supplier_id]
    if not requests:
        raise SystemExit("no supplier %r in the sample base" % args.supplier_id)
    token = open(args.token_file).read().strip()
    with supplyrisk_client.connect(args.target, token=token) as client:
        engagement = supplier_base_demo.load_case(
            client, os.path.join(args.cases_dir, args.supplier_id), requests[0])
    print(engagement.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
