#!/usr/bin/python3
"""Loads one sample supplier (profile, submitted answers, signals, engagement) into a running
supplyriskd through the API, and optionally copies of it, each assessed once; prints the
engagement's name and the sample supplier's name on one line, for bench/evaluate_engagement.sh.

Uses the loading steps of clients/python/examples/supplier_base_demo.py, so the benchmark scores
the same inputs the demo does. Copies give ListSuppliers a page of realistic rows: every copy has
the sample's profile, submitted answers, signals and one assessment.
"""

import argparse
import copy
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "clients", "python", "examples"))

import supplyrisk_client  # noqa: E402
import supplier_base_demo  # noqa: E402
from supplyrisk.v1 import assessment_service_pb2, supplier_service_pb2  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", required=True)
    parser.add_argument("--token_file", required=True)
    parser.add_argument("--cases_dir", default=os.path.join(here, "..", "testdata", "suppliers"))
    parser.add_argument("--supplier_id", default="saas-vendor-strong")
    parser.add_argument("--copies", type=int, default=0,
                        help="more suppliers like the sample, each assessed once (0..1000)")
    args = parser.parse_args()
    if not 0 <= args.copies <= 1000:
        raise SystemExit("--copies: 0..1000")
    base = supplier_base_demo.read_text(
        os.path.join(args.cases_dir, "supplier_base.textproto"),
        supplier_service_pb2.BatchCreateSuppliersRequest())
    requests = [r for r in base.requests if r.supplier_id == args.supplier_id]
    if not requests:
        raise SystemExit("no supplier %r in the sample base" % args.supplier_id)
    case_dir = os.path.join(args.cases_dir, args.supplier_id)
    token = open(args.token_file).read().strip()
    with supplyrisk_client.connect(args.target, token=token) as client:
        engagement = supplier_base_demo.load_case(client, case_dir, copy.deepcopy(requests[0]))
        for i in range(args.copies):
            request = copy.deepcopy(requests[0])
            request.supplier_id = "%s-copy-%04d" % (args.supplier_id, i)
            name = request.supplier.display_name
            name.ja, name.en = "%s (%d)" % (name.ja, i), "%s (copy %d)" % (name.en, i)
            # Identifiers name one company: copies carry none.
            request.supplier.ClearField("corporate_number")
            request.supplier.ClearField("lei")
            load_copy(client, case_dir, request)
    print(engagement.name, "suppliers/" + args.supplier_id)
    return 0


def load_copy(client, case_dir, request):
    """One more supplier with the sample's answers and signals, assessed once."""
    request.supplier.profile.CopyFrom(supplier_base_demo.read_text(
        os.path.join(case_dir, "profile.textproto"), supplier_base_demo.supplier_pb2.SupplierProfile()))
    request.request_id = supplyrisk_client.new_request_id()
    supplier = client.suppliers.CreateSupplier(request)
    pb = supplier_base_demo
    answered = pb.read_text(os.path.join(case_dir, "response.textproto"), pb.response_pb2.Response())
    response = client.responses.CreateResponse(pb.response_service_pb2.CreateResponseRequest(
        parent=supplier.name, template_id=answered.template_id,
        template_revision=answered.template_revision,
        request_id=supplyrisk_client.new_request_id()))
    response = pb.save_answers(client, response, list(answered.answers))
    client.responses.SubmitResponse(
        pb.response_service_pb2.SubmitResponseRequest(name=response.name, etag=response.etag))
    signals = pb.read_signals(os.path.join(case_dir, "signals.jsonl"))
    for s in signals:
        s.supplier = supplier.name
    if signals:
        client.signals.ImportSignals(iter([pb.signal_service_pb2.ImportSignalsRequest(
            signals=signals)]))
    client.assessments.AssessSupplier(
        assessment_service_pb2.AssessSupplierRequest(supplier=supplier.name))


if __name__ == "__main__":
    sys.exit(main())
