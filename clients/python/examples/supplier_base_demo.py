#!/usr/bin/python3
"""Loads the sample supplier base into a running supplyriskd and decides every engagement.

For each case folder under testdata/suppliers/ (its supplier from supplier_base.textproto, its
profile, questionnaire answers, scanner signals and engagement), the script does what a buyer's
systems do through the API: register the supplier, have it answer its questionnaire in two
parts and submit, stream in the scanner's findings, record the engagement, rescore the
supplier, and ask EvaluateEngagement whether the contract may go ahead. It prints each decision
with its reasons and conditions, writes every assessment as JSON under --reports_dir, and
finally verifies the tenant's audit chain.

    PYTHONPATH=bazel-bin/proto:bazel-bin/external/googleapis:clients/python \\
      /usr/bin/python3 clients/python/examples/supplier_base_demo.py \\
      --target 127.0.0.1:50051 --token_file var/supplyrisk/dev-admin.token
"""

import argparse
import collections
import json
import os
import re
import sys

import grpc
from google.protobuf import json_format, text_format

import supplyrisk_client
from supplyrisk.v1 import (
    assessment_pb2,
    assessment_service_pb2,
    audit_service_pb2,
    engagement_pb2,
    engagement_service_pb2,
    response_pb2,
    response_service_pb2,
    signal_pb2,
    signal_service_pb2,
    supplier_pb2,
    supplier_service_pb2,
)


def read_text(path, message):
    with open(path, encoding="utf-8") as f:
        return text_format.Parse(f.read(), message)


def read_signals(path):
    signals = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                signals.append(json_format.Parse(line, signal_pb2.Signal()))
            except json_format.ParseError as e:
                raise SystemExit("%s:%d: %s" % (path, number, e))
    return signals


def outcome_name(outcome):
    return assessment_pb2.DecisionOutcome.Name(outcome).replace("DECISION_OUTCOME_", "")


def create_or_get(create, get):
    """Runs `create`; when the resource is left over from an earlier run, returns `get()`."""
    try:
        return create()
    except grpc.RpcError as e:
        if e.code() != grpc.StatusCode.ALREADY_EXISTS:
            raise
        return get()


def save_answers(client, response, answers):
    """Saves answers; when the API refuses some, shows why and saves the others.

    The API checks every answer against the template (a "not applicable" where the question
    does not allow it, an unknown option) and lists each refused answer as a field violation.
    """
    try:
        return client.responses.SaveAnswers(response_service_pb2.SaveAnswersRequest(
            name=response.name, answers=answers, etag=response.etag))
    except grpc.RpcError as e:
        violations = supplyrisk_client.field_violations(e)
        refused = set()
        for field, _ in violations:
            match = re.match(r"answers\[(\d+)\]", field)
            if match:
                refused.add(int(match.group(1)))
        if e.code() != grpc.StatusCode.INVALID_ARGUMENT or not refused:
            raise
        for field, description in violations:
            index = int(re.match(r"answers\[(\d+)\]", field).group(1))
            print("  API refused answer to %s: %s: %s" % (
                answers[index].question_id, field, description))
        kept = [a for i, a in enumerate(answers) if i not in refused]
        return client.responses.SaveAnswers(response_service_pb2.SaveAnswersRequest(
            name=response.name, answers=kept, etag=response.etag))


def load_case(client, case_dir, request):
    """Registers one supplier with its answers, signals and engagement; returns the engagement."""
    request.supplier.profile.CopyFrom(
        read_text(os.path.join(case_dir, "profile.textproto"), supplier_pb2.SupplierProfile()))
    request.request_id = supplyrisk_client.new_request_id()
    supplier = create_or_get(
        lambda: client.suppliers.CreateSupplier(request),
        lambda: client.suppliers.GetSupplier(supplier_service_pb2.GetSupplierRequest(
            name="suppliers/" + request.supplier_id)))

    answered = read_text(os.path.join(case_dir, "response.textproto"), response_pb2.Response())
    response = client.responses.CreateResponse(response_service_pb2.CreateResponseRequest(
        parent=supplier.name, template_id=answered.template_id,
        template_revision=answered.template_revision,
        request_id=supplyrisk_client.new_request_id()))
    # Suppliers rarely answer in one sitting: save the answers in two parts, then submit.
    half = len(answered.answers) // 2
    for part in (list(answered.answers[:half]), list(answered.answers[half:])):
        response = save_answers(client, response, part)
    client.responses.SubmitResponse(
        response_service_pb2.SubmitResponseRequest(name=response.name, etag=response.etag))

    signals = read_signals(os.path.join(case_dir, "signals.jsonl"))
    if signals:
        client.signals.ImportSignals(
            iter([signal_service_pb2.ImportSignalsRequest(signals=signals)]))

    engagement = read_text(os.path.join(case_dir, "engagement.textproto"),
                           engagement_pb2.Engagement())
    engagement_id = engagement.name.split("/")[-1]
    engagement.name = ""
    return create_or_get(
        lambda: client.engagements.CreateEngagement(engagement_service_pb2.CreateEngagementRequest(
            engagement=engagement, engagement_id=engagement_id,
            request_id=supplyrisk_client.new_request_id())),
        lambda: client.engagements.GetEngagement(engagement_service_pb2.GetEngagementRequest(
            name="engagements/" + engagement_id)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", default="127.0.0.1:50051")
    parser.add_argument("--token_file", default="var/supplyrisk/dev-admin.token")
    parser.add_argument("--cases_dir", default="testdata/suppliers")
    parser.add_argument("--reports_dir", default="var/reports")
    parser.add_argument("--lang", default="en", choices=["ja", "en"],
                        help="language of the reasons, conditions and findings shown and written")
    args = parser.parse_args()

    base = read_text(os.path.join(args.cases_dir, "supplier_base.textproto"),
                     supplier_service_pb2.BatchCreateSuppliersRequest())
    os.makedirs(args.reports_dir, exist_ok=True)
    token = open(args.token_file).read().strip()
    outcomes = collections.Counter()
    with supplyrisk_client.connect(args.target, token=token) as client:
        for request in base.requests:
            case_dir = os.path.join(args.cases_dir, request.supplier_id)
            print("\n%s (%s)" % (request.supplier.display_name.ja,
                                 request.supplier.display_name.en))
            engagement = load_case(client, case_dir, request)
            # Rescore on everything just loaded, then decide the engagement on that assessment.
            client.assessments.AssessSupplier(assessment_service_pb2.AssessSupplierRequest(
                supplier=engagement.supplier, request_id=supplyrisk_client.new_request_id()))
            result = client.engagements.EvaluateEngagement(
                engagement_service_pb2.EvaluateEngagementRequest(
                    name=engagement.name, view=assessment_pb2.ASSESSMENT_VIEW_FULL,
                    language=args.lang),
                timeout=10)
            decision = result.decision
            outcomes[outcome_name(decision.outcome)] += 1
            print("  engagement: %s" % engagement.title)
            print("  => %s: grade %s, score %.1f, confidence %.2f, star %d required" % (
                outcome_name(decision.outcome), result.grade, result.overall_score,
                result.confidence, decision.required_star))
            for reason in decision.reasons:
                print("     reason %s: %s" % (reason.code, reason.text.en or reason.text.ja))
            for condition in decision.conditions:
                print("     condition, within %d days: %s" % (
                    condition.deadline_days,
                    condition.remediation.advice.en or condition.remediation.advice.ja))
            latest = client.assessments.GetLatestAssessment(
                assessment_service_pb2.GetLatestAssessmentRequest(
                    supplier=engagement.supplier, view=assessment_pb2.ASSESSMENT_VIEW_FULL,
                    language=args.lang))
            with open(os.path.join(args.reports_dir, request.supplier_id + ".json"), "w",
                      encoding="utf-8") as f:
                f.write(json_format.MessageToJson(latest, ensure_ascii=False, indent=2))
            # The supplier beside it, for the names `supplyrisk report` shows.
            supplier = type(request.supplier)()
            supplier.CopyFrom(request.supplier)
            supplier.name = engagement.supplier
            with open(os.path.join(args.reports_dir, request.supplier_id + ".supplier.json"), "w",
                      encoding="utf-8") as f:
                f.write(json_format.MessageToJson(supplier, ensure_ascii=False, indent=2))
        audit = client.audit.VerifyAuditLog(audit_service_pb2.VerifyAuditLogRequest())

    print("\n%d suppliers decided: %s" % (
        sum(outcomes.values()),
        ", ".join("%d %s" % (n, o) for o, n in sorted(outcomes.items()))))
    print("assessments written to %s/" % args.reports_dir)
    print("audit log: %s, %d entries checked, head %s" % (
        "verified" if audit.verified else "BROKEN at %d: %s" % (audit.first_bad_sequence,
                                                                audit.problem),
        audit.entries_checked, audit.head_hash[:16]))
    return 0 if audit.verified else 1


if __name__ == "__main__":
    sys.exit(main())
